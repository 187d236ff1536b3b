/**
 * The full build: every report ingested, segmented (from the cache where unchanged) and indexed into a new
 * generation.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import { AppError } from '../core/errors.js';
import { catalogEntries, ingestDir } from '../ingest/index.js';
import { CorpusIndexBuilder } from '../index/corpus.js';
import { SearchEngine } from '../search/engine.js';
import { fingerprintSeeds, type SeedEntry } from '../store/fingerprint.js';
import { currentManifest, saveGeneration, tidy } from '../store/generations.js';
import { norm } from '../text/normalize.js';
import { segmentMany } from '../text/segment.js';
import { startRun, type BuildOptions, type BuildResult } from './options.js';
import { cacheFile, cacheKey, keepOnly, readJoined, segcacheDir, writeJoined } from './segcache.js';
import { segmentQueue, startSegmenters, stopSegmenters, type SegmentQueue } from './segment-children.js';
import { logWarnings } from './warnings.js';

/**
 * A full build of `opts.seeds` into `opts.out` (the caller holds the build lock): ingest every report, segment
 * what the cache lacks (in child processes for a big corpus, while this one indexes), index, save a generation.
 */
export async function buildLocked(opts: BuildOptions & { fingerprint?: SeedEntry[] }): Promise<BuildResult> {
  // Segmentation children the build starts; stopped however it ends (each holds jieba's 200 MB dictionary).
  const children: ChildProcess[] = [];
  try {
    return await buildWith(opts, children);
  } finally {
    stopSegmenters(children);
  }
}

