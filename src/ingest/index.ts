/**
 * Ingestion: report files → documents of clean, outlined paragraphs with metadata (README, "Adding reports" and "How a report becomes paragraphs").
 * One bad file never stops a build: it is skipped with a warning naming it and the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocMeta, IngestedDoc, IngestResult, IngestWarning } from '../core/types.js';
import { boundParagraphs } from './bounds.js';
import { toBlocks } from './clean.js';
import { decode } from './decode.js';
import { CATALOG_FILE, listSeeds, readSeed, readSeedSync } from './listing.js';
import { buildMeta, sanitizeCatalogEntry } from './metadata.js';
import { buildOutline } from './outline.js';

export { decode } from './decode.js';
export { toBlocks, dropJustificationSpaces, dropPageMarkers } from './clean.js';
export { buildOutline, matchHeading } from './outline.js';
export { detectPlace, detectYear, detectKind } from './metadata.js';

export { CATALOG_FILE, listSeeds, MAX_SEED_BYTES, readSeed, readSeedSync, REPORT_FILE, type SeedFile, type SeedListing } from './listing.js';

/** The ingestion stages, relative to the root: their code decides what an index holds (see `store/stamp.ts`). */
export const INGEST_SOURCES = ['src/ingest/index.ts', 'src/ingest/listing.ts', 'src/ingest/bounds.ts', 'src/ingest/decode.ts', 'src/ingest/clean.ts', 'src/ingest/outline.ts', 'src/ingest/metadata.ts'] as const;

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
): { doc: IngestedDoc | null; warnings: IngestWarning[] } {
  const decoded = decode(buf);
  if (!decoded.ok) return { doc: null, warnings: [{ file, reason: `${file}: skipped, ${decoded.reason}`, skipped: true }] };
  const bounded = boundParagraphs(buildOutline(toBlocks(decoded.text)), file);
  if (bounded.skip) return { doc: null, warnings: [...bounded.warnings, bounded.skip] };
  const paragraphs = bounded.paragraphs;
  if (paragraphs.length === 0) {
    return { doc: null, warnings: [{ file, reason: `${file}: skipped, no text after cleaning`, skipped: true }] };
  }
  const { meta, warnings } = buildMeta(file, paragraphs, catalogEntry);
  return { doc: { meta, paragraphs }, warnings: [...bounded.warnings, ...warnings] };
}

/** The report files of a seeds directory that are indexed: see `listSeeds` for the rules, sorted by name. */
export function listSeedFiles(seedsDir: string): string[] {
  return listSeeds(seedsDir).files.map((f) => f.file);
}

/**
 * Reads `catalog.json` of a seeds directory (a regular file, or a link to one inside the folder); {} when there is
 * none.
 *
 * @param file where to read it, when already listed (`listSeeds(seedsDir).catalog.path`)
 * @throws Error naming the file when it cannot be read or is not a JSON object.
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
 * Ingests every report of a seeds directory, in file-name order, with the catalog applied.
 */
export async function ingestDir(seedsDir: string, opts: { only?: ReadonlySet<string> } = {}): Promise<IngestResult> {
  const listing = listSeeds(seedsDir);
  // Every entry skipped by the listing is named, whatever `only` says: the warnings describe the folder.
  const warnings: IngestWarning[] = [...listing.skipped];
  let catalog: Catalog = {};
  try {
    if (listing.catalog) catalog = readCatalog(seedsDir, listing.catalog.path);
  } catch (e) {
    warnings.push({ file: CATALOG_FILE, reason: `${(e as Error).message}; detecting all metadata`, skipped: false });
  }
  const docs: IngestedDoc[] = [];
  for (const { file, path: where } of listing.files) {
    if (opts.only && !opts.only.has(file)) continue;
    let buf: Buffer;
    try {
      buf = await readSeed(where);
    } catch (e) {
      warnings.push({ file, reason: `${file}: skipped, unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, skipped: true });
      continue;
    }
    const r = ingestBuffer(buf, file, catalogEntryFor(catalog, file));
    warnings.push(...r.warnings);
    if (r.doc) docs.push(r.doc);
  }
  return { docs, warnings };
}
