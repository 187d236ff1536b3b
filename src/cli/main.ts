/**
 * The command line (README, "Command line"):
 *
 *   npm run index -- [--seeds DIR] [--out DIR] [--inspect FILE]
 *   npm run search -- "<query>" [--city C] [--year Y] [--chapter T] [--kind K] [--mentions] [--json]
 *                     [--sort relevance|newest|oldest] [--group doc|none] [--page N] [--size N] [--index DIR] [--seeds DIR]
 *
 * Bad flags get a one-line error and exit code 2; colour only on a terminal.
 */
import path from 'node:path';
import { buildIndex, openIndex } from '../pipeline/open.js';
import { loadConfig } from '../core/config.js';
import { AppError, ParamError } from '../core/errors.js';
import type { IngestWarning } from '../core/types.js';
import { parseMentions, parseSearch, type RawQuery } from '../core/params.js';
import { inspectFile } from '../ingest/inspect.js';
import { buildIntoCluster, openCluster } from '../opensearch/open.js';
import type { SearchBackend } from '../search/backend.js';
import { formatMentions, formatSearch } from './format.js';
import { progressBar } from './progress.js';

const USAGE = `usage:
  npm run index -- [--seeds DIR] [--out DIR] [--inspect FILE]
  npm run search -- "<query>" [--city C] [--year Y] [--chapter T] [--kind K] [--mentions] [--json] [--sort relevance|newest|oldest] [--group doc|none] [--page N] [--size N] [--index DIR] [--seeds DIR]
  either, on an OpenSearch cluster: --backend opensearch [--opensearch URL] [--index-name N]
  (npm run index on a cluster updates only the reports that changed; --rebuild builds the index anew)`;

/** Where the CLI writes; a terminal gets colour and a progress bar. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stdout is a terminal (colour). */
  colour: boolean;
  /** stderr is a terminal (progress bar). */
  progress: boolean;
}

const processIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  progress: Boolean(process.stderr.isTTY),
};

/** A usage error: printed as one line, exit code 2. */
function usage(message: string): AppError {
  return new AppError(message, { code: 'bad_flag' });
}

/** Codes of errors the user made (exit code 2); anything else exits 1. */
const USAGE_CODES = new Set(['bad_flag', 'bad_param', 'bad_seeds']);

