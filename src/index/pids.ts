/**
 * Sets of paragraphs as ascending pid lists, with or without a score per paragraph, and their algebra: union,
 * intersection (galloping through the longer list) and difference.
 */

/** Paragraphs (ascending pids) with a score each. */
export interface Scored {
  pids: Int32Array;
  scores: Float64Array;
}

export const EMPTY_SCORED: Scored = { pids: new Int32Array(0), scores: new Float64Array(0) };

/** First index `>= from` of an ascending list whose value is `>= x` (galloping): the one search of pid lists. */
function seek(list: Int32Array, from: number, x: number): number {
  if (from >= list.length || list[from]! >= x) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < list.length && list[hi]! < x) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > list.length) hi = list.length;
  // list[lo] < x, and list[hi] >= x or hi is the end.
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < x) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Paragraphs in either, scores summed. */
export function unionScored(a: Scored, b: Scored): Scored {
  if (a.pids.length === 0) return b;
  if (b.pids.length === 0) return a;
  const pids = new Int32Array(a.pids.length + b.pids.length);
  const scores = new Float64Array(pids.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.pids.length || j < b.pids.length) {
    const x = i < a.pids.length ? a.pids[i]! : Infinity;
    const y = j < b.pids.length ? b.pids[j]! : Infinity;
    if (x === y) {
      pids[n] = x;
      scores[n++] = a.scores[i++]! + b.scores[j++]!;
    } else if (x < y) {
      pids[n] = x;
      scores[n++] = a.scores[i++]!;
    } else {
      pids[n] = y;
      scores[n++] = b.scores[j++]!;
    }
  }
  return { pids: pids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Paragraphs in both, scores summed. */
export function intersectScored(a: Scored, b: Scored): Scored {
  const small = a.pids.length <= b.pids.length ? a : b;
  const big = small === a ? b : a;
  const pids = new Int32Array(small.pids.length);
  const scores = new Float64Array(small.pids.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < small.pids.length; i++) {
    const x = small.pids[i]!;
    j = seek(big.pids, j, x);
    if (j < big.pids.length && big.pids[j] === x) {
      pids[n] = x;
      scores[n++] = small.scores[i]! + big.scores[j]!;
    }
  }
  return { pids: pids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** The paragraphs of `a` not in the ascending list `drop`. */
export function subtractPids(a: Scored, drop: Int32Array): Scored {
  if (drop.length === 0 || a.pids.length === 0) return a;
  const pids = new Int32Array(a.pids.length);
  const scores = new Float64Array(a.pids.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.pids.length; i++) {
    const x = a.pids[i]!;
    j = seek(drop, j, x);
    if (j < drop.length && drop[j] === x) continue;
    pids[n] = x;
    scores[n++] = a.scores[i]!;
  }
  return { pids: pids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Ascending intersection of ascending pid lists (at least one), the shortest first. */
export function intersectPids(lists: readonly Int32Array[]): Int32Array {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc = sorted[0]!;
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect(acc, sorted[i]!);
  return acc;
}

/** Ascending union of ascending pid lists. */
export function unionPids(lists: readonly Int32Array[]): Int32Array {
  let acc: Int32Array = new Int32Array(0);
  for (const l of lists) acc = unionScored({ pids: acc, scores: new Float64Array(acc.length) }, { pids: l, scores: new Float64Array(l.length) }).pids;
  return acc;
}

/** Intersection of two ascending lists; gallops through the longer one. */
export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i]!;
    j = seek(b, j, x);
    if (j < b.length && b[j] === x) out[n++] = x;
  }
  return out.subarray(0, n);
}

/** True when the ascending list `pids` holds `pid`. */
export function hasPid(pids: Int32Array, pid: number): boolean {
  const i = seek(pids, 0, pid);
  return i < pids.length && pids[i] === pid;
}

/** The paragraphs `pids`, each with the score `score`. */
export function constScored(pids: Int32Array, score: number): Scored {
  return { pids, scores: new Float64Array(pids.length).fill(score) };
}

/** `s` with every score multiplied by `f`. */
export function scaled(s: Scored, f: number): Scored {
  if (f === 1) return s;
  const scores = new Float64Array(s.scores.length);
  for (let i = 0; i < scores.length; i++) scores[i] = s.scores[i]! * f;
  return { pids: s.pids, scores };
}
