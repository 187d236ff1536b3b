/**
 * Words that name a document's place: `云南 旅游` asks for tourism in Yunnan's reports, and a paragraph of a Yunnan
 * report about tourism rarely writes 云南 again. Such a word is held by every paragraph of the documents of that
 * place, as a report's own text is about its place.
 */
import type { CorpusIndex } from '../index/corpus.js';
import { norm } from '../text/normalize.js';

/** The endings a place name is written with or without: 云南省, 呼和浩特市, 海拉尔区. */
const PLACE_SUFFIX = /(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|地区|省|市|区|县|旗|盟|州)$/u;

/** A place name without its ending (kept when nothing would remain). */
function bare(name: string): string {
  const b = name.replace(PLACE_SUFFIX, '');
  return b.length >= 2 ? b : name;
}

/** Per index: the first pid of each document, and one past the last (documents' paragraphs are consecutive). */
const starts = new WeakMap<CorpusIndex, Int32Array>();

function docStarts(ix: CorpusIndex): Int32Array {
  let s = starts.get(ix);
  if (!s) {
    s = new Int32Array(ix.docs.length + 1);
    for (let pid = ix.paraDoc.length - 1; pid >= 0; pid--) s[ix.paraDoc[pid]!] = pid;
    s[ix.docs.length] = ix.paraDoc.length;
    for (let d = ix.docs.length - 1; d >= 0; d--) if (ix.docParagraphs[d]!.length === 0) s[d] = s[d + 1]!;
    starts.set(ix, s);
  }
  return s;
}

/**
 * The documents whose place (city or district) the normalised word names, with or without its ending, as a mark
 * per document; null when none.
 *
 * @example
 * placeDocs(ix, '云南省') //=> marks the documents whose city is 云南
 */
export function placeDocs(ix: CorpusIndex, nq: string): Uint8Array | null {
  const word = bare(nq);
  if (word.length < 2) return null;
  let marks: Uint8Array | null = null;
  ix.docs.forEach((d, i) => {
    for (const place of [d.city, d.district]) {
      if (place && bare(norm(place)) === word) (marks ??= new Uint8Array(ix.docs.length))[i] = 1;
    }
  });
  return marks;
}

/** Every paragraph of the marked documents, ascending. */
export function pidsOfDocs(ix: CorpusIndex, marks: Uint8Array): Int32Array {
  const s = docStarts(ix);
  let n = 0;
  for (let d = 0; d < marks.length; d++) if (marks[d]) n += s[d + 1]! - s[d]!;
  const out = new Int32Array(n);
  let k = 0;
  for (let d = 0; d < marks.length; d++) if (marks[d]) for (let pid = s[d]!; pid < s[d + 1]!; pid++) out[k++] = pid;
  return out;
}
