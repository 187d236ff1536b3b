/**
 * The exact-mention index: which paragraphs hold each character unigram and bigram of the normalised texts, so a
 * mention's candidates come from a few list intersections and each is confirmed against its text.
 */
import { intersect } from './pids.js';
import { PostingLists } from './postings.js';

/**
 * How many list entries one candidate's confirmation is worth: decoding a varint gap costs a few nanoseconds,
 * `indexOf` over a paragraph a few hundred.
 */
const SKIP_LIST_RATIO = 64;

/**
 * Posting lists of the character unigrams and bigrams of every normalised paragraph: which paragraphs hold a given
 * one or two UTF-16 code units. A mention of `q` can only be in a paragraph that holds every bigram of `norm(q)`,
 * so intersecting their lists and confirming with `indexOf` finds exactly what a scan of all paragraphs finds.
 */
export class MentionIndex {
  constructor(
    /** Keyed by the code unit. */
    readonly uni: PostingLists,
    /** Keyed by `(first << 16 | second) >>> 0`. */
    readonly bi: PostingLists,
  ) {}

  /** Builds the lists from the normalised paragraph texts (index = paragraph ordinal). */
  static build(norms: readonly string[]): MentionIndex {
    return new MentionIndex(buildLists(norms, 1), buildLists(norms, 2));
  }

  /** The lists with paragraphs appended after the `offset` ones these lists were built from. */
  append(norms: readonly string[], offset: number): MentionIndex {
    const more = MentionIndex.build(norms);
    return new MentionIndex(this.uni.append(more.uni, offset), this.bi.append(more.bi, offset));
  }

  /**
   * Paragraphs that may mention `nq` (already normalised): a superset of the true answer, sorted; none for "".
   * Every one holds every bigram of `nq` (what ranked search relies on for a token's reach).
   */
  candidates(nq: string): Int32Array {
    return this.lists(nq, 8);
  }

  /**
   * Like {@link candidates}, but a looser superset for callers that confirm every candidate against its text
   * (exact mentions): a list more than `SKIP_LIST_RATIO` times longer than the candidates left is not decoded, as
   * confirming those few candidates with `indexOf` costs less than reading it.
   */
  toConfirm(nq: string): Int32Array {
    return this.lists(nq, 0);
  }

  /** The intersection of `nq`'s bigram lists, rarest first, stopping at `stopBelow` candidates (0: by list length). */
  private lists(nq: string, stopBelow: number): Int32Array {
    if (nq.length === 0) return new Int32Array(0);
    if (nq.length === 1) return this.uni.get(nq.charCodeAt(0));
    const found: number[] = [];
    for (let i = 0; i + 1 < nq.length; i++) {
      const at = this.bi.find(((nq.charCodeAt(i) << 16) | nq.charCodeAt(i + 1)) >>> 0);
      if (at < 0) return new Int32Array(0);
      if (!found.includes(at)) found.push(at);
    }
    // The rarest lists first; once few candidates are left, confirming them directly is cheaper than decoding and
    // intersecting the longer lists.
    const counts = this.bi.counts;
    found.sort((x, y) => counts[x]! - counts[y]!);
    let acc = this.bi.decode(found[0]!);
    for (let li = 1; li < found.length && acc.length > stopBelow; li++) {
      if (stopBelow === 0 && counts[found[li]!]! > acc.length * SKIP_LIST_RATIO) break;
      acc = intersect(acc, this.bi.decode(found[li]!));
    }
    return acc;
  }

  /** Exactly the paragraphs whose normalised text contains `nq` (non-empty), ascending. */
  containing(nq: string, norms: readonly string[]): Int32Array {
    const cand = this.candidates(nq);
    // A list of one or two code units is exact already.
    if (nq.length <= 2) return cand;
    const out = new Int32Array(cand.length);
    let n = 0;
    for (const pid of cand) if (norms[pid]!.includes(nq)) out[n++] = pid;
    return out.subarray(0, n);
  }
}

