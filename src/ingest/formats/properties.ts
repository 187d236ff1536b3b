/**
 * Document properties as a metadata source (SPEC §1: below the text itself): a field the text leaves empty is taken
 * from the file's title, subject, keywords and publisher when they name it; nothing the text or the catalog gives is
 * changed.
 */
import type { DocMeta, IngestWarning } from '../../core/types.js';
import { detectKind, detectPlace } from '../metadata.js';
import type { DocProps } from './extracted.js';

/** Titles tools write for you, which name no report: `Microsoft Word - 文档1.docx`, `无标题`, `Untitled`. */
const JUNK_TITLE = /^(?:microsoft\s+word\s*-|untitled|无标题|新建|文档\d*$)|\.(?:docx?|pdf|wps|txt|html?)$/i;

/**
 * Fills the fields of `meta` the text left empty from the document's properties, and drops the warnings about the
 * fields it fills.
 *
 * @param catalog - the file's catalog entry: a field it sets is never touched.
 * @returns the warnings still standing.
 * @example
 * // a PDF whose text names no place, with Info Title "包头市2024年政府工作报告"
 * applyProperties(meta, warnings, { title: '包头市2024年政府工作报告' }).length //=> 0 (city found: 包头)
 */
export function applyProperties(
  meta: DocMeta,
  warnings: readonly IngestWarning[],
  props: DocProps,
  catalog: Partial<DocMeta> = {},
): IngestWarning[] {
  const title = props.title && !JUNK_TITLE.test(props.title.trim()) ? props.title.trim() : undefined;
  // What the properties give is weak evidence: marked guessed, and said.
  const guessed: IngestWarning[] = [];
  const guess = (field: 'title' | 'city' | 'district' | 'kind'): void => {
    if (!meta.guessed.includes(field)) meta.guessed.push(field);
    if (field !== 'title') {
      guessed.push({ file: meta.file, field, reason: `${meta.file}: ${field} ${String(meta[field])} is a guess from the properties; check it or set it in catalog.json`, skipped: false });
    }
  };
  if (catalog.title === undefined && title && meta.title === meta.id) {
    meta.title = title;
    guess('title');
  }
  const text = [title, props.subject, props.keywords, props.publisher].filter(Boolean).join('\n');
  if (text === '') return [...warnings];
  if (catalog.city === undefined && meta.city === null) {
    const place = detectPlace(text, '');
    if (place.city !== null) {
      meta.city = place.city;
      guess('city');
      if (catalog.district === undefined) meta.district = place.district;
    }
  }
  if (catalog.kind === undefined && meta.kind === null) {
    meta.kind = detectKind(title ?? '', text, '');
    if (meta.kind !== null) guess('kind');
  }
  return [...warnings.filter((w) => !(w.field && w.field !== 'title' && meta[w.field] !== null && !w.reason.includes('is a guess'))), ...guessed];
}
