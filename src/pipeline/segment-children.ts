/**
 * Segmentation in child processes, to use every core when building a big index. nodejieba is a native addon that
 * does not work in worker threads, hence processes. The child is `segment-child.ts`, run compiled
 * (`dist/pipeline/segment-child.js`): it answers each `{ id, norms }` message with `{ id, tokens }` (each paragraph's
 * tokens space-joined, see `segmentMany`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { compiledModule } from '../core/paths.js';
import { segmentMany } from '../text/segment.js';
import { writeJoined } from './segcache.js';

/** One unit of work: the normalised paragraphs of one document. */
export interface SegmentJob {
  norms: readonly string[];
  /**
   * Where the segmenting process writes the result as well, as a JSON array of each paragraph's tokens space-joined
   * (through a temporary file and a rename): the build's segmentation cache, written off the building process.
   */
  cacheFile?: string;
}

/** What the parent sends a child. */
export interface SegmentRequest {
  id: number;
  norms: readonly string[];
  cacheFile?: string;
}

/** What a child answers. */
export interface SegmentReply {
  id: number;
  tokens?: string[];
  error?: string;
}

/** The child's module, compiled: child processes run plain Node. */
const CHILD = compiledModule('pipeline/segment-child.js');

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
  // Plain Node: none of this process's own flags (a test runner's or `-e`'s) apply to the child.
  const child = fork(CHILD, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // A child that failed to start reports it when first used; nothing to do before that.
  child.on('error', () => {});
  return child;
}

/** Jobs each child has in hand at once, so that it never waits for this process to hand it the next one. */
const JOBS_IN_HAND = 2;

/**
 * Segments the jobs on `workers` cores: this process takes jobs too, and `workers - 1` child processes take the
 * others, each handed the next job when it is free. A child starts in about a second (jieba's dictionary), during
 * which this process is already segmenting.
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
    child.send({ id, norms: jobs[id]!.norms, cacheFile: jobs[id]!.cacheFile } satisfies SegmentRequest);
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
      child.on('message', (m: SegmentReply) => {
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

/** A queue of documents for segmentation children, taking jobs as they come (see {@link segmentQueue}). */
export interface SegmentQueue {
  /** Queues a job and hands it to a child with room for it; returns its id (0, 1, … in the order pushed). */
  push(job: SegmentJob): number;
  /** Jobs pushed so far. */
  readonly pushed: number;
  /** Resolves once every job pushed has its answer; rejects with the first failure of a child. */
  drain(): Promise<void>;
}

/**
 * Segments jobs pushed one at a time on `children` (started with {@link startSegmenters}), each child holding a few
 * at once: a build pushes each report as soon as it is read, so the children segment while this process reads the
 * next files, and then indexes while they finish. Answers come through `onJoined`, in about the order pushed. The
 * caller stops the children.
 */
export function segmentQueue(
  children: readonly ChildProcess[],
  opts: { onJoined: (id: number, joined: string[]) => void; onDone?: (done: number, pushed: number) => void },
): SegmentQueue {
  const jobs: (SegmentJob | null)[] = [];
  const inHand = new Map<ChildProcess, number>();
  let next = 0;
  let done = 0;
  let draining = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  const feed = (child: ChildProcess): void => {
    while (!failure && next < jobs.length && (inHand.get(child) ?? 0) < JOBS_IN_HAND) {
      const id = next++;
      const job = jobs[id]!;
      // The job's texts are the caller's; the queue keeps no reference once the child has them.
      jobs[id] = null;
      inHand.set(child, (inHand.get(child) ?? 0) + 1);
      child.send({ id, norms: job.norms, cacheFile: job.cacheFile } satisfies SegmentRequest);
    }
  };
  for (const child of children) {
    if (!child.connected || child.exitCode !== null) failure ??= new Error(`segment worker ${child.pid ?? '?'} is not running`);
    child.on('message', (m: SegmentReply) => {
      inHand.set(child, (inHand.get(child) ?? 1) - 1);
      if (m.error !== undefined || !m.tokens) {
        failure ??= new Error(`segment worker: job ${m.id} failed: ${m.error ?? 'no tokens'}`);
      } else {
        done++;
        opts.onJoined(m.id, m.tokens);
        opts.onDone?.(done, jobs.length);
        feed(child);
      }
      poke();
    });
    child.on('error', (e) => {
      failure ??= e;
      poke();
    });
    child.on('exit', (code) => {
      if (!(draining && done === jobs.length)) failure ??= new Error(`segment worker ${child.pid} exited with code ${code} before finishing`);
      poke();
    });
  }
  return {
    push(job) {
      jobs.push(job);
      // The child with the fewest jobs in hand first.
      for (const child of [...children].sort((a, b) => (inHand.get(a) ?? 0) - (inHand.get(b) ?? 0))) feed(child);
      return jobs.length - 1;
    },
    get pushed() {
      return jobs.length;
    },
    async drain() {
      draining = true;
      while (done < jobs.length && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
    },
  };
}
