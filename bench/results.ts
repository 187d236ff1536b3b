/** The shape of one benchmark run, as written to bench/results/bench-*.json and read by the report. */
import type { HttpLatency, Throughput } from './http.js';
import type { PeerResult } from './peers.js';
import type { Summary } from './stats.js';

export interface MentionRow {
  q: string;
  engine: Summary;
  brute: Summary;
  engineFull?: Summary;
  totalParagraphs: number;
  totalOccurrences: number;
  bruteParagraphs: number;
  bruteOccurrences: number;
}

export interface SearchRow {
  q: string;
  set: 'plain' | 'syntax';
  engine: Summary;
  brute: Summary;
  total: number;
  notice: boolean;
  bruteHits: number;
}

/** What bench/child/probe.ts reports. */
export interface ProbeResult {
  loadMs: number;
  rebuilt: boolean;
  reason: string | null;
  log: { count: number; first: string[] };
  /** After openIndex, GC'd. */
  memory: NodeJS.MemoryUsage;
  /** Before openIndex (runtime and modules). */
  memoryBaseline?: NodeJS.MemoryUsage;
  /** After a first search (jieba's dictionary loaded). */
  memoryWarm?: NodeJS.MemoryUsage;
  stats: { docs: number; paragraphs: number };
  paragraphBytes: number;
  mentions: {
    limit: number;
    engine: Summary;
    brute: Summary;
    engineFull: Summary | null;
    rows: MentionRow[];
    mismatches: { q: string; engine: number[]; brute: number[] }[];
  };
  search: { plain: Summary; syntax: Summary; brutePlain: Summary; bruteSyntax: Summary; rows: SearchRow[] };
}

/** What bench/child/build.ts reports. */
export interface BuildResult {
  mode: 'build' | 'open';
  ms: number;
  /** Milliseconds per phase reported through onProgress (ingest, segment, index, save; `before`: until the first). */
  phases?: Record<string, number>;
  summary?: Record<string, number>;
  rebuilt?: boolean;
  reason?: string | null;
  stats?: { docs: number; paragraphs: number };
  memory?: NodeJS.MemoryUsage;
  log: { count: number; first: string[] };
  maxRssBytes: number;
}

/** Characters and calls nodejieba segmented in a process tree (bench/child/jieba-count.mjs). */
export interface JiebaCount {
  calls: number;
  chars: number;
  processes: number;
  /** CPU time of every process of the tree (the segmenting ones and the others), ms. */
  cpuMs?: number;
}

/** jieba's cutForSearch over every paragraph, in `processes` processes at once (bench/child/jieba-alone.mjs). */
export interface JiebaAlone {
  processes: number;
  /** Wall time from the start signal to the last process done (dictionary loading not counted), ms. */
  ms: number;
  cpuMs: number;
  tokens: number;
  chars: number;
}

/** The references of one row, measured on its paragraphs (bench/child/refs.ts). */
export interface RefsResult {
  paragraphs: number;
  jieba1: JiebaAlone;
  jieba2: JiebaAlone;
  /** Resident memory of jieba's dictionaries in a process that holds nothing else, bytes. */
  jiebaDictRssBytes: number;
  minisearch: PeerResult | null;
  error?: string;
}

/** What a row measures: the seeds repeated K times (each copy distinct) or a real-world corpus (`--corpus`). */
export type Workload = 'seeds' | 'real';

export interface ScaleResult {
  k: number;
  /** The row's name in the report: `seeds ×100`, `real corpus`. */
  label: string;
  workload: Workload;
  corpus: { files: number; bytes: number };
  build: BuildResult & { mbPerS: number; indexBytes: number; jieba: JiebaCount | null };
  probe: ProbeResult;
  start: {
    runsMs: number[];
    ms: number;
    firstSearchMs: number;
    /** Server RSS right after its first search answer (median over the starts). */
    rssBytes: number | null;
    rssAtHealthBytes: number | null;
    /** A second after the first search, the server idle (median over the starts). */
    rssSettledBytes?: number | null;
    rssAfterLoadTestBytes: number | null;
  };
  http: { mentions: HttpLatency; search: HttpLatency; syntax: HttpLatency };
  /** The row's references (null when skipped or failed). */
  refs: RefsResult | null;
  throughput: {
    health: Throughput;
    search: Throughput;
    mentions: Throughput;
    /** /api/search on a server started with `SEARCH_TERM_CACHE=0`: every request scores its terms from scratch. */
    searchUncached?: Throughput;
  } | null;
}

export interface PeersResult {
  k: number;
  corpusBytes: number;
  paragraphs: number;
  jieba: { ms: number; tokens: number };
  peers: PeerResult[];
  errors: Record<string, string>;
}

export interface IncrementalResult {
  added: { file: string; bytes: number; chars: number };
  open: BuildResult;
  jieba: JiebaCount | null;
  fullBuildJieba: JiebaCount | null;
  fullBuildMs: number;
  docsBefore: number;
}

export interface Target {
  name: string;
  /** The figure measured, as printed. */
  figure: string;
  target: string;
  pass: boolean | null;
  /** Headroom (positive) or shortfall (negative), as printed. */
  margin: string;
  note?: string;
}

/** What bench/child/formats.ts reports for one format. */
export interface FormatResult {
  format: string;
  files: number;
  bytes: number;
  /** Pages of the files that say how many they have (a PDF, a .docx Word saved), or null. */
  pages: number | null;
  /** Bytes of the files whose pages are counted. */
  pagedBytes: number;
  docs: number;
  paragraphs: number;
  /** `ingestDir` alone: extraction, cleaning, outline, metadata. */
  ingestMs: number;
  /** A full `buildIndex` (ingest, segment, index, save). */
  buildMs: number;
}

export interface BenchResults {
  meta: {
    startedAt: string;
    finishedAt: string;
    command: string;
    node: string;
    cpus: number;
    cpuModel: string;
    gitCommit: string;
    quick: boolean;
    /** Copies byte-identical to the seeds (else each copy after the first ends with a marker line). */
    identical: boolean;
    mainK: number;
    ks: number[];
    /** The real-world corpus folder measured beside the seeds (`--corpus`), or null. */
    corpus?: string | null;
    reps: number;
    connections: number;
    durationS: number;
    /** What the server was started with (package.json's start script). */
    startCommand: string;
  };
  scales: ScaleResult[];
  /** Build throughput of PDF, Word and web pages (null when skipped or failed). */
  formats?: FormatResult[] | null;
  peers: PeersResult | null;
  incremental: IncrementalResult | null;
  /**
   * The seeds copied K times byte for byte (a collection holding the same files twice), built as the distinct copies
   * of the same K are: its build time beside theirs.
   */
  identical?: {
    k: number;
    corpus: { files: number; bytes: number };
    /** The median build of the identical copies (by wall time). */
    build: ScaleResult['build'];
    /**
     * Builds of the identical and of the distinct copies, alternated in the same stretch of the run (wall ms, CPU
     * ms): one build of each is too noisy a comparison on a shared machine. Absent in results from before them.
     */
    paired?: { identical: { ms: number; cpuMs: number | null }[]; distinct: { ms: number; cpuMs: number | null }[] };
  } | null;
  targets: Target[];
  /** The targets of issue 16: ratios to the references measured in the same run, per row. */
  scaleTargets?: Target[];
  /** Sections added by other measurements run after the scales (see `sections` in bench/run.ts). */
  sections?: { title: string; markdown: string }[];
  /** Hot spots of the CPU profiles (with --profile), as markdown. */
  profiles: string[];
  errors: string[];
}
