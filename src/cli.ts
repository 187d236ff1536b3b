/**
 * The command line (SPEC §5):
 *
 *   npm run index -- [--seeds DIR] [--out DIR] [--inspect FILE]
 *   npm run search -- "<query>" [--city C] [--year Y] [--chapter T] [--kind K] [--mentions] [--json]
 *                     [--page N] [--size N] [--index DIR] [--seeds DIR]
 *
 * Bad flags get a one-line error and exit code 2; colour only on a terminal.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.js';
import { AppError } from './errors.js';
import { inspectFile } from './ingest/inspect.js';
import { buildIndex, openIndex, type BuildProgress } from './store.js';
import { KINDS, type MentionsResult, type SearchResult } from './types.js';

const USAGE = `usage:
  npm run index -- [--seeds DIR] [--out DIR] [--inspect FILE]
  npm run search -- "<query>" [--city C] [--year Y] [--chapter T] [--kind K] [--mentions] [--json] [--page N] [--size N] [--index DIR] [--seeds DIR]`;

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
  return new AppError(message, { code: 'bad_flag', status: 400 });
}

/** Splits the arguments after the known shared flags into `--flag value` options, switches and words. */
function parseFlags(
  rest: readonly string[],
  withValue: readonly string[],
  switches: readonly string[],
): { values: Map<string, string>; on: Set<string>; words: string[] } {
  const values = new Map<string, string>();
  const on = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      words.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (switches.includes(flag)) {
      if (eq > 0) throw usage(`${flag} takes no value`);
      on.add(flag);
    } else if (withValue.includes(flag)) {
      const v = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (v === undefined || v === '') throw usage(`${flag} needs a value`);
      values.set(flag, v);
    } else {
      throw usage(`unknown flag ${flag}`);
    }
  }
  return { values, on, words };
}

function wholeNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usage(`${flag} must be a whole number, got "${v}"`);
  return Number(v);
}

/** A one-line progress bar on stderr, redrawn in place. */
function progressBar(io: Io): { update: (p: BuildProgress) => void; done: () => void } {
  if (!io.progress) return { update: () => {}, done: () => {} };
  const labels: Record<BuildProgress['phase'], string> = { ingest: '读取', segment: '分词', index: '建索引', save: '保存' };
  let last = '';
  return {
    update: (p) => {
      const width = 30;
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const fill = Math.round(frac * width);
      const line = `\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${labels[p.phase]} ${p.phase} ${p.done}/${p.total}`;
      if (line !== last) io.err(line + '\x1b[K');
      last = line;
    },
    done: () => io.err('\r\x1b[K'),
  };
}

