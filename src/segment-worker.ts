/**
 * Segmentation in child processes, to use every core when building a big index. nodejieba is a native addon that
 * does not work in worker threads, hence processes. Run as a script, this file is the child: it answers each
 * `{ id, norms }` message with `{ id, tokens }` (each paragraph's tokens space-joined, see `segmentMany`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadSegmenter, segmentMany } from './segment.js';

/** One unit of work: the normalised paragraphs of one document. */
export interface SegmentJob {
  norms: readonly string[];
  /**
   * Where the segmenting process writes the result as well, as a JSON array of each paragraph's tokens space-joined
   * (through a temporary file and a rename): the build's segmentation cache, written off the building process.
   */
  cacheFile?: string;
}

interface Request {
  id: number;
  norms: readonly string[];
  cacheFile?: string;
}
interface Reply {
  id: number;
  tokens?: string[];
  error?: string;
}

const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * The child's Node flags: the tsx loader when this is the TypeScript file (run through tsx, as by the CLI and the
 * tests), none when it is the compiled `dist/segment-worker.js` (`npm start`).
 */
function childExecArgv(): string[] {
  return THIS_FILE.endsWith('.ts') ? ['--import', tsxLoader()] : [];
}

/** The tsx loader, so the child can run this TypeScript file as the parent does. */
function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href;
}

/** How {@link segmentInWorkers} shares the work and reports it. */
export interface SegmentOptions {
  /** Called after each job, with the number done so far. */
  onDone?: (done: number) => void;
  /** Called with each job's tokens as soon as they are known (jobs finish in about, not exactly, their order). */
  onResult?: (id: number, tokens: string[][]) => void;
  /**
   * Called with each job's paragraphs as their tokens space-joined, as the children send them: for a caller that
   * has no use for the tokens one by one (the index builder), saving the split.
   */
  onJoined?: (id: number, joined: string[]) => void;
  /**
   * Whether this process segments too (default true). When false, `workers` child processes (at least one) do all
   * of it and this process stays free for other work between their answers (the build indexes meanwhile).
   */
  inProcess?: boolean;
  /**
   * Children started earlier with {@link startSegmenters} (they load jieba's dictionary meanwhile), used instead of
   * forking new ones; `workers` is then their number. They are stopped when the call ends, as forked ones are.
   */
  children?: ChildProcess[];
}

/**
 * Starts `n` segmentation child processes now, for a {@link segmentInWorkers} call to come: each loads jieba's
 * dictionary as it starts (about a second), so a build starts them before it reads the reports. Stop them with
 * {@link stopSegmenters} if they end up unused.
 */
export function startSegmenters(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => forkChild());
}

/** Stops children from {@link startSegmenters} (they exit once disconnected). */
export function stopSegmenters(children: readonly ChildProcess[]): void {
  for (const c of children) if (c.connected) c.disconnect();
}

function forkChild(): ChildProcess {
  const child = fork(THIS_FILE, [], { execArgv: childExecArgv(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // A child that failed to start reports it when first used; nothing to do before that.
  child.on('error', () => {});
  return child;
}

/** Jobs each child has in hand at once, so that it never waits for this process to hand it the next one. */
const JOBS_IN_HAND = 2;

/**
 * Segments the jobs on `workers` cores: this process takes jobs too, and `workers - 1` child processes take the
 * others, each handed the next job when it is free. A child starts in about a second (tsx when run from src/,
 * jieba's dictionary), during which this process is already segmenting.
 *
 * @returns for each job, each paragraph's base tokens
 */
export async function segmentInWorkers(
  jobs: readonly SegmentJob[],
  workers: number,
  opts: SegmentOptions | ((done: number) => void) = {},
): Promise<string[][][]> {
  const { onDone, onResult, onJoined, inProcess = true, children: started } = typeof opts === 'function' ? { onDone: opts } : opts;
  // Split only for a caller that wants the tokens (the results or onResult).
  const keep = onJoined === undefined || onResult !== undefined;
  const results: string[][][] = new Array(jobs.length);
  if (jobs.length === 0) {
    if (started) stopSegmenters(started);
    return results;
  }
  const children: ChildProcess[] = [];
  let next = 0;
  let done = 0;
  let failure: Error | null = null;
  const finished = (id: number, joined: string[] | null): void => {
    done++;
    if (joined) onJoined?.(id, joined);
    if (keep) onResult?.(id, results[id]!);
    onDone?.(done);
  };
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  const feed = (child: ChildProcess): void => {
    if (next >= jobs.length || failure) return;
    const id = next++;
    child.send({ id, norms: jobs[id]!.norms, cacheFile: jobs[id]!.cacheFile } satisfies Request);
  };
  const childCount = started ? started.length : Math.min(inProcess ? workers - 1 : Math.max(1, workers), jobs.length);
  try {
    for (let w = 0; w < childCount; w++) {
      const child = started?.[w] ?? forkChild();
      children.push(child);
      if (!child.connected || child.exitCode !== null) {
        failure = new Error(`segment worker ${child.pid ?? '?'} is not running`);
        break;
      }
      child.on('message', (m: Reply) => {
        if (m.error !== undefined || !m.tokens) {
          failure = new Error(`segment worker: job ${m.id} failed: ${m.error ?? 'no tokens'}`);
        } else {
          if (keep) results[m.id] = m.tokens.map((t) => (t.length === 0 ? [] : t.split(' ')));
          feed(child);
          finished(m.id, m.tokens);
        }
        poke();
      });
      child.on('error', (e) => {
        failure = e;
        poke();
      });
      child.on('exit', (code) => {
        if (done < jobs.length && !failure) failure = new Error(`segment worker ${child.pid} exited with code ${code} before finishing`);
        poke();
      });
      for (let k = 0; k < JOBS_IN_HAND; k++) feed(child);
    }
    // This process works through the queue too, yielding between jobs so the children get their next ones.
    while (inProcess && next < jobs.length && !failure) {
      const id = next++;
      const job = jobs[id]!;
      results[id] = segmentMany(job.norms);
      const joined = onJoined || job.cacheFile ? results[id].map((t) => t.join(' ')) : null;
      if (job.cacheFile) writeJoined(job.cacheFile, joined!);
      finished(id, joined);
      await new Promise<void>((r) => setImmediate(r));
    }
    while (done < jobs.length && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  } finally {
    stopSegmenters(started ?? children);
  }
  return results;
}

/**
 * Writes a document's segmentation as the build's cache holds it (each paragraph's tokens space-joined, a JSON array)
 * through a temporary file and a rename; a failure to write only loses the cache entry.
 */
export function writeJoined(file: string, joined: readonly string[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(joined));
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

function serve(): void {
  loadSegmenter();
  process.on('message', (m: Request) => {
    try {
      const tokens = segmentMany(m.norms).map((t) => t.join(' '));
      if (m.cacheFile) writeJoined(m.cacheFile, tokens);
      process.send!({ id: m.id, tokens } satisfies Reply);
    } catch (e) {
      process.send!({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send && process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) serve();
