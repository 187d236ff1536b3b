/**
 * Judged relevance: nDCG@10 and P@5 of the project's ranked search against two plain peers, on the queries of
 * `queries.json` (each with a written information need) graded in `judgments.tsv` by the rubric of `rubric.md`.
 *
 *   npx tsx bench/relevance/run.ts --corpus DIR [--work DIR] [--pool DIR] [--json FILE]
 *
 * DIR is a real-world corpus folder (bench/realworld.md); the seeds are added to it. `--pool DIR` writes, for every
 * query, the union of the three systems' top 10 that is not yet judged, shuffled and without system names, for blind
 * grading (pool-N.json files); grades go back into judgments.tsv. `npm run bench -- --corpus DIR` runs this too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openRelevanceCorpus, type RelevanceCorpus } from './corpus.js';
import { parseJudgments, scoreList, type Judgments, type QueryScore } from './metrics.js';
import { execFileSync } from 'node:child_process';
import { projectSystem, type RankSystem } from './systems.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const K = 10;

export interface Query {
  id: string;
  kind: string;
  q: string;
  need: string;
}

export interface RelevanceReport {
  corpusBytes: number;
  paragraphs: number;
  queries: number;
  judged: number;
  systems: { name: string; ndcg: number; p5: number; unjudged: number }[];
  perQuery: { id: string; q: string; scores: Record<string, QueryScore>; lists: Record<string, string[]> }[];
}

export function loadQueries(): Query[] {
  return JSON.parse(fs.readFileSync(path.join(HERE, 'queries.json'), 'utf8')) as Query[];
}

export function loadJudgments(): Judgments {
  const f = path.join(HERE, 'judgments.tsv');
  return fs.existsSync(f) ? parseJudgments(fs.readFileSync(f, 'utf8')) : new Map();
}

async function runSystems(corpus: RelevanceCorpus, systems: RankSystem[], queries: Query[]) {
  const lists: Record<string, Record<string, string[]>> = {};
  for (const q of queries) {
    lists[q.id] = {};
    for (const s of systems) {
      const locs = await s.top(q.q, K);
      lists[q.id]![s.name] = locs.map((l) => corpus.byLocation.get(l)?.key ?? `missing:${l}`);
    }
  }
  return lists;
}

/** The peers' answers, computed once in a child process (peers-child.ts) and served from memory. */
function peersInChild(corpus: RelevanceCorpus, queries: Query[], work: string): RankSystem[] {
  const input = path.join(work, 'peers-in.json');
  const output = path.join(work, 'peers-out.json');
  fs.writeFileSync(input, JSON.stringify({ texts: corpus.paragraphs.map((cp) => cp.p.text), queries: queries.map((q) => q.q), k: K }));
  execFileSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'peers-child.ts'), input, output], { stdio: 'inherit' });
  const answers = JSON.parse(fs.readFileSync(output, 'utf8')) as Record<string, Record<string, number[]>>;
  return Object.entries(answers).map(([name, byQuery]) => ({
    name,
    top: async (q: string, k: number) => (byQuery[q] ?? []).slice(0, k).map((i) => `${corpus.paragraphs[i]!.doc.id}#${corpus.paragraphs[i]!.p.n}`),
  }));
}

function writePool(dir: string, corpus: RelevanceCorpus, queries: Query[], lists: Record<string, Record<string, string[]>>, judged: Judgments, batches: number): number {
  fs.mkdirSync(dir, { recursive: true });
  const byKey = new Map(corpus.paragraphs.map((cp) => [cp.key, cp]));
  const items = queries.map((q) => {
    const keys = new Set(Object.values(lists[q.id]!).flat());
    const todo = [...keys].filter((k) => !judged.get(q.id)?.has(k) && byKey.has(k));
    todo.sort((a, b) => hash(q.id + a).localeCompare(hash(q.id + b)));
    return {
      qid: q.id,
      query: q.q,
      need: q.need,
      paragraphs: todo.map((key) => {
        const cp = byKey.get(key)!;
        const where = [cp.p.chapter, cp.p.section].filter(Boolean).join(' › ');
        return { key, report: `${cp.doc.title}（${cp.doc.city ?? '地区不详'}，${cp.doc.year ?? '年份不详'}）`, where, text: cp.p.text };
      }),
    };
  });
  let n = 0;
  for (let b = 0; b < batches; b++) {
    const part = items.filter((_, i) => i % batches === b);
    n += part.reduce((s, it) => s + it.paragraphs.length, 0);
    fs.writeFileSync(path.join(dir, `pool-${b + 1}.json`), JSON.stringify(part, null, 1));
  }
  return n;
}

