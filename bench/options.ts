/** The benchmark's command line: `npm run bench [-- --k 100 --quick …]`. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS, ROOT } from './paths.js';

export interface BenchOptions {
  /** The main scale: targets are judged here, peers and the add-one-report check run here. */
  k: number;
  /** Every scale measured, for the chart (always includes 1 and k). */
  ks: number[];
  quick: boolean;
  /** Timed runs per query (in-process and HTTP). */
  reps: number;
  connections: number;
  durationS: number;
  seeds: string;
  out: string;
  keep: boolean;
  varyYear: boolean;
  /** Byte-identical copies (no marker line), which the build's content-keyed cache segments once. */
  identical: boolean;
  verbose: boolean;
  /** CPU-profile the build, load and reopen children (bench/results/profiles/). */
  profile: boolean;
  /** Parts to leave out: peers, throughput, incremental, formats, refs, identical, minisearch. */
  skip: Set<string>;
  /** A real-world corpus folder measured as a row of its own beside the seeds ×K (`--corpus DIR`), or null. */
  corpus: string | null;
  /** The scale curve goes on to K = 1,000 (270 MB). */
  big: boolean;
}

/** What `--skip` may leave out. */
const SKIPPABLE = ['peers', 'throughput', 'incremental', 'formats', 'refs', 'identical', 'minisearch', 'relevance'];

export const USAGE = `npm run bench [-- options]
  --k N            main scale: the seeds repeated N times (default 100; 5 with --quick)
  --ks 1,10,100    the scale curve (default 1,10,100 up to K, and 1000 with --big; 1,K with --quick)
  --big            the scale curve goes on to K = 1000 (270 MB; about 25 minutes more)
  --corpus DIR     a real-world corpus folder (bench/realworld.md), measured as a row of its own with the same
                   references: its report files are copied into a temp seeds folder (README.md and truth* left out)
  --quick          fast smoke run: K = 1 and 5, 3 s of autocannon, fewer timed runs
  --reps N         timed runs per query (default 15; 5 with --quick)
  --duration S     autocannon seconds per route (default 10; 3 with --quick)
  --connections N  autocannon connections (default 32)
  --seeds DIR      seed reports to scale (default seeds/)
  --out DIR        results folder (default bench/results/)
  --skip LIST      leave out any of: peers,throughput,incremental,formats,refs,identical,minisearch,relevance
                   (refs: jieba alone and plain MiniSearch per row; minisearch: only MiniSearch of them, which
                   at 1,000× takes many minutes and GB; identical: the byte-identical copies at K)
  --vary-year      shift each copy's catalog year by 0, -1 or -2
  --identical      byte-identical copies (by default each copy after the first ends with a line [cNNN], so the
                   build cannot segment 100 identical copies once: a real corpus has distinct texts)
  --keep           keep the temporary corpora and indexes
  --verbose        echo the children's progress
  --profile        CPU-profile the build, load and reopen children; hot spots go into the report`;

/**
 * Reads the benchmark's flags over defaults.
 *
 * @example
 * parseBenchArgs(['--quick']).ks //=> [1, 5]
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      k: { type: 'string' },
      ks: { type: 'string' },
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      seeds: { type: 'string' },
      out: { type: 'string' },
      skip: { type: 'string' },
      'vary-year': { type: 'boolean', default: false },
      identical: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      corpus: { type: 'string' },
      big: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (v: string | undefined, name: string, def: number, min: number, max: number): number => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`bench: --${name} must be a whole number ${min}–${max}, got "${v}"`);
    return n;
  };
  const quick = values.quick ?? false;
  const k = int(values.k, 'k', quick ? 5 : 100, 1, 1000);
  let ks: number[];
  if (values.ks !== undefined) {
    ks = values.ks.split(',').map((s) => int(s.trim(), 'ks', 1, 1, 1000));
  } else {
    ks = quick ? [1] : [1, 10, 100, ...(values.big ? [1000] : [])].filter((x) => x < k || (values.big && x === 1000));
  }
  ks = [...new Set([1, ...ks, k])].sort((a, b) => a - b);
  const skip = new Set((values.skip ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  for (const s of skip) {
    if (!SKIPPABLE.includes(s)) throw new Error(`bench: --skip knows ${SKIPPABLE.join(', ')}; got "${s}"`);
  }
  return {
    k,
    ks,
    quick,
    reps: int(values.reps, 'reps', quick ? 5 : 15, 1, 1000),
    connections: int(values.connections, 'connections', 32, 1, 1000),
    durationS: int(values.duration, 'duration', quick ? 3 : 10, 1, 600),
    seeds: path.resolve(values.seeds ?? path.join(ROOT, 'seeds')),
    out: path.resolve(values.out ?? RESULTS),
    keep: values.keep ?? false,
    varyYear: values['vary-year'] ?? false,
    identical: values.identical ?? false,
    verbose: values.verbose ?? false,
    profile: values.profile ?? false,
    skip,
    corpus: values.corpus === undefined ? null : path.resolve(values.corpus),
    big: values.big ?? false,
  };
}
