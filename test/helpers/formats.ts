/**
 * Shared by the format tests: the fixtures of test/fixtures/formats, and "nothing is lost" measured as the issue
 * defines it: the clauses of the text version, each found in the paragraphs another format gave.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ingestBuffer, ingestFile } from '../../src/ingest/index.js';
import { norm } from '../../src/text/normalize.js';
import type { IngestWarning, IngestedDoc, Paragraph } from '../../src/core/types.js';
import { ROOT } from './seed-docs.js';

export const FORMATS = path.join(ROOT, 'test/fixtures/formats');
export const SEED_000 = '000_cacabed7aa6ec20d';

/** A fixture of test/fixtures/formats (`real/…` for the real documents) ingested as a seed file of that name. */
export async function ingestFixture(name: string): Promise<{ doc: IngestedDoc | null; warnings: IngestWarning[] }> {
  return ingestFile(fs.readFileSync(path.join(FORMATS, name)), path.basename(name));
}

/** The text version a format fixture was made from, ingested as text. */
export function ingestText(file: string): IngestedDoc {
  return ingestBuffer(fs.readFileSync(file), path.basename(file)).doc!;
}

/**
 * The clauses of a text source (split at blank lines and 。！？；，), six chars or more after norm(); page markers,
 * markdown marks and the page numbers of a table of contents are no sentence of the report and are stripped first.
 */
export function clauses(text: string): string[] {
  const stripped = text
    .replace(/[（(]\s*(?:上接|下转)第[0-9一二三四五六七八九十]+版\s*[)）]/g, '\n\n')
    .replace(/\*\*/g, '')
    .replace(/^#+\s/gm, '')
    .replace(/[\t ]*[(（]\d+[)）][\t ]*$/gm, '\n\n');
  return stripped
    .split(/\n[ \t\u3000]*\n|[。！？；，]/)
    .map((c) => norm(c))
    .filter((c) => c.length >= 6);
}

/** The clauses of `source` missing from the paragraphs, and the share found. */
export function coverage(source: string, paragraphs: readonly Paragraph[]): { share: number; missing: string[] } {
  const all = norm(paragraphs.map((p) => p.text).join('\n'));
  const cs = clauses(source);
  const missing = cs.filter((c) => !all.includes(c));
  return { share: 1 - missing.length / cs.length, missing };
}

/** The chapters, and the sections of each, in document order. */
export function outline(paragraphs: readonly Paragraph[]): string[] {
  return [...new Set(paragraphs.filter((p) => p.chapter || p.section).map((p) => `${p.chapter} › ${p.section}`))];
}