/** Non-overlapping occurrences of `needle` in `hay`, left to right. */
export function countOccurrences(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * Dense ids for the keys met, in the order met: a direct table for code units, an open-addressing hash over typed
 * arrays for pairs of them (Maps were several times slower on a corpus's tens of millions of characters).
 */
class KeyIds {
  readonly keys: number[] = [];
  private slots: Uint32Array;
  private ids: Int32Array;
  private mask: number;
  /** 32 minus the table's bits: a slot is the top bits of the key times a Fibonacci constant. */
  private shift: number;

  constructor(private readonly direct: boolean) {
    const size = direct ? 0x10000 : 1 << 16;
    this.slots = new Uint32Array(direct ? 0 : size);
    this.ids = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.shift = 16;
  }

  /** The id of `key` (a code unit, or two as `(first << 16 | second) >>> 0`), given the next one when new. */
  idOf(key: number): number {
    if (this.direct) {
      let id = this.ids[key]!;
      if (id < 0) this.ids[key] = id = this.keys.push(key) - 1;
      return id;
    }
    let at = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const id = this.ids[at]!;
      if (id < 0) break;
      if (this.slots[at] === key) return id;
      at = (at + 1) & this.mask;
    }
    const id = this.keys.push(key) - 1;
    this.slots[at] = key;
    this.ids[at] = id;
    if (this.keys.length * 2 > this.ids.length) this.grow();
    return id;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    this.slots = new Uint32Array(size);
    this.ids = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.shift--;
    this.keys.forEach((key, id) => {
      let at = Math.imul(key, 0x9e3779b1) >>> this.shift;
      while (this.ids[at]! >= 0) at = (at + 1) & this.mask;
      this.slots[at] = key;
      this.ids[at] = id;
    });
  }
}

/** The posting lists of the units (`span` 1) or pairs (`span` 2) of code units of every text. */
function buildLists(norms: readonly string[], span: 1 | 2): PostingLists {
  // Dense ids for the keys met, a first pass to count each key's paragraphs, then the lists in one array.
  const ids = new KeyIds(span === 1);
  let counts = new Int32Array(1024);
  let lastPid = new Int32Array(1024).fill(-1);
  let total = 0;
  for (const t of norms) total += Math.max(0, t.length - span + 1);
  const seq = new Int32Array(total);
  const ends = new Int32Array(norms.length);
  let n = 0;
  for (let pid = 0; pid < norms.length; pid++) {
    const t = norms[pid]!;
    let prev = t.length > 0 ? t.charCodeAt(0) : 0;
    for (let i = span - 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      const id = ids.idOf(span === 1 ? c : ((prev << 16) | c) >>> 0);
      prev = c;
      if (id >= counts.length) {
        const grown = new Int32Array(counts.length * 2);
        grown.set(counts);
        counts = grown;
        const l = new Int32Array(lastPid.length * 2).fill(-1);
        l.set(lastPid);
        lastPid = l;
      }
      // Once per paragraph.
      if (lastPid[id] === pid) continue;
      lastPid[id] = pid;
      counts[id]!++;
      seq[n++] = id;
    }
    ends[pid] = n;
  }
  const keys = ids.keys;
  const order = Array.from(keys.keys()).sort((x, y) => keys[x]! - keys[y]!);
  const sortedKeys = new Uint32Array(keys.length);
  const offsets = new Uint32Array(keys.length + 1);
  const start = new Int32Array(keys.length);
  let at = 0;
  order.forEach((id, rank) => {
    sortedKeys[rank] = keys[id]!;
    offsets[rank] = at;
    start[id] = at;
    at += counts[id]!;
  });
  offsets[keys.length] = at;
  const postings = new Int32Array(at);
  let from = 0;
  for (let pid = 0; pid < norms.length; pid++) {
    for (let j = from; j < ends[pid]!; j++) postings[start[seq[j]!]!++] = pid;
    from = ends[pid]!;
  }
  return PostingLists.encode(sortedKeys, offsets, postings);
}
