/**
 * Paragraphs with the same text: a report stored several times, or the same heading in every year's report. Ranked
 * search shows one hit for them (README, "Ranking").
 */
import type { CorpusIndex } from '../index/corpus.js';

/** Per index, per pid: the first pid with the same text (itself when it is the first). */
const firstCopies = new WeakMap<CorpusIndex, Int32Array>();

/**
 * Per pid, the first paragraph of the corpus with the same text: the same letters and digits of the normalised
 * text, whatever the punctuation and spaces between them (one source writes `"一个中心"`, another `“一个中心”`).
 * Two paragraphs are copies when these are equal. Computed once per index (an index never changes once built).
 *
 * @example
 * // norms ['黄河', '长江', '黄河']
 * firstCopyOf(ix) //=> Int32Array [0, 1, 0]
 */
export function firstCopyOf(ix: Pick<CorpusIndex, 'norms'>): Int32Array {
  let first = firstCopies.get(ix as CorpusIndex);
  if (!first) {
    const seen = new Map<string, number>();
    first = new Int32Array(ix.norms.length);
    for (let pid = 0; pid < ix.norms.length; pid++) {
      const t = copyKey(ix.norms[pid]!);
      const at = seen.get(t);
      if (at === undefined) {
        seen.set(t, pid);
        first[pid] = pid;
      } else first[pid] = at;
    }
    firstCopies.set(ix as CorpusIndex, first);
  }
  return first;
}

const NOT_TEXT = /[^\p{L}\p{N}]/gu;

/** What two copies of a text share: its letters and digits; the whole text when it has none. */
export function copyKey(normText: string): string {
  const key = normText.replace(NOT_TEXT, '');
  return key.length > 0 ? key : normText;
}
