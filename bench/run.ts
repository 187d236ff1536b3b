/**
 * `npm run bench [-- --k 100 --quick]`: scales the seeds K times, builds the index, loads it, starts the server and
 * measures build, start-up, memory, exact mentions, ranked search, the peers and HTTP throughput; checks the targets of
 * issue 5; prints the report and writes JSON, markdown and an SVG chart under bench/results/.
 *
 * Every measurement that needs a clean heap runs in a fresh child process (bench/child/*); the server runs as a user
 * runs it. Everything listens on 127.0.0.1, every loop is bounded, and children and temp dirs go away on exit.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lineChart, type Series } from './chart.js';
import { addReport, copyRealCorpus, dirBytes, makeCorpus, type Corpus } from './corpus.js';
import { httpLatency, serverRss, startCommand, startServer, throughput } from './http.js';
import { parseBenchArgs, type BenchOptions } from './options.js';
import { describeProfile } from './profile.js';
import { BENCH, ROOT } from './paths.js';
import { installCleanup, makeTempDir, runChild } from './procs.js';
import { MENTIONS_LIMIT, PLAIN, SYNTAX } from './queries.js';
import { checkScaleTargets, checkTargets, renderMarkdown } from './report.js';
import type { BenchResults, BuildResult, FormatResult, IncrementalResult, JiebaCount, PeersResult, ProbeResult, RefsResult, ScaleResult, Workload } from './results.js';
import type { RepeatOptions } from './stats.js';
import { runOpenSearchBench } from './opensearch.js';

const MB = 1e6;
const MINUTE = 60_000;
const t0 = Date.now();

function progress(msg: string): void {
  const s = Math.round((Date.now() - t0) / 1000);
  process.stderr.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${msg}\n`);
}

/** An environment that makes every Node process of a build count what nodejieba segments (jieba-count.mjs). */
function jiebaCounter(dir: string): { env: NodeJS.ProcessEnv; read(): JiebaCount | null } {
  fs.mkdirSync(dir, { recursive: true });
  const preload = pathToFileURL(path.join(BENCH, 'child', 'jieba-count.mjs')).href;
  return {
    env: { BENCH_JIEBA_COUNT_DIR: dir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() },
    read() {
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
      if (files.length === 0) return null;
      const total: JiebaCount = { calls: 0, chars: 0, processes: 0, cpuMs: 0 };
      for (const f of files) {
        try {
          const c = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { calls: number; chars: number; cpuMs?: number };
          total.cpuMs = (total.cpuMs ?? 0) + (c.cpuMs ?? 0);
          if (c.calls === 0) continue;
          total.calls += c.calls;
          total.chars += c.chars;
          total.processes++;
        } catch {
          // a half-written snapshot of a killed worker: skip it
        }
      }
      return total;
    },
  };
}

let profileRoot: string | undefined;

/** Where a child's CPU profile goes with --profile (bench/results/profiles/<run>/<what>/), else undefined. */
function profileDir(opts: BenchOptions, what: string): string | undefined {
  if (!opts.profile) return undefined;
  profileRoot ??= path.join(opts.out, 'profiles', new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19));
  const dir = path.join(profileRoot, what);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The hot spots of every profile written in this run. */
function profileSummaries(): string[] {
  if (!profileRoot || !fs.existsSync(profileRoot)) return [];
  const out: string[] = [];
  for (const what of fs.readdirSync(profileRoot).sort()) {
    for (const f of fs.readdirSync(path.join(profileRoot, what)).filter((x) => x.endsWith('.cpuprofile'))) {
      try {
        const text = describeProfile(path.join(profileRoot, what, f));
        if (text) out.push(text);
      } catch (e) {
        out.push(`${what}/${f}: unreadable (${(e as Error).message})`);
      }
    }
  }
  return out;
}

const q = (s: string) => encodeURIComponent(s);
const MENTION_PATHS = PLAIN.map((s) => `/api/mentions?q=${q(s)}&limit=${MENTIONS_LIMIT}`);
const SEARCH_PATHS = PLAIN.map((s) => `/api/search?q=${q(s)}`);
const SYNTAX_PATHS = SYNTAX.map((s) => `/api/search?q=${q(s)}`);

/** One row of the report: what corpus it builds and how to make it. */
interface WorkloadSpec {
  label: string;
  workload: Workload;
  /** The seeds' repeat count (1 for a real corpus). */
  k: number;
  /** The main scale: targets, peers, throughput and the added report are measured here. */
  main: boolean;
  /** Folder name under the work folder. */
  name: string;
  make(dir: string): Promise<Corpus>;
}

