/**
 * The OpenSearch part of the benchmark: `npm run bench -- --backend opensearch [--opensearch URL] [--ks 100,1000]
 * [--engine-ks 100] [--reps N] [--keep]`.
 *
 * For each scale K, the seed reports repeated K times (ids `<id>_k<copy>`) are loaded into the cluster (build
 * throughput: megabytes of paragraph text per second, ingest excluded, jieba in this process included), then a child
 * process opens the backend as `npm start` does and times exact mentions and ranked search per query (p50/p95 over
 * all timed calls), and reports its RSS: what serving from the cluster costs the Node process. At the scales of
 * `--engine-ks`, another child builds the in-process engine over the same corpus and times the same queries, for
 * comparison. The cluster must be running (`npm run opensearch:start`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { IngestedDoc, MentionParams, SearchParams } from '../src/core/types.js';
import { ingestDir } from '../src/ingest/index.js';
import { OpenSearchBackend } from '../src/opensearch/backend.js';
import { connect } from '../src/opensearch/cluster.js';
import { loadCorpus } from '../src/opensearch/load.js';
import { syncCluster } from '../src/opensearch/update.js';
import type { SearchBackend } from '../src/search/backend.js';
import { createEngine } from '../src/search/engine.js';
import { ROOT, RESULTS } from './paths.js';
import { MENTIONS_LIMIT, PLAIN, SYNTAX } from './queries.js';
import { summarize, timeCallsAsync, type Summary } from './stats.js';

interface ServeFigures {
  rssMB: number;
  heapMB: number;
  mentions: Summary;
  rankedPlain: Summary;
  rankedSyntax: Summary;
  /** Exactness: mention totals per query, to compare across backends. */
  totals: Record<string, number>;
}

interface ScaleFigures {
  k: number;
  paragraphs: number;
  textMB: number;
  buildS: number;
  buildMBps: number;
  storeMB: number;
  opensearch: ServeFigures;
  engine?: ServeFigures;
  engineBuildS?: number;
  /** One report (a copy of the largest seed) written into the live index, then taken out again: seconds each. */
  addS?: number;
  removeS?: number;
}

const log = (s: string): void => void process.stderr.write(`[bench:opensearch] ${s}\n`);

/** The seeds repeated k times, as the OpenSearch tests build them. */
function repeatDocs(docs: readonly IngestedDoc[], k: number): IngestedDoc[] {
  const out: IngestedDoc[] = [];
  for (let c = 0; c < k; c++) {
    for (const d of docs) out.push({ meta: { ...d.meta, id: `${d.meta.id}_k${c}`, duplicateOf: null }, paragraphs: d.paragraphs });
  }
  return out;
}

/** Times the queries on a backend (in a child: its RSS is the figure). */
async function timeBackend(backend: SearchBackend, reps: number): Promise<ServeFigures> {
  const opts = { warmup: 1, reps, budgetMs: 5_000, minReps: 3 };
  const mentions: number[] = [];
  const totals: Record<string, number> = {};
  for (const q of PLAIN) {
    const params: MentionParams = { q, limit: MENTIONS_LIMIT };
    const r = await timeCallsAsync(async () => backend.mentions(params), opts);
    mentions.push(...r.samples);
    totals[q] = r.result.totalOccurrences;
  }
  const ranked = async (qs: readonly string[]): Promise<number[]> => {
    const out: number[] = [];
    for (const q of qs) {
      const params: SearchParams = { q, page: 1, size: 20 };
      out.push(...(await timeCallsAsync(async () => backend.search(params), opts)).samples);
    }
    return out;
  };
  const rankedPlain = await ranked(PLAIN);
  const rankedSyntax = await ranked(SYNTAX);
  globalThis.gc?.();
  const mem = process.memoryUsage();
  return {
    rssMB: mem.rss / 2 ** 20, heapMB: mem.heapUsed / 2 ** 20,
    mentions: summarize(mentions), rankedPlain: summarize(rankedPlain), rankedSyntax: summarize(rankedSyntax), totals,
  };
}

/** The child: `--child opensearch|engine`, prints its figures as JSON on stdout. */
async function child(values: Record<string, string | boolean | undefined>): Promise<void> {
  const reps = Number(values.reps ?? 10);
  let backend: SearchBackend;
  let buildS: number | undefined;
  if (values.child === 'opensearch') {
    backend = await OpenSearchBackend.open(connect(String(values.opensearch)), String(values.name));
  } else {
    const docs = repeatDocs((await ingestDir(String(values.seeds))).docs, Number(values.k));
    const t0 = performance.now();
    backend = createEngine(docs).warm();
    buildS = (performance.now() - t0) / 1000;
  }
  const figures = await timeBackend(backend, reps);
  await (backend as { close?: () => Promise<void> }).close?.();
  process.stdout.write(JSON.stringify({ ...figures, buildS }));
}

function runChild(args: string[], env: NodeJS.ProcessEnv = {}): ServeFigures & { buildS?: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/opensearch.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20,
  });
  return JSON.parse(out.toString()) as ServeFigures & { buildS?: number };
}

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);

