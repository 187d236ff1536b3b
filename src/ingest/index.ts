/**
 * Ingestion: report files → documents of clean, outlined paragraphs with metadata (README, "Adding reports" and "How a report becomes paragraphs").
 * One bad file never stops a build: it is skipped with a warning naming it and the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocMeta, IngestedDoc, IngestResult, IngestWarning } from '../core/types.js';
import matter from 'gray-matter';
import { dropChrome } from './chrome.js';
import { toBlocks } from './clean.js';
import { decode } from './decode.js';
import { markDuplicates } from './duplicates.js';
import { buildMeta, sanitizeCatalogEntry, type DocProperties, type MetaResult } from './metadata.js';
import { buildOutline } from './outline.js';
import { dropRepeats } from './repeats.js';
import { repairMarkers } from './repair.js';
import { splitRunOn } from './runon.js';

export { decode } from './decode.js';
export { markDuplicates } from './duplicates.js';

/** The file name of the optional catalog inside a seeds directory. */
export const CATALOG_FILE = 'catalog.json';

/** The ingestion stages, relative to the root: their code decides what an index holds (see `store/stamp.ts`). */
export const INGEST_SOURCES = [
  'src/ingest/index.ts', 'src/ingest/decode.ts', 'src/ingest/chrome.ts', 'src/ingest/clean.ts', 'src/ingest/runon.ts',
  'src/ingest/repeats.ts', 'src/ingest/repair.ts', 'src/ingest/outline.ts', 'src/ingest/metadata.ts', 'src/ingest/gazetteer.ts', 'src/ingest/duplicates.ts',
] as const;

/** Catalog entries by file name (`000_x.txt`); entries keyed by id (`000_x`) are accepted too. */
export type Catalog = Record<string, Partial<DocMeta>>;

/**
 * Ingests one file's bytes. Pure: no disk.
 *
 * @param file - the file name inside the seeds directory; the id is its name without the extension.
 * @param catalogEntry - fields that override detection.
 * @example
 * ingestBuffer(Buffer.from('二、2025年工作安排\n'), 'x.txt').doc?.meta.year //=> 2025
 */
export function ingestBuffer(
  buf: Buffer,
  file: string,
  catalogEntry?: Partial<DocMeta>,
): { doc: IngestedDoc | null; warnings: IngestWarning[]; evidence?: MetaResult['evidence'] } {
  const decoded = decode(buf);
  if (!decoded.ok) return { doc: null, warnings: [{ file, reason: `${file}: skipped, ${decoded.reason}`, skipped: true }] };
  // The stages, in order: front matter apart, page chrome out, lines to blocks, run-on text cut, repeated copies
  // dropped, the outline.
  const { text, properties } = frontMatter(decoded.text);
  const chrome = dropChrome(text);
  const runOn = splitRunOn(toBlocks(chrome.text));
  const repeats = dropRepeats(runOn.blocks);
  const paragraphs = buildOutline(repairMarkers(repeats.blocks).blocks);
  if (paragraphs.length === 0) {
    return { doc: null, warnings: [{ file, reason: `${file}: skipped, no text after cleaning`, skipped: true }] };
  }
  const { meta, warnings, evidence } = buildMeta(file, paragraphs, catalogEntry, properties);
  if (repeats.dropped > 0) {
    warnings.push({
      file,
      reason: `${file}: ${repeats.dropped} paragraphs repeating earlier text of the file dropped (${repeats.copies} repeated stretch${repeats.copies > 1 ? 'es' : ''})`,
      skipped: false,
    });
  }
  return { doc: { meta, paragraphs }, warnings, evidence };
}

/**
 * A YAML front matter block (`---` … `---` at the top, as saved web articles and Markdown notes carry one) taken
 * apart from the text: its title and date are the document's properties, a weak metadata source.
 */
function frontMatter(text: string): { text: string; properties: DocProperties } {
  if (!/^\uFEFF?---[ \t]*\n/.test(text)) return { text, properties: {} };
  try {
    const parsed = matter(text.replace(/^\uFEFF/, ''));
    const data = parsed.data as Record<string, unknown>;
    const date = data.date instanceof Date ? data.date.toISOString() : typeof data.date === 'string' ? data.date : undefined;
    return {
      text: parsed.content,
      properties: { ...(typeof data.title === 'string' ? { title: data.title } : {}), ...(date ? { date } : {}) },
    };
  } catch {
    // Not YAML after all: the text as it is.
    return { text, properties: {} };
  }
}

/** The report files of a seeds directory: every `*.txt` and `*.md`, sorted by name. */
export function listSeedFiles(seedsDir: string): string[] {
  return fs
    .readdirSync(seedsDir, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.(txt|md)$/i.test(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * Reads `catalog.json` of a seeds directory; {} when there is none.
 *
 * @throws Error naming the file when it is not a JSON object.
 */
export function readCatalog(seedsDir: string): Catalog {
  const p = path.join(seedsDir, CATALOG_FILE);
  if (!fs.existsSync(p)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (e) {
    throw new Error(`${p}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${p}: must be an object keyed by file name`);
  const out: Catalog = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = sanitizeCatalogEntry(v);
  return out;
}

/** The catalog entry of a file, looked up by file name, then by id. */
export function catalogEntryFor(catalog: Catalog, file: string): Partial<DocMeta> | undefined {
  return catalog[file] ?? catalog[file.replace(/\.[^.]+$/, '')];
}

/**
 * Ingests every report of a seeds directory, in file-name order, with the catalog applied.
 */
export async function ingestDir(seedsDir: string, opts: { only?: ReadonlySet<string> } = {}): Promise<IngestResult> {
  const warnings: IngestWarning[] = [];
  let catalog: Catalog = {};
  try {
    catalog = readCatalog(seedsDir);
  } catch (e) {
    warnings.push({ file: CATALOG_FILE, reason: `${(e as Error).message}; detecting all metadata`, skipped: false });
  }
  const docs: IngestedDoc[] = [];
  for (const file of listSeedFiles(seedsDir)) {
    if (opts.only && !opts.only.has(file)) continue;
    let buf: Buffer;
    try {
      buf = await fs.promises.readFile(path.join(seedsDir, file));
    } catch (e) {
      warnings.push({ file, reason: `${file}: skipped, unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, skipped: true });
      continue;
    }
    const r = ingestBuffer(buf, file, catalogEntryFor(catalog, file));
    warnings.push(...r.warnings);
    if (r.doc) docs.push(r.doc);
  }
  // A report present twice counts once; with `only`, the caller compares the new reports with the old ones.
  if (!opts.only) warnings.push(...markDuplicates(docs));
  return { docs, warnings };
}
