/**
 * What ingestion made of one file, as plain text: metadata, outline and paragraphs
 * (`npm run index -- --inspect <file>`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FORMAT_LABELS, formatOf } from '../core/formats.js';
import { outlineOf } from '../core/outline.js';
import type { IngestedDoc } from '../core/types.js';
import { catalogEntryFor, ingestFile, readCatalog } from './index.js';
import type { MetaResult } from './metadata.js';

/**
 * Renders a document for a human: metadata, warnings, the outline with paragraph numbers, then every paragraph as
 * `n [level] chapter › section | text`. The catalog next to the file applies. Every format is read: text, PDF, Word
 * and web pages.
 *
 * @throws Error when the file cannot be read from disk (a file it cannot extract gives its warning instead).
 */
export async function inspectFile(file: string): Promise<string> {
  const buf = await fs.promises.readFile(file);
  let catalog = {};
  try {
    catalog = readCatalog(path.dirname(file));
  } catch {
    // A broken catalog is reported by the index build; inspection shows detection alone.
  }
  const name = path.basename(file);
  const { doc, warnings, evidence } = await ingestFile(buf, name, catalogEntryFor(catalog, name));
  const lines: string[] = [];
  for (const w of warnings) lines.push(`warning: ${w.reason}`);
  if (!doc) return lines.join('\n') + '\n';
  lines.push(...renderDoc(doc, evidence));
  return lines.join('\n') + '\n';
}

/** The lines of `inspectFile` for an ingested document. */
function renderDoc(doc: IngestedDoc, evidence?: MetaResult['evidence']): string[] {
  const m = doc.meta;
  // Where each field came from, and whether that evidence is weak: `year: 1992  (delivery line)`.
  const from = (field: keyof MetaResult['evidence']): string => {
    const e = evidence?.[field];
    return e ? `  (${e}${m.guessed.includes(field) ? ', guessed' : ''})` : '';
  };
  const lines = [
    `id:         ${m.id}`,
    `title:      ${m.title}${from('title')}`,
    `city:       ${m.city ?? '(unknown)'}${from('city')}`,
    `district:   ${m.district ?? '-'}${from('district')}`,
    `year:       ${m.year ?? '(unknown)'}${from('year')}`,
    `kind:       ${m.kind ?? '(unknown)'}${from('kind')}`,
    `file:       ${m.file}`,
    `format:     ${FORMAT_LABELS[formatOf(m.file) ?? 'txt']}`,
    `paragraphs: ${m.paragraphs}`,
    '',
    'outline:',
  ];
  for (const chapter of outlineOf(doc.paragraphs)) {
    if (chapter.text) lines.push(`  ${chapter.text}  (¶${chapter.n})`);
    for (const s of chapter.sections) lines.push(`    ${s.text}  (¶${s.n})`);
  }
  lines.push('', 'paragraphs:');
  for (const p of doc.paragraphs) {
    const where = [p.chapter, p.section].filter(Boolean).join(' › ');
    lines.push(`${p.n} [${p.level}] ${where} | ${p.text}`);
  }
  return lines;
}
