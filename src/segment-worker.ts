/**
 * Segmentation in child processes, to use every core when building a big index. nodejieba is a native addon that
 * does not work in worker threads, hence processes. Run as a script, this file is the child: it answers each
 * `{ id, norms }` message with `{ id, tokens }` (each paragraph's tokens space-joined, see `segmentMany`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadSegmenter, segmentMany } from './segment.js';

/** One unit of work: the normalised paragraphs of one document. */
export interface SegmentJob {
  norms: readonly string[];
}

interface Request {
  id: number;
  norms: readonly string[];
}
interface Reply {
  id: number;
  tokens?: string[];
  error?: string;
}

const THIS_FILE = fileURLToPath(import.meta.url);

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
   * Whether this process segments too (default true). When false, `workers` child processes (at least one) do all
   * of it and this process stays free for other work between their answers (the build indexes meanwhile).
   */
  inProcess?: boolean;
}

/** Jobs each child has in hand at once, so that it never waits for this process to hand it the next one. */
const JOBS_IN_HAND = 2;

/**
 * Segments the jobs on `workers` cores: this process takes jobs too, and `workers - 1` child processes take the
 * others, each handed the next job when it is free. A child starts in about a second (tsx, jieba's dictionary),
 * during which this process is already segmenting.
 *
 * @returns for each job, each paragraph's base tokens
 */
export async function segmentInWorkers(
  jobs: readonly SegmentJob[],
  workers: number,
  opts: SegmentOptions | ((done: number) => void) = {},
): Promise<string[][][]> {
  const { onDone, onResult, inProcess = true } = typeof opts === 'function' ? { onDone: opts } : opts;
  const results: string[][][] = new Array(jobs.length);
  if (jobs.length === 0) return results;
  const children: ChildProcess[] = [];
  let next = 0;
  let done = 0;
  let failure: Error | null = null;
  const finished = (id: number): void => {
    done++;
    onResult?.(id, results[id]!);
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
    child.send({ id, norms: jobs[id]!.norms } satisfies Request);
  };
  const childCount = Math.min(inProcess ? workers - 1 : Math.max(1, workers), jobs.length);
  try {
    for (let w = 0; w < childCount; w++) {
      const child = fork(THIS_FILE, [], { execArgv: ['--import', tsxLoader()], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      children.push(child);
      child.on('message', (m: Reply) => {
        if (m.error !== undefined || !m.tokens) {
          failure = new Error(`segment worker: job ${m.id} failed: ${m.error ?? 'no tokens'}`);
        } else {
          results[m.id] = m.tokens.map((t) => (t.length === 0 ? [] : t.split(' ')));
          feed(child);
          finished(m.id);
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
      results[id] = segmentMany(jobs[id]!.norms);
      finished(id);
      await new Promise<void>((r) => setImmediate(r));
    }
    while (done < jobs.length && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
  }
  return results;
}

function serve(): void {
  loadSegmenter();
  process.on('message', (m: Request) => {
    try {
      const tokens = segmentMany(m.norms).map((t) => t.join(' '));
      process.send!({ id: m.id, tokens } satisfies Reply);
    } catch (e) {
      process.send!({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send && process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) serve();
