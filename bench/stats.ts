/** Latency samples and their summary: the only statistics the benchmark reports. */

export interface Summary {
  /** Number of samples. */
  n: number;
  p50: number;
  p95: number;
  mean: number;
  max: number;
}

/**
 * The nearest-rank percentile of `samples` (which it does not reorder); NaN when there are none.
 *
 * @example
 * percentile([5, 1, 3, 2, 4], 50) //=> 3
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * p50, p95, mean and max of `samples`.
 *
 * @example
 * summarize([1, 2, 3, 4]).p50 //=> 2
 */
export function summarize(samples: readonly number[]): Summary {
  const n = samples.length;
  const mean = n ? samples.reduce((a, b) => a + b, 0) / n : Number.NaN;
  return { n, p50: percentile(samples, 50), p95: percentile(samples, 95), mean, max: n ? Math.max(...samples) : Number.NaN };
}

/** How many times to run one measured call, bounded in count and in time. */
export interface RepeatOptions {
  /** Unmeasured calls first (JIT, caches a user would also have warm). */
  warmup: number;
  /** Measured calls wanted. */
  reps: number;
  /** Stop measuring once this many milliseconds went by, after at least `minReps` calls. */
  budgetMs: number;
  minReps: number;
}

/**
 * Times `fn` (milliseconds per call) under the bounds of `opts`; returns the samples and the last result.
 *
 * @example
 * timeCalls(() => 1 + 1, { warmup: 1, reps: 5, budgetMs: 100, minReps: 3 }).samples.length //=> 5
 */
export function timeCalls<T>(fn: () => T, opts: RepeatOptions): { samples: number[]; result: T } {
  let result = fn();
  for (let i = 1; i < opts.warmup; i++) result = fn();
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < opts.reps; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
    if (samples.length >= opts.minReps && performance.now() - start > opts.budgetMs) break;
  }
  return { samples, result };
}

/** The async twin of `timeCalls`. */
export async function timeCallsAsync<T>(fn: () => Promise<T>, opts: RepeatOptions): Promise<{ samples: number[]; result: T }> {
  let result = await fn();
  for (let i = 1; i < opts.warmup; i++) result = await fn();
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < opts.reps; i++) {
    const t0 = performance.now();
    result = await fn();
    samples.push(performance.now() - t0);
    if (samples.length >= opts.minReps && performance.now() - start > opts.budgetMs) break;
  }
  return { samples, result };
}
