/**
 * Ingestion: report files → documents of clean, outlined paragraphs with metadata (README, "Adding reports" and "How a report becomes paragraphs").
 * One bad file never stops a build: it is skipped with a warning naming it and the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { formatOf, type Format } from '../core/formats.js';
import type { DocMeta, IngestedDoc, IngestResult, IngestWarning } from '../core/types.js';
import { boundParagraphs } from './bounds.js';
import { dropChrome } from './chrome.js';
import { toBlocks } from './clean.js';
import { decode } from './decode.js';
import { markDuplicates } from './duplicates.js';
import { CATALOG_FILE, listSeeds, readSeed, readSeedSync, type SeedListing } from './listing.js';
import { applyProperties, extract, FORMAT_PACKAGES, FORMAT_SOURCES, linesToBlocks, UnreadableFileError, type Extracted } from './formats/index.js';
import { buildMeta, sanitizeCatalogEntry, type DocProperties, type MetaResult } from './metadata.js';
import { buildOutline, type Block } from './outline.js';
import { dropRepeats } from './repeats.js';
import { repairMarkers } from './repair.js';
import { splitRunOn } from './runon.js';

export { decode } from './decode.js';
export { markDuplicates } from './duplicates.js';

export { CATALOG_FILE, listSeeds, MAX_SEED_BYTES, readSeed, readSeedSync, REPORT_FILE, type SeedFile, type SeedListing } from './listing.js';

/** The ingestion stages, relative to the root: their code decides what an index holds (see `store/stamp.ts`). */
export const INGEST_SOURCES = [
  'src/core/formats.ts', 'src/ingest/index.ts', 'src/ingest/listing.ts', 'src/ingest/bounds.ts', 'src/ingest/decode.ts', 'src/ingest/chrome.ts', 'src/ingest/clean.ts',
  'src/ingest/contents.ts', 'src/ingest/runon.ts', 'src/ingest/repeats.ts', 'src/ingest/repair.ts', 'src/ingest/outline.ts', 'src/ingest/metadata.ts',
  'src/ingest/gazetteer.ts', 'src/ingest/duplicates.ts', 'src/ingest/plans.ts', 'src/ingest/titles.ts', 'src/ingest/kind.ts',
  ...FORMAT_SOURCES,
] as const;

/** The packages whose code decides what ingestion makes of a file (the extractors of PDF, Word and web pages). */
export const INGEST_PACKAGES: readonly string[] = FORMAT_PACKAGES;

/** Catalog entries by file name (`000_x.txt`); entries keyed by id (`000_x`) are accepted too. */
export type Catalog = Record<string, Partial<DocMeta>>;

/**
 * Ingests one text file's bytes (`.txt`, `.md`; {@link ingestFile} takes every format). Pure: no disk.
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
): Ingested {
  const decoded = decode(buf);
  if (!decoded.ok) return skipped(file, decoded.reason);
  // The stages of a text file: front matter apart, page chrome out, lines to blocks; then those of every format.
  const { text, properties } = frontMatter(decoded.text);
  return finish(file, toBlocks(dropChrome(text).text), catalogEntry, properties);
}

/** A file skipped, with the reason. */
function skipped(file: string, reason: string): { doc: null; warnings: IngestWarning[] } {
  return { doc: null, warnings: [{ file, reason: `${file}: skipped, ${reason}`, skipped: true }] };
}

/** What ingesting one file gives. */
type Ingested = { doc: IngestedDoc | null; warnings: IngestWarning[]; evidence?: MetaResult['evidence'] };

/**
 * Cleaned blocks of any format → the document: run-on text cut, repeated copies dropped, damaged heading markers
 * repaired, the outline, then the metadata; a skip when cleaning left no text.
 */
