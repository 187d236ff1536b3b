/**
 * The same report twice in a collection (from two sources, or as .txt and .docx): both are kept, the later one marked
 * `duplicateOf` the first, so that mentions, facets and charts count the report once unless asked for both.
 */
import type { IngestedDoc, IngestWarning } from '../core/types.js';
import { norm } from '../text/normalize.js';

/** Sentences this long (normalised) are compared; shorter ones repeat across any two reports. */
const MIN_SENTENCE = 8;
/** Two documents are one report when this share of the smaller one's sentences is in the other. */
const SAME_REPORT = 0.8;
/** A later copy with this many times the sentences of the first holds more of the report, and is counted instead. */
const FULLER = 1.2;

function duplicateWarning(copy: IngestedDoc, of: IngestedDoc): IngestWarning {
  return {
    file: copy.meta.file,
    reason: `${copy.meta.file}: the same report as ${of.meta.file}; marked duplicateOf ${of.meta.id} and counted once`,
    skipped: false,
  };
}

function sentenceSet(doc: IngestedDoc): Set<string> {
  const out = new Set<string>();
  for (const p of doc.paragraphs) for (const s of norm(p.text).split(/[。！？；!?;]/)) if (s.length >= MIN_SENTENCE) out.add(s);
  return out;
}

/**
 * Marks each document that repeats an earlier one of the same place, year and kind (its `duplicateOf`), in place;
 * when the later copy holds clearly more of the report (the earlier is one page of a paginated scrape), the earlier
 * is marked instead. Documents already marked keep their mark; a document is compared only with documents that are
 * not duplicates.
 *
 * @returns a warning per document marked, naming both files
 */
export function markDuplicates(docs: readonly IngestedDoc[]): IngestWarning[] {
  const warnings: IngestWarning[] = [];
  const groups = new Map<string, { doc: IngestedDoc; sentences: Set<string> }[]>();
  // The first of a report's copies is the one that keeps its file's plain name as its id (the text file beside a
  // PDF of it), then file order.
  const plain = (d: IngestedDoc): number => (d.meta.id === d.meta.file.replace(/\.[^.]+$/, '') ? 0 : 1);
  const ordered = docs.map((d, i) => ({ d, i })).sort((a, b) => plain(a.d) - plain(b.d) || a.i - b.i).map((x) => x.d);
  for (const doc of ordered) {
    const { city, year, kind } = doc.meta;
    if (city === null || year === null || kind === null) continue;
    const key = `${city}\u0000${doc.meta.district ?? ''}\u0000${year}\u0000${kind}`;
    const group = groups.get(key) ?? [];
    groups.set(key, group);
    if (doc.meta.duplicateOf !== null) continue;
    const sentences = sentenceSet(doc);
    const same = group.find((g) => {
      let shared = 0;
      const [small, large] = g.sentences.size <= sentences.size ? [g.sentences, sentences] : [sentences, g.sentences];
      for (const s of small) if (large.has(s)) shared++;
      return small.size > 0 && shared >= small.size * SAME_REPORT;
    });
    if (same && sentences.size > same.sentences.size * FULLER) {
      // This copy holds clearly more of the report (the other is one page of a paginated scrape, an abstract): it is
      // the one counted, and the copies marked before point to it.
      for (const d of docs) if (d.meta.duplicateOf === same.doc.meta.id) d.meta.duplicateOf = doc.meta.id;
      same.doc.meta.duplicateOf = doc.meta.id;
      warnings.push(duplicateWarning(same.doc, doc));
      group[group.indexOf(same)] = { doc, sentences };
    } else if (same) {
      doc.meta.duplicateOf = same.doc.meta.id;
      warnings.push(duplicateWarning(doc, same.doc));
    } else {
      group.push({ doc, sentences });
    }
  }
  return warnings;
}