function hash(s: string): string {
  return crypto.createHash('md5').update(s).digest('hex');
}

export async function runRelevance(opts: { corpus: string; seeds: string; work: string; pool?: string; batches?: number; log?: (m: string) => void }): Promise<RelevanceReport> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const corpus = await openRelevanceCorpus(opts.corpus, opts.seeds, opts.work, () => {});
  log(`relevance: ${corpus.paragraphs.length} paragraphs, ${(corpus.bytes / 1e6).toFixed(1)} MB of source files`);
  const queries = loadQueries();
  const systems = [projectSystem(corpus.engine), ...peersInChild(corpus, queries, opts.work)];
  const judged = loadJudgments();
  const lists = await runSystems(corpus, systems, queries);
  if (opts.pool) {
    const n = writePool(opts.pool, corpus, queries, lists, judged, opts.batches ?? 3);
    log(`relevance: ${n} unjudged pooled paragraphs written to ${opts.pool}`);
  }
  const perQuery = queries.map((q) => {
    const scores: Record<string, QueryScore> = {};
    for (const s of systems) scores[s.name] = scoreList(lists[q.id]![s.name]!, judged.get(q.id), K);
    return { id: q.id, q: q.q, scores, lists: lists[q.id]! };
  });
  const mean = (name: string, f: (s: QueryScore) => number): number => perQuery.reduce((s, r) => s + f(r.scores[name]!), 0) / perQuery.length;
  return {
    corpusBytes: corpus.bytes,
    paragraphs: corpus.paragraphs.length,
    queries: queries.length,
    judged: [...judged.values()].reduce((s, m) => s + m.size, 0),
    systems: systems.map((s) => ({
      name: s.name,
      ndcg: mean(s.name, (x) => x.ndcg),
      p5: mean(s.name, (x) => x.p5),
      unjudged: perQuery.reduce((n, r) => n + r.scores[s.name]!.unjudged, 0),
    })),
    perQuery,
  };
}

export function renderRelevance(r: RelevanceReport): string {
  const lines = [
    `Judged relevance: ${r.queries} queries, ${r.judged} judgments, ${r.paragraphs} paragraphs (${(r.corpusBytes / 1e6).toFixed(1)} MB)`,
    '',
    '| system | nDCG@10 | P@5 | unjudged in top 10 |',
    '|---|---:|---:|---:|',
    ...r.systems.map((s) => `| ${s.name} | ${s.ndcg.toFixed(3)} | ${s.p5.toFixed(3)} | ${s.unjudged} |`),
  ];
  const [project, ...peers] = r.systems.map((s) => s.name);
  const best = (row: RelevanceReport['perQuery'][number]): number => Math.max(...peers.map((p) => row.scores[p]!.ndcg));
  const worst = [...r.perQuery].sort((a, b) => a.scores[project!]!.ndcg - best(a) - (b.scores[project!]!.ndcg - best(b))).slice(0, 5);
  lines.push('', 'Worst five queries against the best peer:', '', '| query | project | best peer | Δ |', '|---|---:|---:|---:|');
  for (const w of worst) {
    const d = w.scores[project!]!.ndcg - best(w);
    lines.push(`| ${w.id} ${w.q} | ${w.scores[project!]!.ndcg.toFixed(3)} | ${best(w).toFixed(3)} | ${d.toFixed(3)} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      seeds: { type: 'string', default: path.join(HERE, '..', '..', 'seeds') },
      work: { type: 'string', default: path.join(os.tmpdir(), 'policy-search-relevance') },
      pool: { type: 'string' },
      batches: { type: 'string', default: '3' },
      json: { type: 'string' },
    },
  });
  if (!values.corpus) {
    console.error('usage: npx tsx bench/relevance/run.ts --corpus DIR [--work DIR] [--pool DIR] [--json FILE]');
    process.exit(2);
  }
  const report = await runRelevance({ corpus: values.corpus, seeds: values.seeds!, work: values.work!, pool: values.pool, batches: Number(values.batches) });
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(report, null, 1));
  console.log(renderRelevance(report));
  process.exit(0);
}