function finish(file: string, blocks: Block[], catalogEntry: Partial<DocMeta> | undefined, properties: DocProperties = {}): Ingested {
  const repeats = dropRepeats(splitRunOn(blocks).blocks);
  // Bounds on what one file may hold (the paragraph a sentence-less run leaves, the paragraphs of a document).
  const bounded = boundParagraphs(buildOutline(repairMarkers(repeats.blocks).blocks), file);
  if (bounded.skip) return { doc: null, warnings: [...bounded.warnings, bounded.skip] };
  const paragraphs = bounded.paragraphs;
  if (paragraphs.length === 0) return skipped(file, 'no text after cleaning');
  const { meta, warnings, evidence } = buildMeta(file, paragraphs, catalogEntry, properties);
  warnings.unshift(...bounded.warnings);
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
      properties: {
        ...(typeof data.title === 'string' ? { title: data.title } : {}),
        ...(date ? { date } : {}),
        ...(typeof data.author === 'string' ? { byline: data.author } : {}),
      },
    };
  } catch {
    // Not YAML after all: the text as it is.
    return { text, properties: {} };
  }
}

/**
 * Ingests one file's bytes in any format: text and markdown as {@link ingestBuffer} does, PDF, Word and web pages
 * through their extractor, then the same cleaning, outline and metadata. A file that cannot be read gives no
 * document and a warning with the reason (encrypted, corrupt, a scan that needs OCR); it never throws.
 *
 * @param id - the document's id, when the seeds directory gives it another than the file name (see {@link seedIds}).
 * @example
 * (await ingestFile(fs.readFileSync('seeds/x.pdf'), 'x.pdf')).doc?.paragraphs.length //=> 66
 */
export async function ingestFile(
  buf: Buffer,
  file: string,
  catalogEntry?: Partial<DocMeta>,
  id?: string,
): Promise<Ingested> {
  const format = formatOf(file);
  const r = format === null || format === 'txt' || format === 'md' ? ingestBuffer(buf, file, catalogEntry) : await ingestExtracted(buf, file, format, catalogEntry);
  if (r.doc && id !== undefined) r.doc.meta.id = id;
  return r;
}

async function ingestExtracted(
  buf: Buffer,
  file: string,
  format: Exclude<Format, 'txt' | 'md'>,
  catalogEntry: Partial<DocMeta> | undefined,
): Promise<Ingested> {
  let extracted: Extracted;
  try {
    extracted = await extract(buf, format);
  } catch (e) {
    return skipped(file, e instanceof UnreadableFileError ? e.message : `unreadable (${(e as Error).message})`);
  }
  const r = finish(file, linesToBlocks(extracted.lines), catalogEntry);
  const notes: IngestWarning[] = extracted.notes.map((n) => ({ file, reason: `${file}: ${n}`, skipped: false }));
  if (!r.doc) return { doc: null, warnings: [...notes, ...r.warnings] };
  const warnings = applyProperties(r.doc.meta, r.warnings, extracted.props, catalogEntry);
  return { doc: r.doc, warnings: [...notes, ...warnings], evidence: r.evidence };
}

/** The report files of a seeds directory that are indexed: see `listSeeds` for the rules, sorted by name. */
export function listSeedFiles(seedsDir: string): string[] {
  return listSeeds(seedsDir).files.map((f) => f.file);
}

/** When report files share a name, the first of these formats keeps it as its id. */
const ID_PRIORITY: readonly Format[] = ['txt', 'md', 'docx', 'doc', 'pdf', 'html'];

/**
 * The id of each report file: its name without the extension; when several files share that name (`a.txt`,
 * `a.pdf`), the text file keeps it (then .md, .docx, .doc, .pdf, .html) and the others add their extension.
 *
 * @example
 * seedIds(['a.pdf', 'a.txt', 'b.docx']) //=> Map { 'a.pdf' => 'a_pdf', 'a.txt' => 'a', 'b.docx' => 'b' }
 */