function renderTable(url: string, scales: ScaleFigures[]): string {
  const rows = [
    '| K | paragraphs | text MB | build into the cluster | store (with replicas) | mentions p50 / p95 | ranked plain p50 / p95 | ranked syntax p50 / p95 | Node RSS |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of scales) {
    const o = s.opensearch;
    rows.push(`| ${s.k} | ${s.paragraphs} | ${f1(s.textMB)} | ${f1(s.buildS)} s, ${f2(s.buildMBps)} MB/s | ${f1(s.storeMB)} MB | ${f1(o.mentions.p50)} / ${f1(o.mentions.p95)} ms | ${f1(o.rankedPlain.p50)} / ${f1(o.rankedPlain.p95)} ms | ${f1(o.rankedSyntax.p50)} / ${f1(o.rankedSyntax.p95)} ms | ${f1(o.rssMB)} MB |`);
    if (s.engine) {
      const e = s.engine;
      rows.push(`| ${s.k} in-process | | | ${f1(s.engineBuildS ?? NaN)} s in memory | | ${f2(e.mentions.p50)} / ${f2(e.mentions.p95)} ms | ${f1(e.rankedPlain.p50)} / ${f1(e.rankedPlain.p95)} ms | ${f1(e.rankedSyntax.p50)} / ${f1(e.rankedSyntax.p95)} ms | ${f1(e.rssMB)} MB |`);
    }
  }
  const inc = scales.filter((s) => s.addS !== undefined).map((s) => `K=${s.k}: one report added into the live index in ${f1(s.addS!)} s, removed in ${f1(s.removeS!)} s.`);
  return [`OpenSearch backend at ${url} (npm run bench -- --backend opensearch)`, '', ...rows, '', ...inc].join('\n');
}

/** Runs the OpenSearch benchmark (`bench/run.ts` hands over when `--backend opensearch` is given). */
export async function runOpenSearchBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      backend: { type: 'string' }, opensearch: { type: 'string' }, ks: { type: 'string' }, k: { type: 'string' },
      'engine-ks': { type: 'string' }, reps: { type: 'string' }, keep: { type: 'boolean' }, seeds: { type: 'string' },
      child: { type: 'string' }, name: { type: 'string' },
    },
    strict: true,
  });
  if (values.child) return child(values);
  const url = values.opensearch ?? 'http://127.0.0.1:9200,http://127.0.0.1:9201,http://127.0.0.1:9202';
  const ks = (values.ks ?? values.k ?? '100').split(',').map(Number);
  const engineKs = new Set((values['engine-ks'] ?? '100').split(',').filter((s) => s !== '').map(Number));
  const seeds = path.resolve(values.seeds ?? path.join(ROOT, 'seeds'));
  const reps = values.reps ?? '10';
  const seedDocs = (await ingestDir(seeds)).docs;
  const client = connect(url);
  const scales: ScaleFigures[] = [];
  for (const k of ks) {
    const name = `bench-k${k}`;
    const docs = repeatDocs(seedDocs, k);
    const paragraphs = docs.reduce((n, d) => n + d.paragraphs.length, 0);
    const textMB = docs.reduce((n, d) => n + d.paragraphs.reduce((m, p) => m + Buffer.byteLength(p.text), 0), 0) / 2 ** 20;
    log(`K=${k}: loading ${paragraphs} paragraphs (${f1(textMB)} MB)`);
    let last = 0;
    const r = await loadCorpus(client, docs, {
      name,
      onProgress: (done, total) => {
        if (done - last >= total / 10) {
          last = done;
          log(`K=${k}: ${done} of ${total} sent`);
        }
      },
    });
    const stats = (await client.indices.stats({ index: r.index, metric: 'store' })).body as { _all: { total: { store: { size_in_bytes: number } } } };
    const buildS = r.ms / 1000;
    log(`K=${k}: built in ${f1(buildS)} s; timing the queries`);
    const opensearch = runChild(['--child', 'opensearch', '--opensearch', url, '--name', name, '--reps', reps]);
    const s: ScaleFigures = { k, paragraphs, textMB, buildS, buildMBps: textMB / buildS, storeMB: stats._all.total.store.size_in_bytes / 2 ** 20, opensearch };
    if (engineKs.has(k)) {
      log(`K=${k}: the in-process engine over the same corpus`);
      const { buildS: engineBuildS, ...engine } = runChild(['--child', 'engine', '--seeds', seeds, '--k', String(k), '--reps', reps], { SEARCH_TERM_CACHE: '0' });
      s.engine = engine;
      s.engineBuildS = engineBuildS;
      for (const [q, n] of Object.entries(engine.totals)) {
        if (opensearch.totals[q] !== n) log(`K=${k}: MISMATCH: ${q}: OpenSearch ${opensearch.totals[q]}, in-process ${n}`);
      }
    }
    // The incremental path: one report more, then one fewer, written in place (syncCluster against the manifest).
    const big = seedDocs.reduce((a, b) => (b.paragraphs.length > a.paragraphs.length ? b : a));
    const added = [...docs, { meta: { ...big.meta, id: `${big.meta.id}_added`, duplicateOf: null }, paragraphs: big.paragraphs }];
    const add = await syncCluster(client, added, { name });
    const remove = await syncCluster(client, docs, { name });
    if (add.mode !== 'incremental' || remove.mode !== 'incremental') log(`K=${k}: NOT INCREMENTAL: ${add.mode} ${add.reason ?? ''} / ${remove.mode}`);
    s.addS = add.ms / 1000;
    s.removeS = remove.ms / 1000;
    log(`K=${k}: one report of ${big.paragraphs.length} paragraphs added in place in ${f1(s.addS)} s, removed in ${f1(s.removeS)} s`);
    scales.push(s);
    if (!values.keep) await client.indices.delete({ index: `${name}-*` }).catch(() => undefined);
  }
  await client.close();
  const md = renderTable(url, scales);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'opensearch-latest.md'), md + '\n');
  fs.writeFileSync(path.join(RESULTS, 'opensearch-latest.json'), JSON.stringify(scales, null, 1));
  console.log(md);
}

// Run as a child (`--child`): this file is its entry point.
if (process.argv.includes('--child')) {
  runOpenSearchBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exitCode = 1;
  });
}