async function buildWith(opts: BuildOptions & { fingerprint?: SeedEntry[] }, children: ChildProcess[]): Promise<BuildResult> {
  const run = startRun(opts);
  const seeds = opts.fingerprint ?? fingerprintSeeds(opts.seeds);

  // Segmentation children load jieba's dictionary (about a second) while this process reads the reports, when the
  // build looks big enough to want them: seed files over the threshold (about 3 bytes of UTF-8 a character) and a
  // segmentation cache that does not cover most reports (a rebuild after a small change segments little).
  const cacheDir = segcacheDir(opts.out);
  const workers = opts.workers ?? Math.min(2, os.availableParallelism());
  const threshold = opts.parallelThreshold ?? 3_000_000;
  const seedBytes = seeds.reduce((s, e) => s + e.size, 0);
  const cachedFiles = await fsp.readdir(cacheDir).then((f) => f.length, () => 0);
  if (workers > 1 && seedBytes / 3 >= threshold && cachedFiles < seeds.length / 2) children.push(...startSegmenters(workers));
  await fsp.mkdir(cacheDir, { recursive: true });

  // Each report's normalised paragraphs and cache key, as ingestion gives the reports; with children started, each
  // report the cache lacks is handed to them at once, so they segment while this process reads the next files.
  const docNorms: string[][] = [];
  const keys: string[] = [];
  // Each report's tokens once segmented, by key, until indexed; and the key of each job handed to the children.
  const fresh = new Map<string, string[]>();
  const jobKeys: string[] = [];
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  let ingesting = true;
  let queue: SegmentQueue | null = null;
  const startQueue = (): SegmentQueue =>
    segmentQueue(children, {
      onJoined: (id, joined) => {
        fresh.set(jobKeys[id]!, joined);
        poke();
      },
      // The progress bar shows one phase at a time: segmentation is reported once the ingest phase has ended.
      onDone: (done, pushed) => {
        if (!ingesting) run.progress('segment', done, pushed);
      },
    });
  if (children.length > 0) queue = startQueue();
  const sent = new Set<string>();
  const send = (key: string, norms: string[]): void => {
    sent.add(key);
    jobKeys.push(key);
    queue!.push({ norms, cacheFile: cacheFile(cacheDir, key) });
  };
  const onDoc = (doc: { paragraphs: readonly { text: string }[] }): void => {
    const norms = doc.paragraphs.map((p) => norm(p.text));
    const key = cacheKey(norms);
    docNorms.push(norms);
    keys.push(key);
    // An entry present in the cache is read (and verified) after the ingest; one that does not verify is sent then.
    if (queue && !sent.has(key) && !fs.existsSync(cacheFile(cacheDir, key))) send(key, norms);
  };
  const { docs, warnings, catalog } = await run.step('ingest', () => ingestDir(opts.seeds, { onDoc }));
  ingesting = false;
  if (docNorms.length !== docs.length) throw new Error(`index: ingestion reported ${docNorms.length} of ${docs.length} documents`);
  if (docs.length === 0) {
    // An unmounted volume looks like an empty seeds folder: never let it replace an index that holds reports.
    const before = currentManifest(opts.out);
    if (before && before.stats.docs > 0) {
      throw new AppError(
        `the seeds folder ${opts.seeds} holds no report to index${warnings.length > 0 ? ` (${warnings.filter((w) => w.skipped).length} skipped)` : ''}; ` +
          `keeping the index of ${before.stats.docs} documents (delete ${opts.out} to start from an empty one)`,
        { code: 'empty_seeds' },
      );
    }
    warnings.push({ file: opts.seeds, reason: `the seeds folder ${opts.seeds} holds no report to index`, skipped: false });
  }

  // Segmentation: from the cache where the document is unchanged; the rest here or in child processes.
  // Each paragraph's tokens space-joined, as cached: the builder counts them without splitting.
  const tokens: (string[] | null)[] = await Promise.all(keys.map((k, i) => (sent.has(k) ? null : readJoined(cacheFile(cacheDir, k), docNorms[i]!.length))));
  // Identical documents (same key) are segmented once.
  const todo = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!tokens[i] && !todo.has(k) && !sent.has(k)) todo.set(k, i);
  });
  const todoIdx = [...todo.values()];
  const todoChars = todoIdx.reduce((s, i) => s + docNorms[i]!.reduce((a, n) => a + n.length, 0), 0);
  // Children already started have loaded jieba's dictionary while the reports were read: they segment whatever
  // is left, however little; otherwise they are started only for a corpus worth their start.
  const parallel = sent.size > 0 || (workers > 1 && (children.length > 0 ? todoIdx.length > 0 : todoChars >= threshold));
  if (!parallel) {
    stopSegmenters(children);
    children.length = 0;
  } else if (children.length === 0) {
    children.push(...startSegmenters(workers));
    queue = startQueue();
  }
  const segmented = sent.size + todoIdx.length;
  run.progress('segment', parallel ? fresh.size : 0, segmented);
  const builder = new CorpusIndexBuilder(docs, docNorms.flat());
  // Documents go into the index in corpus order, each once it and every one before it have their tokens.
  let nextDoc = 0;
  const cached = tokens.filter((t) => t !== null).length;
  // Where each segmentation is last needed: dropped after that, so that it dies young.
  const lastUse = new Map(keys.map((k, i) => [k, i]));
  const addNext = (): boolean => {
    const t = nextDoc < docs.length ? (tokens[nextDoc] ?? fresh.get(keys[nextDoc]!)) : undefined;
    if (!t) return false;
    builder.addJoined(t);
    tokens[nextDoc] = null;
    if (lastUse.get(keys[nextDoc]!) === nextDoc) fresh.delete(keys[nextDoc]!);
    nextDoc++;
    return true;
  };
  if (parallel) {
    // `workers` child processes segment while this one builds the mention lists and counts the postings of what
    // they have segmented (bench/README.md has what one or two children give). The children write the
    // segmentation cache too.
    for (const i of todoIdx) send(keys[i]!, docNorms[i]!);
    let settled = false;
    const segmenting = queue!.drain().finally(() => {
      settled = true;
      stopSegmenters(children);
      poke();
    });
    segmenting.catch(() => {});
    // Time for the mention lists while the first answers come.
    builder.buildMentions();
    while (!settled) {
      if (addNext()) await new Promise<void>((r) => setImmediate(r));
      else await new Promise<void>((r) => (wake = r));
    }
    await segmenting;
  } else {
    for (const [j, i] of todoIdx.entries()) {
      const joined = segmentMany(docNorms[i]!).map((t) => t.join(' '));
      fresh.set(keys[i]!, joined);
      writeJoined(cacheFile(cacheDir, keys[i]!), joined);
      run.progress('segment', j + 1, todoIdx.length);
      // A server rebuilding in the background keeps answering between documents.
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  run.lap('segment');

  const index = await run.step('index', () => {
    while (addNext());
    return builder.finish();
  });

  await run.step('save', async () => {
    const gen = await saveGeneration(opts.out, index, seeds, warnings, catalogEntries(catalog, docs.map((d) => d.meta.file)));
    await tidy(opts.out, gen);
    await keepOnly(cacheDir, keys);
  });

  logWarnings(run.log, warnings);
  const ms = run.summary(`index: built ${docs.length} documents, ${index.paragraphs.length} paragraphs`,
    `${segmented} segmented${parallel ? ` in ${children.length} child process${children.length > 1 ? 'es' : ''} while this one indexed` : ''}, ${cached} from the cache, ` +
    `${docs.length - cached - segmented} identical to another`);
  return {
    engine: new SearchEngine(index), docs: docs.length, paragraphs: index.paragraphs.length, warnings, ms, phases: run.phases, segmented,
  };
}