/**
 * Measurements that add a section of their own to the report, run after the rows with the run's options and work
 * folder (the relevance set of bench/relevance/ registers here). Each returns markdown; one that throws is listed
 * among the errors and the others still run.
 */
export interface BenchSection {
  title: string;
  run(opts: BenchOptions, work: string): Promise<string>;
}

const SECTIONS: BenchSection[] = [
  {
    // Judged relevance (bench/relevance/README.md): nDCG@10 and P@5 of the project and two plain peers on the real
    // corpus with the seeds; it needs --corpus, whose queries and grades it was judged on.
    title: 'Judged relevance',
    async run(opts, work) {
      if (opts.corpus === null || opts.skip.has('relevance')) return 'Skipped: pass --corpus DIR (the real-world corpus the grades were made on).';
      const { runRelevance, renderRelevance } = await import('./relevance/run.js');
      return renderRelevance(await runRelevance({ corpus: opts.corpus, seeds: opts.seeds, work: path.join(work, 'relevance'), log: progress }));
    },
  },
];

/** Time and memory limits of a child grow with the corpus: 1,000× the seeds is 270 MB. */
function childLimits(k: number): { timeoutMs: number; env: NodeJS.ProcessEnv } {
  if (k < 500) return { timeoutMs: 15 * MINUTE, env: {} };
  return { timeoutMs: 90 * MINUTE, env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=16384`.trim() } };
}

interface ScaleContext {
  seeds: string;
  index: string;
  dir: string;
  textsFile: string;
  buildJieba: JiebaCount | null;
}

/** Builds `seeds` into `index` in a fresh process, counting what jieba segments and the CPU of every process. */
async function measureBuild(what: string, seeds: string, index: string, dir: string, k: number, opts: BenchOptions): Promise<{ build: BuildResult; jieba: JiebaCount | null }> {
  const counter = jiebaCounter(path.join(dir, 'jieba-build'));
  const limits = childLimits(k);
  const build = await runChild<BuildResult>('build.ts', ['--seeds', seeds, '--index', index, '--mode', 'build'], {
    label: `build ${what}`,
    timeoutMs: limits.timeoutMs,
    env: { ...counter.env, NODE_OPTIONS: `${counter.env.NODE_OPTIONS ?? ''} ${limits.env.NODE_OPTIONS ?? ''}`.trim() },
    verbose: opts.verbose,
    profileDir: profileDir(opts, `${what.replace(/\W+/g, '-')}-build`),
  });
  return { build, jieba: counter.read() };
}

async function measureScale(spec: WorkloadSpec, opts: BenchOptions, work: string): Promise<{ result: ScaleResult; ctx: ScaleContext }> {
  const { k, label } = spec;
  const isMain = spec.main;
  const dir = path.join(work, spec.name);
  const seeds = path.join(dir, 'seeds');
  const index = path.join(dir, 'index');
  const textsFile = path.join(dir, 'paragraphs.json');
  const corpus = await spec.make(seeds);
  progress(`${label}: corpus of ${corpus.files} reports, ${(corpus.bytes / MB).toFixed(1)} MB; building the index`);

  const { build, jieba: buildJieba } = await measureBuild(label, seeds, index, dir, k, opts);
  const indexBytes = await dirBytes(index);
  const limits = childLimits(k);
  progress(`${label}: built in ${(build.ms / 1000).toFixed(2)} s (${(corpus.bytes / MB / (build.ms / 1000)).toFixed(2)} MB/s, ` +
    `${((buildJieba?.cpuMs ?? Number.NaN) / 1000).toFixed(1)} s CPU); loading and timing queries in-process`);

  const reps = isMain ? opts.reps : Math.min(opts.reps, 9);
  const budgetMs = opts.quick ? 1500 : 3000;
  const probe = await runChild<ProbeResult>(
    'probe.ts',
    ['--seeds', seeds, '--index', index, '--reps', String(reps), '--budget', String(budgetMs), '--full', '--dump', textsFile],
    // Without the engine's term cache: each timed search segments and scores its terms from scratch, as the first
    // asking of a query does (the cache would make every repetition after the first a lookup).
    { label: `probe ${label}`, timeoutMs: limits.timeoutMs, verbose: opts.verbose, profileDir: profileDir(opts, `${spec.name}-probe`), env: { ...limits.env, SEARCH_TERM_CACHE: '0' } },
  );
  if (probe.rebuilt) progress(`${label}: !! openIndex rebuilt a freshly built index (${probe.reason ?? 'no reason given'})`);
  progress(`${label}: mentions p50 ${probe.mentions.engine.p50.toFixed(2)} ms vs scan ${probe.mentions.brute.p50.toFixed(2)} ms; search p50 ${probe.search.plain.p50.toFixed(2)} ms; starting the server`);

  const startRuns = isMain && !opts.quick ? 3 : 1;
  const runsMs: number[] = [];
  const firstSearchMs: number[] = [];
  const rssBytes: (number | null)[] = [];
  const rssAtHealth: (number | null)[] = [];
  const rssSettled: (number | null)[] = [];
  let server = await startServer({ seeds, index, logDir: dir, deadlineMs: 5 * MINUTE });
  for (let i = 0; ; i++) {
    runsMs.push(server.startMs);
    firstSearchMs.push(server.firstSearchMs);
    rssBytes.push(server.rssBytes);
    rssAtHealth.push(server.rssAtHealthBytes);
    rssSettled.push(server.rssSettledBytes);
    if (i === startRuns - 1) break;
    await server.stop();
    server = await startServer({ seeds, index, logDir: dir, deadlineMs: 5 * MINUTE });
  }
  const profiled = profileDir(opts, `${spec.name}-server`);
  if (profiled) {
    // Profiling needs a server started differently (see startServer): one more start, not among the timed ones.
    await server.stop();
    server = await startServer({ seeds, index, logDir: dir, deadlineMs: 5 * MINUTE, profileDir: profiled });
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  try {
    const repeat: RepeatOptions = { warmup: 1, reps, budgetMs, minReps: Math.min(3, reps) };
    const http = {
      mentions: await httpLatency(server.base, MENTION_PATHS, repeat),
      search: await httpLatency(server.base, SEARCH_PATHS, repeat),
      syntax: await httpLatency(server.base, SYNTAX_PATHS, repeat),
    };
    progress(`${label}: started in ${Math.round(server.startMs)} ms; HTTP mentions p50 ${http.mentions.all.p50.toFixed(2)} ms, search p50 ${http.search.all.p50.toFixed(2)} ms`);
    let tp: ScaleResult['throughput'] = null;
    if (spec.workload === 'seeds' && (k === 1 || isMain) && !opts.skip.has('throughput')) {
      const load = { connections: opts.connections, durationS: opts.durationS };
      progress(`${label}: autocannon, ${opts.connections} connections × ${opts.durationS} s on /api/health, /api/search, /api/mentions`);
      tp = {
        health: await throughput(server.base, ['/api/health'], load),
        search: await throughput(server.base, [...SEARCH_PATHS, ...SYNTAX_PATHS], load),
        mentions: await throughput(server.base, MENTION_PATHS, load),
      };
      if (k === 1) {
        // The same search load on a server without the term cache, to show what the cache is worth (the query
        // set cycles, so the cache holds every term after the first round).
        const uncached = await startServer({ seeds, index, logDir: dir, deadlineMs: 5 * MINUTE, env: { SEARCH_TERM_CACHE: '0' } });
        try {
          tp.searchUncached = await throughput(uncached.base, [...SEARCH_PATHS, ...SYNTAX_PATHS], load);
        } finally {
          await uncached.stop();
        }
      }
      progress(`${label}: ${tp.health.rps.toFixed(0)} / ${tp.search.rps.toFixed(0)} / ${tp.mentions.rps.toFixed(0)} req/s (health / search / mentions)`);
    }
    const result: ScaleResult = {
      k,
      label,
      workload: spec.workload,
      corpus: { files: corpus.files, bytes: corpus.bytes },
      build: { ...build, mbPerS: corpus.bytes / MB / (build.ms / 1000), indexBytes, jieba: buildJieba },
      probe,
      start: {
        runsMs,
        ms: median(runsMs),
        firstSearchMs: median(firstSearchMs),
        rssBytes: rssBytes.every((r) => r !== null) ? median(rssBytes as number[]) : null,
        rssAtHealthBytes: rssAtHealth.every((r) => r !== null) ? median(rssAtHealth as number[]) : null,
        rssSettledBytes: rssSettled.every((r) => r !== null) ? median(rssSettled as number[]) : null,
        rssAfterLoadTestBytes: serverRss(server),
      },
      http,
      throughput: tp,
      refs: null,
    };
    return { result, ctx: { seeds, index, dir, textsFile, buildJieba } };
  } finally {
    await server.stop();
  }
}

/** The row's references on its paragraphs: jieba alone in one process and in two, its dictionary's RSS, MiniSearch. */
async function measureRefs(scale: ScaleResult, ctx: ScaleContext, opts: BenchOptions): Promise<RefsResult> {
  progress(`${scale.label}: references (jieba alone in 1 and 2 processes, plain MiniSearch) on the same paragraphs`);
  const limits = childLimits(scale.k);
  const r = await runChild<RefsResult>(
    'refs.ts',
    ['--texts', ctx.textsFile, '--reps', String(Math.min(opts.reps, 9)), '--budget', String(opts.quick ? 1500 : 3000), ...(opts.skip.has('minisearch') ? ['--skip', 'minisearch'] : [])],
    { label: `references ${scale.label}`, timeoutMs: limits.timeoutMs, verbose: opts.verbose, env: limits.env },
  );
  progress(`${scale.label}: jieba alone ${(r.jieba1.ms / 1000).toFixed(2)} s (1 process), ${(r.jieba2.ms / 1000).toFixed(2)} s (2); ` +
    `build ${(scale.build.ms / r.jieba1.ms).toFixed(2)}× jieba alone; MiniSearch ${r.minisearch ? `${(r.minisearch.buildMs / 1000).toFixed(1)} s` : r.error ? `failed (${r.error})` : 'skipped'}`);
  return r;
}

/** Times each build of the identical-path comparison takes place, alternating identical and distinct copies. */
const IDENTICAL_PAIRS = 3;

/**
 * The seeds copied K times byte for byte, built as the distinct copies are: is the identical-file path no slower?
 * Built {@link IDENTICAL_PAIRS} times, alternating with builds of the distinct copies, each into a fresh index
 * (no segmentation cache), so that the two are compared over the same stretch of the run; the medians are compared.
 */
async function measureIdentical(k: number, opts: BenchOptions, work: string): Promise<NonNullable<BenchResults['identical']>> {
  const dir = path.join(work, `identical-k${k}`);
  const seeds = path.join(dir, 'seeds');
  const distinctSeeds = path.join(dir, 'distinct');
  const corpus = await makeCorpus({ seeds: opts.seeds, k, dir: seeds, varyYear: opts.varyYear, identical: true });
  await makeCorpus({ seeds: opts.seeds, k, dir: distinctSeeds, varyYear: opts.varyYear, identical: false });
  progress(`identical ×${k}: the seeds copied byte for byte, ${(corpus.bytes / MB).toFixed(1)} MB; ${IDENTICAL_PAIRS} builds alternated with the distinct copies'`);
  const runs: { build: BuildResult; jieba: JiebaCount | null }[] = [];
  const paired: NonNullable<NonNullable<BenchResults['identical']>['paired']> = { identical: [], distinct: [] };
  for (let i = 0; i < IDENTICAL_PAIRS; i++) {
    for (const which of ['identical', 'distinct'] as const) {
      // A folder of its own per build: the jieba counter sums what every process under it wrote.
      const runDir = path.join(dir, `run-${which}-${i}`);
      fs.mkdirSync(runDir, { recursive: true });
      const r = await measureBuild(`${which} ×${k} (${i + 1})`, which === 'identical' ? seeds : distinctSeeds, path.join(runDir, 'index'), runDir, k, opts);
      paired[which].push({ ms: r.build.ms, cpuMs: r.jieba?.cpuMs ?? null });
      if (which === 'identical') runs.push(r);
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  }
  const median = [...runs].sort((a, b) => a.build.ms - b.build.ms)[runs.length >> 1]!;
  const med = (xs: { ms: number }[]): number => [...xs].map((x) => x.ms).sort((a, b) => a - b)[xs.length >> 1]!;
  progress(`identical ×${k}: median build ${(med(paired.identical) / 1000).toFixed(2)} s, distinct copies ${(med(paired.distinct) / 1000).toFixed(2)} s`);
  if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  return {
    k,
    corpus: { files: corpus.files, bytes: corpus.bytes },
    build: { ...median.build, mbPerS: corpus.bytes / MB / (median.build.ms / 1000), indexBytes: 0, jieba: median.jieba },
    paired,
  };
}

async function measurePeers(k: number, corpusBytes: number, ctx: ScaleContext, opts: BenchOptions, skipMiniSearch: boolean): Promise<PeersResult> {
  progress(`K=${k}: peers (jieba alone, FlexSearch${skipMiniSearch ? '' : ', MiniSearch'}) on the same paragraphs`);
  const r = await runChild<Omit<PeersResult, 'k' | 'corpusBytes'>>(
    'peers.ts',
    ['--texts', ctx.textsFile, '--reps', String(opts.reps), '--budget', String(opts.quick ? 1500 : 3000), ...(skipMiniSearch ? ['--skip', 'minisearch'] : [])],
    { label: `peers K=${k}`, timeoutMs: 15 * MINUTE, verbose: opts.verbose },
  );
  return { k, corpusBytes, ...r };
}

async function measureIncremental(scale: ScaleResult, ctx: ScaleContext, opts: BenchOptions): Promise<IncrementalResult> {
  const seedFile = fs.readdirSync(opts.seeds).filter((f) => /\.(txt|md)$/i.test(f)).sort()[1] ?? fs.readdirSync(opts.seeds)[0]!;
  const added = await addReport({ dir: ctx.seeds, k: scale.k, files: scale.corpus.files, bytes: scale.corpus.bytes }, opts.seeds, seedFile);
  progress(`K=${scale.k}: added ${added.file}; reopening the index as the server would`);
  const counter = jiebaCounter(path.join(ctx.dir, 'jieba-add'));
  const open = await runChild<BuildResult>('build.ts', ['--seeds', ctx.seeds, '--index', ctx.index, '--mode', 'open'], {
    label: `reopen after adding a report K=${scale.k}`,
    timeoutMs: 15 * MINUTE,
    env: counter.env,
    verbose: opts.verbose,
    profileDir: profileDir(opts, `k${scale.k}-reopen`),
  });
  return { added, open, jieba: counter.read(), fullBuildJieba: ctx.buildJieba, fullBuildMs: scale.build.ms, docsBefore: scale.probe.stats.docs };
}

async function measureFormats(opts: BenchOptions, work: string): Promise<FormatResult[]> {
  const copies = opts.quick ? 3 : 10;
  progress(`formats: PDF, Word and web page fixtures × ${copies}, ingested and built`);
  const dir = path.join(work, 'formats');
  const r = await runChild<FormatResult[]>('formats.ts', ['--dir', dir, '--copies', String(copies)], {
    label: 'formats',
    timeoutMs: 15 * MINUTE,
    verbose: opts.verbose,
    profileDir: profileDir(opts, 'formats'),
  });
  for (const x of r) {
    const pages = x.pages ? `, ${(x.pages / (x.buildMs / 1000)).toFixed(1)} pages/s` : '';
    progress(`formats: ${x.format} ${(x.bytes / MB / (x.buildMs / 1000)).toFixed(2)} MB/s built${pages}`);
  }
  if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

function chart(r: BenchResults): string {
  const seeds = r.scales.filter((s) => s.workload === 'seeds');
  const pts = (f: (s: ScaleResult) => number): { x: number; y: number }[] => seeds.map((s) => ({ x: s.corpus.bytes / MB, y: f(s) }));
  const series: Series[] = [
    { name: 'mentions, in-process', points: pts((s) => s.probe.mentions.engine.p50) },
    { name: 'mentions, HTTP', points: pts((s) => s.http.mentions.all.p50) },
    { name: 'search plain, in-process', points: pts((s) => s.probe.search.plain.p50) },
    { name: 'search syntax, in-process', points: pts((s) => s.probe.search.syntax.p50) },
    { name: 'search, HTTP', points: pts((s) => s.http.search.all.p50) },
    { name: 'brute-force scan', points: pts((s) => s.probe.mentions.brute.p50), dashed: true },
  ];
  return lineChart({
    title: `policy-search: p50 latency against corpus size (K = ${r.meta.ks.join(', ')})`,
    xLabel: 'corpus size, MB (the seeds repeated K times)',
    yLabel: 'p50 latency, ms (log scale)',
    series,
  });
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  // The OpenSearch backend has a benchmark of its own (bench/opensearch.ts).
  if (process.argv.includes('--backend')) return runOpenSearchBench(process.argv.slice(2));
  installCleanup();
  const opts = parseBenchArgs(process.argv.slice(2));
  const work = makeTempDir('policy-search-bench-', opts.keep);
  if (opts.keep) progress(`working in ${work} (kept)`);
  const results: BenchResults = {
    meta: {
      startedAt: new Date().toISOString(),
      finishedAt: '',
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      gitCommit: git(['rev-parse', '--short', 'HEAD']) + (git(['status', '--porcelain', 'src']) ? ' (src modified)' : ''),
      quick: opts.quick,
      identical: opts.identical,
      mainK: opts.k,
      ks: opts.ks,
      corpus: opts.corpus,
      reps: opts.reps,
      connections: opts.connections,
      durationS: opts.durationS,
      startCommand: startCommand().text,
    },
    scales: [],
    peers: null,
    incremental: null,
    targets: [],
    profiles: [],
    errors: [],
  };
  const specs: WorkloadSpec[] = opts.ks.map((k) => ({
    label: `seeds ×${k}`,
    workload: 'seeds',
    k,
    main: k === opts.k,
    name: `k${k}`,
    make: (dir) => makeCorpus({ seeds: opts.seeds, k, dir, varyYear: opts.varyYear, identical: opts.identical }),
  }));
  // The real-world corpus first: it is small, and a run that fails at 1,000× still has it.
  const realCorpus = opts.corpus;
  if (realCorpus) specs.unshift({ label: 'real corpus', workload: 'real', k: 1, main: false, name: 'real', make: (dir) => copyRealCorpus(realCorpus, dir) });
  results.identical = null;
  for (const spec of specs) {
    const k = spec.k;
    try {
      const { result, ctx } = await measureScale(spec, opts, work);
      results.scales.push(result);
      if (!opts.skip.has('refs')) {
        try {
          result.refs = await measureRefs(result, ctx, opts);
        } catch (e) {
          results.errors.push((e as Error).message);
        }
      }
      if (spec.main) {
        if (!opts.skip.has('identical') && !opts.identical) {
          try {
            results.identical = await measureIdentical(k, opts, work);
          } catch (e) {
            results.errors.push((e as Error).message);
          }
        }
        if (!opts.skip.has('peers')) {
          try {
            results.peers = await measurePeers(k, result.corpus.bytes, ctx, opts, Boolean(result.refs?.minisearch));
          } catch (e) {
            results.errors.push((e as Error).message);
          }
        }
        if (!opts.skip.has('incremental')) {
          try {
            results.incremental = await measureIncremental(result, ctx, opts);
          } catch (e) {
            results.errors.push((e as Error).message);
          }
        }
      }
    } catch (e) {
      progress(`${spec.label}: failed: ${(e as Error).message.split('\n')[0]}`);
      results.errors.push(`${spec.label}: ${(e as Error).message}`);
    }
    if (!opts.keep) fs.rmSync(path.join(work, spec.name), { recursive: true, force: true });
  }
  if (!opts.skip.has('formats')) {
    try {
      results.formats = await measureFormats(opts, work);
    } catch (e) {
      results.errors.push((e as Error).message);
    }
  }
  results.sections = [];
  for (const section of SECTIONS) {
    try {
      results.sections.push({ title: section.title, markdown: await section.run(opts, work) });
    } catch (e) {
      results.errors.push(`${section.title}: ${(e as Error).message}`);
    }
  }
  results.meta.finishedAt = new Date().toISOString();
  results.targets = checkTargets(results);
  results.scaleTargets = checkScaleTargets(results);
  results.profiles = profileSummaries();

  fs.mkdirSync(opts.out, { recursive: true });
  const stamp = results.meta.startedAt.replace(/[:.]/g, '-').slice(0, 19);
  const md = renderMarkdown(results);
  fs.writeFileSync(path.join(opts.out, `bench-${stamp}.json`), JSON.stringify(results, null, 1));
  fs.writeFileSync(path.join(opts.out, 'latest.json'), JSON.stringify(results, null, 1));
  fs.writeFileSync(path.join(opts.out, 'latest.md'), md + '\n');
  if (results.scales.some((x) => x.workload === 'seeds')) fs.writeFileSync(path.join(opts.out, 'latency.svg'), chart(results));
  console.log(md);
  progress(`done in ${Math.round((Date.now() - t0) / 1000)} s; results in ${path.relative(process.cwd(), opts.out) || '.'}/ (latest.md, latest.json, latency.svg)`);
  const missed = results.targets.filter((t) => t.pass === false).length;
  progress(`${results.targets.filter((t) => t.pass).length} targets PASS, ${missed} MISS${results.errors.length ? `, ${results.errors.length} errors` : ''}`);
  process.exitCode = results.errors.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