async function runIndex(argv: readonly string[], io: Io): Promise<number> {
  const cfg = loadConfig(argv, {}, { inspect: { type: 'string' }, rebuild: { type: 'boolean' } });
  const inspect = cfg.values.inspect as string | undefined;
  if (inspect !== undefined) {
    try {
      io.out(await inspectFile(path.resolve(inspect)));
    } catch (e) {
      throw usage(`cannot inspect ${inspect}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return 0;
  }
  if (cfg.backend === 'opensearch') return runIndexOnCluster(cfg, io);
  const bar = progressBar(io.progress);
  const r = await buildIndex({ seeds: cfg.seeds, out: cfg.index, onProgress: bar.update, log: (l) => { bar.done(); io.err(`${l}\n`); } });
  bar.done();
  io.out(buildReport(`index: ${cfg.index}`, r));
  return 0;
}

/**
 * `npm run index -- --backend opensearch [--rebuild]`: the reports that changed, written into the cluster's live
 * index; or the seeds into a new index, then the alias switch.
 */
async function runIndexOnCluster(cfg: ReturnType<typeof loadConfig>, io: Io): Promise<number> {
  const log = (l: string): void => io.err(`${l}\n`);
  const r = await buildIntoCluster({ url: cfg.opensearch, name: cfg.indexName, seeds: cfg.seeds, rebuild: cfg.values.rebuild === true, log });
  const how = r.mode === 'full' ? `→ ${r.index} (full build: ${r.reason})`
    : r.mode === 'current' ? '(up to date: nothing to write)'
    : `(updated in place: ${r.added.length} added, ${r.changed.length} changed, ${r.removed.length} removed)`;
  io.out(buildReport(`index: ${cfg.indexName} ${how} at ${cfg.opensearch}`, r));
  return 0;
}

/** What `npm run index` prints of a finished build: where, how much, every warning, how long. */
function buildReport(where: string, r: { docs: number; paragraphs: number; warnings: readonly IngestWarning[]; ms: number }): string {
  const lines = [
    where,
    `documents:  ${r.docs}`,
    `paragraphs: ${r.paragraphs}`,
    `warnings:   ${r.warnings.length}`,
    ...r.warnings.map((w) => `  - ${w.skipped ? '[skipped] ' : ''}${w.reason.startsWith(w.file) ? w.reason : `${w.file}: ${w.reason}`}`),
    `time:       ${(r.ms / 1000).toFixed(1)} s`,
  ];
  return lines.join('\n') + '\n';
}

/** The backend a search asks: the saved index (built when missing or stale), or the cluster's. */
async function openBackend(cfg: ReturnType<typeof loadConfig>, io: Io): Promise<SearchBackend & { close?: () => Promise<void> }> {
  const log = (l: string): void => io.err(`${l}\n`);
  if (cfg.backend === 'opensearch') return openCluster({ url: cfg.opensearch, name: cfg.indexName, seeds: cfg.seeds, log });
  return (await openIndex({ seeds: cfg.seeds, index: cfg.index, log })).engine;
}

/** The flags of `npm run search` besides the shared ones: the filters and paging as strings, two switches. */
const SEARCH_FLAGS = {
  city: { type: 'string' }, year: { type: 'string' }, chapter: { type: 'string' }, kind: { type: 'string' },
  page: { type: 'string' }, size: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' },
  sort: { type: 'string' }, group: { type: 'string' },
  mentions: { type: 'boolean' }, json: { type: 'boolean' }, duplicates: { type: 'boolean' },
} as const;

/** Validates parameters as the HTTP API does, naming them as flags in the messages (`--year must be…`). */
function asFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ParamError && e.param !== undefined && e.message.startsWith(e.param)) throw usage(`--${e.message}`);
    throw e;
  }
}

async function runSearch(argv: readonly string[], io: Io): Promise<number> {
  const cfg = loadConfig(argv, {}, SEARCH_FLAGS, { positionals: true });
  const q = cfg.positionals.join(' ');
  if (q.trim() === '') throw usage('a query is needed: npm run search -- "<query>"');
  const raw: RawQuery = { q };
  for (const name of ['city', 'year', 'chapter', 'kind', 'page', 'size', 'limit', 'offset', 'sort', 'group']) {
    if (cfg.values[name] !== undefined) raw[name] = cfg.values[name];
  }
  if (cfg.values.duplicates === true) raw.duplicates = 'include';
  const json = cfg.values.json === true;
  // Checked before the index is opened, which may take a build.
  if (cfg.values.mentions === true) {
    for (const flag of ['page', 'size', 'sort', 'group']) if (raw[flag] !== undefined) throw usage(`--${flag} goes with ranked search, not --mentions`);
    const params = asFlags(() => parseMentions(raw));
    const engine = await openBackend(cfg, io);
    try {
      const r = await engine.mentions(params);
      io.out(json ? JSON.stringify(r, null, 2) + '\n' : formatMentions(r, io.colour));
    } finally {
      await engine.close?.();
    }
  } else {
    for (const flag of ['limit', 'offset']) if (raw[flag] !== undefined) throw usage(`--${flag} goes with --mentions`);
    const params = asFlags(() => parseSearch(raw));
    const engine = await openBackend(cfg, io);
    try {
      const r = await engine.search(params);
      io.out(json ? JSON.stringify(r, null, 2) + '\n' : formatSearch(r, io.colour));
    } finally {
      await engine.close?.();
    }
  }
  return 0;
}

/**
 * Runs a command and returns the exit code: 0 done, 2 bad usage or parameter, 1 anything else (one line, no stack).
 *
 * @example
 * await main(['search', '引黄入呼', '--mentions']) //=> 0
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'index') return await runIndex(rest, io);
    if (command === 'search') return await runSearch(rest, io);
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE + '\n');
      return command === undefined ? 2 : 0;
    }
    throw usage(`unknown command "${command}" (index or search)`);
  } catch (e) {
    if (e instanceof AppError) {
      io.err(`error: ${e.message}\n`);
      return USAGE_CODES.has(e.code) ? 2 : 1;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
