/**
 * What a build is told and what it reports: its options and result, and one run's progress, phase timings and
 * closing summary, shared by the full and the incremental build.
 */
import type { IngestWarning } from '../core/types.js';
import type { SearchEngine } from '../search/engine.js';

/** What a progress bar shows: the phase, and how far along it is. */
export interface BuildProgress {
  phase: 'ingest' | 'segment' | 'index' | 'save';
  done: number;
  total: number;
}

export type Phase = BuildProgress['phase'];

export interface BuildOptions {
  seeds: string;
  out: string;
  onProgress?: (p: BuildProgress) => void;
  log?: (line: string) => void;
  /**
   * Child processes that segment while this one indexes, for a corpus over `parallelThreshold` characters to
   * segment; 1 segments in this process. Default: the number of cores, at most 2.
   */
  workers?: number;
  /** Start child processes only when this many characters are not cached; default 3,000,000 (about 9 MB). */
  parallelThreshold?: number;
}

export interface BuildResult {
  engine: SearchEngine;
  docs: number;
  paragraphs: number;
  warnings: IngestWarning[];
  ms: number;
  /** Milliseconds per phase, for the benchmark. */
  phases: Record<BuildProgress['phase'], number>;
  /** Documents segmented in this build (the others came from the cache or were identical to another). */
  segmented: number;
}

/** Like a build's options, with `index` for the directory the build writes to (`out`). */
export interface OpenOptions extends Pick<BuildOptions, 'seeds' | 'log' | 'onProgress'> {
  index: string;
  /**
   * When the index must be rebuilt and the rebuild fails (a full disk, an empty seeds folder, a missing one), serve
   * the last good index, sound but stale, saying why (default true). False throws instead: a server already serving
   * that index keeps it.
   */
  serveStale?: boolean;
}

export interface OpenResult {
  engine: SearchEngine;
  rebuilt: boolean;
  /** Why it was rebuilt, e.g. `stale: seed added: 005_x.txt`. */
  reason?: string;
  /** Why the index served is stale (the last good one, served because the rebuild failed); absent when current. */
  stale?: string;
  /** The warnings of the build that made the index served, and the entries the seeds folder skips now. */
  warnings: IngestWarning[];
}

/** One build as it runs: its log, its progress reports and the time each phase took. */
export interface BuildRun {
  log: (line: string) => void;
  progress: (phase: Phase, done: number, total: number) => void;
  /** Runs a one-step phase, reported as 0 of 1 then 1 of 1, and times it. */
  step<T>(phase: Phase, work: () => Promise<T> | T): Promise<T>;
  /** Ends `phase` now: it started when the previous phase ended. */
  lap(phase: Phase): void;
  /** Milliseconds per phase so far. */
  phases: Record<Phase, number>;
  /** Logs `what in N ms: details (phase times)` and returns N, the milliseconds since the run started. */
  summary(what: string, details: string): number;
}

const defaultLog = (line: string): void => console.log(line);

/** Starts timing a build that reports to `opts.log` and `opts.onProgress`. */
export function startRun(opts: Pick<BuildOptions, 'log' | 'onProgress'>): BuildRun {
  const t0 = performance.now();
  const log = opts.log ?? defaultLog;
  const report = opts.onProgress ?? (() => {});
  const phases: Record<Phase, number> = { ingest: 0, segment: 0, index: 0, save: 0 };
  let mark = t0;
  const lap = (phase: Phase): void => {
    const now = performance.now();
    phases[phase] = Math.round(now - mark);
    mark = now;
  };
  const progress = (phase: Phase, done: number, total: number): void => report({ phase, done, total });
  return {
    log,
    progress,
    lap,
    phases,
    step: async (phase, work) => {
      progress(phase, 0, 1);
      const out = await work();
      progress(phase, 1, 1);
      lap(phase);
      return out;
    },
    summary: (what, details) => {
      const ms = Math.round(performance.now() - t0);
      log(`${what} in ${ms} ms: ${details} (${Object.entries(phases).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
      return ms;
    },
  };
}