const ANSI = { mark: '\x1b[1;33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** A snippet's `<mark>` as colour on a terminal, as nothing elsewhere. */
function renderSnippet(html: string, colour: boolean): string {
  const parts = html.split(/(<mark>|<\/mark>)/);
  return parts
    .map((p) => (p === '<mark>' ? (colour ? ANSI.mark : '') : p === '</mark>' ? (colour ? ANSI.reset : '') : unescapeHtml(p)))
    .join('');
}

function paint(s: string, style: keyof typeof ANSI, colour: boolean): string {
  return colour ? `${ANSI[style]}${s}${ANSI.reset}` : s;
}

/** The text form of a search result. */
export function formatSearch(r: SearchResult, colour: boolean): string {
  const lines: string[] = [];
  const from = r.total === 0 ? 0 : (r.page - 1) * r.size + 1;
  lines.push(`${r.total} 条结果 (results) for ${r.query}${r.total > 0 ? `, ${from}–${from + r.hits.length - 1}` : ''}`);
  if (r.notice) lines.push(r.notice);
  r.hits.forEach((h, i) => {
    lines.push('');
    const where = [...new Set([h.chapter, h.section])].filter((s) => s !== '').join(' › ');
    lines.push(`${from + i}. ${paint(h.title, 'bold', colour)}  ${[h.city, h.year, h.kind].filter((x) => x !== null).join(' · ')}`);
    if (where) lines.push(`   ${paint(where, 'dim', colour)}`);
    lines.push(`   ${renderSnippet(h.snippet, colour)}`);
    lines.push(`   ${paint(`${h.url}  score ${h.score}`, 'dim', colour)}`);
  });
  return lines.join('\n') + '\n';
}

/** The text form of a mentions result: keyword in context, grouped by document. */
export function formatMentions(r: MentionsResult, colour: boolean): string {
  const lines: string[] = [];
  lines.push(`${r.query}: ${r.totalOccurrences} 次 (occurrences) in ${r.totalParagraphs} 段 (paragraphs)`);
  if (r.byYear.length > 0) lines.push(`按年份: ${r.byYear.map((y) => `${y.year} ${y.count}`).join(', ')}`);
  if (r.byCity.length > 0) lines.push(`按城市: ${r.byCity.map((c) => `${c.city} ${c.count}`).join(', ')}`);
  for (const d of r.docs) {
    lines.push('');
    lines.push(`${paint(`${d.year ?? '?'} ${d.city ?? '?'} ${d.title}`, 'bold', colour)} (${d.count})`);
    for (const p of d.paragraphs) {
      const where = [p.chapter, p.section].filter((s) => s !== '').join(' › ');
      lines.push(`  ¶${p.n}${where ? ` ${paint(where, 'dim', colour)}` : ''}`);
      for (const c of p.contexts) {
        const one = (s: string): string => s.replace(/\s+/g, ' ');
        lines.push(`    …${one(c.before)}${colour ? paint(c.match, 'mark', true) : `【${c.match}】`}${one(c.after)}…`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

async function runIndex(argv: readonly string[], io: Io): Promise<number> {
  const cfg = loadConfig(argv, {});
  const { values, words } = parseFlags(cfg.rest, ['--inspect'], []);
  if (words.length > 0) throw usage(`unexpected argument "${words[0]}"`);
  const inspect = values.get('--inspect');
  if (inspect !== undefined) {
    try {
      io.out(inspectFile(path.resolve(inspect)));
    } catch (e) {
      throw usage(`cannot inspect ${inspect}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return 0;
  }
  const bar = progressBar(io);
  const r = await buildIndex({ seeds: cfg.seeds, out: cfg.index, onProgress: bar.update, log: (l) => { bar.done(); io.err(`${l}\n`); } });
  bar.done();
  const lines = [
    `index: ${cfg.index}`,
    `documents:  ${r.docs}`,
    `paragraphs: ${r.paragraphs}`,
    `warnings:   ${r.warnings.length}`,
    ...r.warnings.map((w) => `  - ${w.skipped ? '[skipped] ' : ''}${w.reason.startsWith(w.file) ? w.reason : `${w.file}: ${w.reason}`}`),
    `time:       ${(r.ms / 1000).toFixed(1)} s`,
  ];
  io.out(lines.join('\n') + '\n');
  return 0;
}

async function runSearch(argv: readonly string[], io: Io): Promise<number> {
  const cfg = loadConfig(argv, {});
  const { values, on, words } = parseFlags(
    cfg.rest,
    ['--city', '--year', '--chapter', '--kind', '--page', '--size', '--limit', '--offset'],
    ['--mentions', '--json'],
  );
  const q = words.join(' ');
  if (q.trim() === '') throw usage('a query is needed: npm run search -- "<query>"');
  const kind = values.get('--kind');
  if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) {
    throw usage(`--kind must be one of ${KINDS.join(', ')}, got "${kind}"`);
  }
  const year = values.get('--year');
  if (year !== undefined && !/^\d{4}$/.test(year)) throw usage(`--year must be a four-digit year, got "${year}"`);
  const filters = {
    city: values.get('--city'),
    year: year === undefined ? undefined : Number(year),
    chapter: values.get('--chapter'),
    kind,
  };
  const { engine } = await openIndex({ seeds: cfg.seeds, index: cfg.index, log: (l) => io.err(`${l}\n`) });
  if (on.has('--mentions')) {
    const r = engine.mentions({ q, ...filters, limit: wholeNumber('--limit', values.get('--limit')), offset: wholeNumber('--offset', values.get('--offset')) });
    io.out(on.has('--json') ? JSON.stringify(r, null, 2) + '\n' : formatMentions(r, io.colour));
  } else {
    const r = engine.search({ q, ...filters, page: wholeNumber('--page', values.get('--page')), size: wholeNumber('--size', values.get('--size')) });
    io.out(on.has('--json') ? JSON.stringify(r, null, 2) + '\n' : formatSearch(r, io.colour));
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
      return e.status === 400 ? 2 : 1;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
