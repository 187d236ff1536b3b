/**
 * The order of ranked hits: the heading boost, and the top `k` by rank keys (whole query verbatim, then terms held
 * verbatim), then boosted BM25, then corpus order.
 */
import type { Level } from '../core/types.js';

/** The level boost of ranked search: headings name what their chapter is about. */
export const LEVEL_BOOST: Record<Level, number> = { 0: 1, 1: 1.5, 2: 1.35, 3: 1.2 };

/**
 * The first `k` of the hits in rank order: the whole query verbatim first, then more terms verbatim, then the
 * boosted BM25 score, then corpus order. Sorts only what the page needs when there are many hits.
 */
export function topRanked(keys: Float64Array, scores: Float64Array, pids: Int32Array, k: number): number[] {
  const better = (a: number, b: number): boolean =>
    keys[a]! !== keys[b]! ? keys[a]! > keys[b]! : scores[a]! !== scores[b]! ? scores[a]! > scores[b]! : pids[a]! < pids[b]!;
  const n = pids.length;
  if (k >= n / 4) {
    const all = Array.from({ length: n }, (_, i) => i);
    return all.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, k);
  }
  // A min-heap of the best k seen so far: its root is the worst of them.
  const heap: number[] = [];
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && better(heap[w]!, heap[l]!)) w = l;
      if (r < heap.length && better(heap[w]!, heap[r]!)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w]!, heap[i]!];
      i = w;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < k) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0;) {
        const p = (c - 1) >> 1;
        if (!better(heap[p]!, heap[c]!)) break;
        [heap[p], heap[c]] = [heap[c]!, heap[p]!];
        c = p;
      }
    } else if (better(i, heap[0]!)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