export function seedIds(files: readonly string[]): Map<string, string> {
  const stem = (f: string): string => f.replace(/\.[^.]+$/, '');
  const rank = (f: string): number => ID_PRIORITY.indexOf(formatOf(f) ?? 'html');
  const ordered = [...files].sort((a, b) => stem(a).localeCompare(stem(b)) || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const taken = new Set(files.map(stem));
  const ids = new Map<string, string>();
  const firstOf = new Set<string>();
  for (const f of ordered) {
    const s = stem(f);
    if (!firstOf.has(s)) {
      firstOf.add(s);
      ids.set(f, s);
      continue;
    }
    let id = `${s}_${(/\.([^.]+)$/.exec(f)?.[1] ?? 'file').toLowerCase()}`;
    for (let k = 2; taken.has(id); k++) id = `${s}_${(/\.([^.]+)$/.exec(f)?.[1] ?? 'file').toLowerCase()}_${k}`;
    taken.add(id);
    ids.set(f, id);
  }
  return ids;
}

/**
 * Reads `catalog.json` of a seeds directory; {} when there is none.
 *
 * @throws Error naming the file when it is not a JSON object.
 */
export function readCatalog(seedsDir: string, file?: string): Catalog {
  const p = file ?? path.join(seedsDir, CATALOG_FILE);
  if (file === undefined && !fs.existsSync(p)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readSeedSync(file ?? fs.realpathSync(p)).toString('utf8'));
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
 * The catalog {@link ingestDir} applies to a seeds directory: its `catalog.json` as {@link readCatalog} reads it, {} when
 * there is none.
 *
 * @throws Error naming the file when it cannot be read or is not a JSON object (ingestDir then warns and detects all).
 */
export function readSeedsCatalog(seedsDir: string, listing: SeedListing = listSeeds(seedsDir)): Catalog {
  return listing.catalog ? readCatalog(seedsDir, listing.catalog.path) : {};
}

/**
 * What the catalog gives each of these files, as a string to compare between builds (a generation keeps them, so
 * that a changed catalog.json re-ingests only the reports whose entry changed): the entry as JSON, for the files
 * that have one.
 */
export function catalogEntries(catalog: Catalog, files: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of files) {
    const entry = catalogEntryFor(catalog, file);
    if (entry !== undefined) out[file] = JSON.stringify(entry);
  }
  return out;
}

/**
 * Ingests every report of a seeds directory, in file-name order, with the catalog applied.
 *
 * @param opts.onDoc - called with each document as soon as it is read, in the order of the result's `docs`, so that
 *   a build can segment it while the next files are read; only `meta.duplicateOf` may still change after the call.
 * @param opts.catalog - the catalog to apply, already read by {@link readSeedsCatalog}, instead of reading it again.
 * @returns the documents and warnings, and the catalog applied ({} when catalog.json could not be read: warned).
 */
export async function ingestDir(
  seedsDir: string,
  opts: { only?: ReadonlySet<string>; onDoc?: (doc: IngestedDoc) => void; catalog?: Catalog } = {},
): Promise<IngestResult & { catalog: Catalog }> {
  const listing = listSeeds(seedsDir);
  // Every entry skipped by the listing is named, whatever `only` says: the warnings describe the folder.
  const warnings: IngestWarning[] = [...listing.skipped];
  let catalog: Catalog = {};
  try {
    catalog = opts.catalog ?? readSeedsCatalog(seedsDir, listing);
  } catch (e) {
    warnings.push({ file: CATALOG_FILE, reason: `${(e as Error).message}; detecting all metadata`, skipped: false });
  }
  const docs: IngestedDoc[] = [];
  const ids = seedIds(listing.files.map((f) => f.file));
  for (const { file, path: where } of listing.files) {
    if (opts.only && !opts.only.has(file)) continue;
    let buf: Buffer;
    try {
      buf = await readSeed(where);
    } catch (e) {
      warnings.push({ file, reason: `${file}: skipped, unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, skipped: true });
      continue;
    }
    const r = await ingestFile(buf, file, catalogEntryFor(catalog, file), ids.get(file));
    warnings.push(...r.warnings);
    if (r.doc) {
      docs.push(r.doc);
      opts.onDoc?.(r.doc);
    }
  }
  // A report present twice counts once; with `only`, the caller compares the new reports with the old ones.
  if (!opts.only) warnings.push(...markDuplicates(docs));
  return { docs, warnings, catalog };
}
