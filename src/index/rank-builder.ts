/**
 * Builds the saved lines of a ranked-search index directly, counting postings with typed arrays rather than through
 * MiniSearch's `add`; `RankIndex.fromLines` loads them.
 */
import { termKey, TOKEN_SEPARATOR, type SerializedRank } from './rank-options.js';

/**
 * Indexes paragraphs one at a time, in pid order, as their tokens become known: `RankIndex.build` in steps, as the lines `RankIndex.fromLines` loads.
 *
 * Why not MiniSearch's `add`: adding paragraphs one token at a time into MiniSearch's radix tree took most of a
 * build, and `toJSON` more to save it. The builder counts the
 * postings itself and writes the lines of MiniSearch's own serialisation (`toJSON()`'s shape, the one `loadJS`
 * reads) with exactly the bookkeeping `add` does: short ids 0…n−1 in pid order, a term's frequency per paragraph,
 * the field length as the number of distinct tokens and the running average of field lengths in the same
 * floating-point steps. The MiniSearch itself is loaded from those lines (`loadJS`, the public way in) when first
 * searched, so `npm run index` never builds it in memory at all. `test/engine/rank-build.test.ts` checks that both
 * ways give MiniSearch the same serialisation and the same scores.
 *
 * `add` takes a paragraph's field as MiniSearch would get it, the tokens joined by {@link TOKEN_SEPARATOR}: the
 * segmentation children and cache hold them so, and the builder looks each token up where it lies in the field.
 * `start` continues an index of `start.pid` paragraphs whose average field length is given (see `RankIndex.appendLines`).
 */
export function rankLines(start: { pid: number; averageFieldLength: number } = { pid: 0, averageFieldLength: 0 }): {
  add(field: string): void;
  finish(): string[];
} {
  // The terms in an open-addressing hash table over the field's characters: a token is looked up where it lies in
  // the field, and sliced out only the first time it is seen (a corpus repeats its tokens many times over).
  const terms: string[] = [];
  let termHash: Int32Array = new Int32Array(1 << 16);
  let table: Int32Array = new Int32Array(1 << 17).fill(-1);
  const termOf = (field: string, from: number, to: number): number => {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ field.charCodeAt(i), 0x01000193);
    for (let at = h & (table.length - 1); ; at = (at + 1) & (table.length - 1)) {
      const id = table[at]!;
      if (id === -1) {
        const t = terms.length;
        terms.push(field.slice(from, to));
        if (t === termHash.length) termHash = grown(termHash);
        termHash[t] = h;
        table[at] = t;
        if (terms.length * 2 > table.length) {
          table = new Int32Array(table.length * 2).fill(-1);
          for (let k = 0; k < terms.length; k++) {
            let j = termHash[k]! & (table.length - 1);
            while (table[j] !== -1) j = (j + 1) & (table.length - 1);
            table[j] = k;
          }
        }
        return t;
      }
      if (termHash[id] === h) {
        const term = terms[id]!;
        if (term.length === to - from) {
          let k = 0;
          while (k < term.length && term.charCodeAt(k) === field.charCodeAt(from + k)) k++;
          if (k === term.length) return id;
        }
      }
    }
  };
  // Per term: the last paragraph it occurred in, and where that paragraph's posting of it is.
  let lastPid: Int32Array = new Int32Array(1 << 16).fill(-1);
  let slot: Int32Array = new Int32Array(1 << 16);
  // The postings in paragraph order: term and frequency; paragraph p's are [starts[p], starts[p + 1]).
  let postTerm: Int32Array = new Int32Array(1 << 20);
  let postTf: Int32Array = new Int32Array(1 << 20);
  let posts = 0;
  const starts: number[] = [0];
  const fieldLength: number[] = [];
  let averageFieldLength = start.averageFieldLength;
  return {
    add: (field) => {
      const pid = start.pid + fieldLength.length;
      const first = posts;
      let empty = 0;
      // MiniSearch's tokenize: the field split at each separator; an empty field has no tokens.
      for (let from = 0; field.length > 0 && from <= field.length;) {
        let to = field.indexOf(TOKEN_SEPARATOR, from);
        if (to < 0) to = field.length;
        if (to === from) {
          // An empty token: it counts in the field length, and processTerm drops it.
          empty = 1;
        } else {
          const id = termOf(field, from, to);
          if (id === lastPid.length) {
            lastPid = grown(lastPid, -1);
            slot = grown(slot);
          }
          if (lastPid[id] === pid) {
            postTf[slot[id]!]!++;
          } else {
            if (posts === postTerm.length) {
              postTerm = grown(postTerm);
              postTf = grown(postTf);
            }
            lastPid[id] = pid;
            slot[id] = posts;
            postTerm[posts] = id;
            postTf[posts++] = 1;
          }
        }
        from = to + 1;
      }
      starts.push(posts);
      const length = posts - first + empty;
      // addFieldLength's arithmetic, step for step, so that scores are identical to the bit.
      averageFieldLength = (averageFieldLength * pid + length) / (pid + 1);
      fieldLength.push(length);
    },
    finish: () => {
      const n = fieldLength.length;
      const documentIds: Record<number, number> = {};
      const lengths: Record<number, number[]> = {};
      for (let i = 0; i < n; i++) {
        documentIds[start.pid + i] = start.pid + i;
        lengths[start.pid + i] = [fieldLength[i]!];
      }
      const head: Omit<SerializedRank, 'index'> & { terms: number } = {
        documentCount: start.pid + n,
        nextId: start.pid + n,
        documentIds,
        fieldIds: { tokens: 0 },
        fieldLength: lengths,
        averageFieldLength: start.pid + n === 0 ? [] : [averageFieldLength],
        storedFields: {},
        dirtCount: 0,
        serializationVersion: 2,
        terms: terms.length,
      };
      // Counting sort of the postings by term, paragraphs staying in order within a term.
      const at = new Int32Array(terms.length + 1);
      for (let k = 0; k < posts; k++) at[postTerm[k]! + 1]!++;
      for (let i = 0; i < terms.length; i++) at[i + 1]! += at[i]!;
      const byTermPid = new Int32Array(posts);
      const byTermTf = new Int32Array(posts);
      const fill = at.slice(0, terms.length);
      for (let i = 0; i < n; i++) {
        for (let k = starts[i]!; k < starts[i + 1]!; k++) {
          const j = fill[postTerm[k]!]!++;
          byTermPid[j] = start.pid + i;
          byTermTf[j] = postTf[k]!;
        }
      }
      const lines = new Array<string>(terms.length + 1);
      lines[0] = JSON.stringify(head);
      for (let i = 0; i < terms.length; i++) {
        // termKey is hex digits: nothing to escape.
        let line = `["${termKey(terms[i]!)}",{"0":{`;
        for (let j = at[i]!; j < at[i + 1]!; j++) line += `${j === at[i] ? '' : ','}"${byTermPid[j]}":${byTermTf[j]}`;
        lines[i + 1] = `${line}}}]`;
      }
      return lines;
    },
  };
}

/** A copy of twice the length; the new half filled with `fill` when given. */
function grown(a: Int32Array, fill?: number): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}
