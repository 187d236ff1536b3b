/**
 * Child: opens a built index as the server does, reports heap and RSS after load, then times, in this one process,
 * exact mentions and ranked search through the engine against the brute-force scan of the normalised paragraphs,
 * and checks that both find the same mentions. With `--dump FILE` it also writes the paragraph texts for the peers.
 */
import fs from 'node:fs';
import { parseScanQuery, scanMentions, scanSearch } from '../brute.js';
import { loadNorm, loadStore } from '../project.js';
import { MENTIONS_LIMIT, PLAIN, SYNTAX } from '../queries.js';
import { summarize, timeCalls, type RepeatOptions } from '../stats.js';
import type { MentionRow, SearchRow } from '../results.js';
import { finish, flags, logCollector, required, settledMemory } from './common.js';

const f = flags();
const reps = Number(f.get('reps') ?? 15);
const repeat: RepeatOptions = { warmup: 2, reps, budgetMs: Number(f.get('budget') ?? 3000), minReps: Math.min(3, reps) };
const full = f.get('full') === 'true';

const store = await loadStore();
const norm = await loadNorm();
const logs = logCollector();
// Memory at three points: the runtime with the project's modules, plus the loaded index, plus jieba's dictionary
// (loaded by the first query that needs segmenting): where the server's RSS goes.
const baseline = settledMemory();
const t0 = performance.now();
const { engine, rebuilt, reason } = await store.openIndex({ seeds: required(f, 'seeds'), index: required(f, 'index'), log: logs.log });
const loadMs = performance.now() - t0;
const memory = settledMemory();
engine.search({ q: '盛乐国际机场 航线' });
const warm = settledMemory();

// The brute-force side: every paragraph's text, normalised once (not timed, as grep's input is a file already).
const texts: string[] = [];
for (const meta of engine.docs()) {
  for (const p of engine.doc(meta.id)?.paragraphs ?? []) texts.push(p.text);
}
const textBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const normalised = texts.map(norm);
const dump = f.get('dump');
if (dump) fs.writeFileSync(dump, JSON.stringify(texts));

// Every document counts, those marked duplicateOf another too: the scan reads every paragraph, and exactness is
// the index's, whatever the default filter leaves out.
const mentionRows: MentionRow[] = [];
const pooled = { engine: [] as number[], brute: [] as number[], engineFull: [] as number[] };
for (const q of PLAIN) {
  const e = timeCalls(() => engine.mentions({ q, limit: MENTIONS_LIMIT, includeDuplicates: true }), repeat);
  const b = timeCalls(() => scanMentions(normalised, q, norm), repeat);
  pooled.engine.push(...e.samples);
  pooled.brute.push(...b.samples);
  const row: MentionRow = {
    q,
    engine: summarize(e.samples),
    brute: summarize(b.samples),
    totalParagraphs: e.result.totalParagraphs,
    totalOccurrences: e.result.totalOccurrences,
    bruteParagraphs: b.result.paragraphs,
    bruteOccurrences: b.result.occurrences,
  };
  if (full) {
    const all = timeCalls(() => engine.mentions({ q, includeDuplicates: true }), { ...repeat, reps: Math.max(3, Math.ceil(reps / 3)) });
    pooled.engineFull.push(...all.samples);
    row.engineFull = summarize(all.samples);
  }
  mentionRows.push(row);
}

const searchRows: SearchRow[] = [];
const searchPooled = { plain: [] as number[], syntax: [] as number[], brutePlain: [] as number[], bruteSyntax: [] as number[] };
for (const [set, queries] of [['plain', PLAIN], ['syntax', SYNTAX]] as const) {
  for (const q of queries) {
    const e = timeCalls(() => engine.search({ q }), repeat);
    const parsed = parseScanQuery(q, norm);
    const b = timeCalls(() => scanSearch(normalised, parsed), repeat);
    searchPooled[set].push(...e.samples);
    (set === 'plain' ? searchPooled.brutePlain : searchPooled.bruteSyntax).push(...b.samples);
    searchRows.push({
      q,
      set,
      engine: summarize(e.samples),
      brute: summarize(b.samples),
      total: e.result.total,
      notice: e.result.notice !== undefined,
      bruteHits: b.result,
    });
  }
}

const mismatches = mentionRows
  .filter((r) => r.totalParagraphs !== r.bruteParagraphs || r.totalOccurrences !== r.bruteOccurrences)
  .map((r) => ({ q: r.q, engine: [r.totalParagraphs, r.totalOccurrences], brute: [r.bruteParagraphs, r.bruteOccurrences] }));

finish(f, {
  loadMs,
  rebuilt,
  reason: reason ?? null,
  log: logs.lines(),
  memory,
  memoryBaseline: baseline,
  memoryWarm: warm,
  stats: engine.stats(),
  paragraphBytes: textBytes,
  mentions: {
    limit: MENTIONS_LIMIT,
    engine: summarize(pooled.engine),
    brute: summarize(pooled.brute),
    engineFull: full ? summarize(pooled.engineFull) : null,
    rows: mentionRows,
    mismatches,
  },
  search: {
    plain: summarize(searchPooled.plain),
    syntax: summarize(searchPooled.syntax),
    brutePlain: summarize(searchPooled.brutePlain),
    bruteSyntax: summarize(searchPooled.bruteSyntax),
    rows: searchRows,
  },
});
