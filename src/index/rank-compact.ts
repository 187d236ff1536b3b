/**
 * The saved ranked index read into typed arrays instead of MiniSearch's maps: per term its paragraphs (ascending)
 * and term frequencies, per paragraph its field length. What a served index searches with; MiniSearch itself is
 * made from it only when the index is changed (paragraphs appended or re-indexed) or saved again.
 *
 * Why: MiniSearch keeps a Map per term holding a Map entry per posting, about 190 MB at 100× the seeds, and parsing
 * the saved lines into those maps was most of the first search after a start. The scores are MiniSearch's, bit for
 * bit (see `rank-score.ts`; `test/index/rank-score.test.ts` compares them).
 */
import { EMPTY_SCORED, type Scored } from './pids.js';
import { termKey } from './rank-options.js';
import { bm25, collectScored, type ScoreScratch } from './rank-score.js';

/** The header line of `rank.ndjson` (MiniSearch's `toJSON()` without its `index`, plus the term count). */
interface Head {
  documentCount: number;
  nextId: number;
  documentIds: Record<string, number>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  storedFields: Record<string, unknown>;
  dirtCount?: number;
  serializationVersion: number;
  terms: number;
}

/** A growable typed array of 32-bit values. */
class Grow {
  a = new Uint32Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

export class CompactRank {
  private constructor(
    private readonly head: Omit<Head, 'documentIds' | 'fieldLength' | 'terms'>,
    private readonly terms: Map<string, number>,
    private readonly keys: string[],
    private readonly starts: Uint32Array,
    private readonly pids: Int32Array,
    private readonly tfs: Uint32Array,
    private readonly fieldLength: Float64Array,
    /** Per pid, its MiniSearch short id, or -1. */
    private readonly shortIds: Int32Array,
  ) {}

  get documentCount(): number {
    return this.head.documentCount;
  }

  /** Room a per-pid scratch needs. */
  get pidSpace(): number {
    return this.shortIds.length;
  }

  /**
   * Reads the lines `RankIndex.toLines` wrote, whose header `head` is parsed already; `undefined` (nothing of `rest`
   * read) when the header is not of the one shape read here (then MiniSearch loads them).
   *
   * @throws on a malformed line or a term count that differs from the header's
   */
  static read(head: Head, rest: Iterator<string>): CompactRank | undefined {
    const ids = head.fieldIds;
    if (head.serializationVersion !== 2 || (head.dirtCount ?? 0) !== 0 || !ids || Object.keys(ids).length !== 1 || ids.tokens !== 0) return undefined;
    if (!Number.isInteger(head.documentCount) || !Number.isInteger(head.nextId) || !Array.isArray(head.averageFieldLength)) return undefined;
    let maxPid = -1;
    for (const sid in head.documentIds) {
      const pid = head.documentIds[sid]!;
      if (!Number.isInteger(pid) || pid < 0 || !(Number(sid) < head.nextId)) return undefined;
      if (pid > maxPid) maxPid = pid;
    }
    const pidOf = new Int32Array(head.nextId).fill(-1);
    const shortIds = new Int32Array(maxPid + 1).fill(-1);
    const fieldLength = new Float64Array(maxPid + 1);
    let docs = 0;
    for (const sid in head.documentIds) {
      const pid = head.documentIds[sid]!;
      const len = head.fieldLength?.[sid];
      if (!Array.isArray(len) || len.length !== 1 || typeof len[0] !== 'number' || shortIds[pid] !== -1) return undefined;
      pidOf[Number(sid)] = pid;
      shortIds[pid] = Number(sid);
      fieldLength[pid] = len[0];
      docs++;
    }
    if (docs !== head.documentCount) return undefined;

    const terms = new Map<string, number>();
    const keys: string[] = [];
    const starts = new Grow();
    const pids = new Grow();
    const tfs = new Grow();
    let line = 1;
    for (let r = rest.next(); !r.done; r = rest.next()) {
      line++;
      // The lines written here, read without building an object per line (most of the parse otherwise).
      const at = pids.n;
      const quick = fastLine(r.value, pidOf, pids, tfs);
      if (quick !== null) {
        if (terms.has(quick)) throw new Error(`malformed term line ${line}`);
        terms.set(quick, keys.length);
        keys.push(quick);
        starts.push(at);
        continue;
      }
      const entry = JSON.parse(r.value) as unknown[];
      const data = Array.isArray(entry) && typeof entry[0] === 'string' && entry.length === 2 ? (entry[1] as Record<string, unknown>) : null;
      const postings = data !== null && typeof data === 'object' ? (data['0'] as Record<string, unknown> | undefined) : undefined;
      if (!postings || typeof postings !== 'object' || Object.keys(data!).length !== 1 || terms.has(entry[0] as string)) throw new Error(`malformed term line ${line}`);
      const from = pids.n;
      let ascending = true;
      let last = -1;
      for (const sk in postings) {
        const sid = Number(sk);
        const tf = postings[sk];
        const pid = Number.isInteger(sid) && sid >= 0 && sid < pidOf.length ? pidOf[sid]! : -1;
        if (pid < 0 || typeof tf !== 'number' || !Number.isInteger(tf) || tf < 1 || tf > 0xffffffff) throw new Error(`malformed term line ${line}`);
        if (pid <= last) ascending = false;
        last = pid;
        pids.push(pid);
        tfs.push(tf);
      }
      if (pids.n === from) throw new Error(`malformed term line ${line}`);
      if (!ascending) sortSlice(pids.a, tfs.a, from, pids.n);
      terms.set(entry[0] as string, keys.length);
      keys.push(entry[0] as string);
      starts.push(from);
    }
    if (keys.length !== head.terms) throw new Error(`${keys.length} terms, the header says ${head.terms}`);
    starts.push(pids.n);
    const { documentIds: _i, fieldLength: _l, terms: _t, ...small } = head;
    return new CompactRank(
      small, terms, keys, starts.a.slice(0, starts.n), new Int32Array(pids.a.buffer, 0, pids.n).slice(), tfs.a.slice(0, tfs.n), fieldLength, shortIds,
    );
  }

  /** What MiniSearch's `loadJS` takes to hold the same index (its `index` read once, entry by entry). */
  toJS(): Record<string, unknown> {
    const documentIds: Record<number, number> = {};
    const fieldLength: Record<number, number[]> = {};
    for (let pid = 0; pid < this.shortIds.length; pid++) {
      const sid = this.shortIds[pid]!;
      if (sid < 0) continue;
      documentIds[sid] = pid;
      fieldLength[sid] = [this.fieldLength[pid]!];
    }
    const { keys, starts, shortIds, pids, tfs } = this;
    function* index(): Generator<[string, Record<string, Record<number, number>>]> {
      for (let t = 0; t < keys.length; t++) {
        const postings: Record<number, number> = {};
        for (let i = starts[t]!; i < starts[t + 1]!; i++) postings[shortIds[pids[i]!]!] = tfs[i]!;
        yield [keys[t]!, { 0: postings }];
      }
    }
    return { ...this.head, documentIds, fieldLength, index: index() };
  }

  /**
   * What `MiniSearch.search({ queries, combineWith: mode })` scores over this index (limited to `only` when given),
   * in pid order: the same computation as `scoreDirect` (see there).
   */
  search(queries: readonly string[], mode: 'AND' | 'OR', only: Int32Array | undefined, scratch: ScoreScratch): Scored {
    const T: number[] = [];
    if (queries.length > 255) throw new Error('more than 255 query tokens');
    for (const q of queries) {
      if (q.includes(' ')) throw new Error('a query token holds a space');
      const t = this.terms.get(termKey(q));
      if (t === undefined) {
        if (mode === 'AND') return EMPTY_SCORED;
        continue;
      }
      T.push(t);
    }
    if (T.length === 0) return EMPTY_SCORED;
    const N = this.head.documentCount;
    const avg = this.head.averageFieldLength[0]!;
    const need = mode === 'AND' ? queries.length : 1;
    const { starts, pids: P, tfs, fieldLength } = this;
    let postings = 0;
    for (const t of T) postings += starts[t + 1]! - starts[t]!;

    if (only && only.length * T.length < postings) {
      const out = new Int32Array(only.length);
      const scores = new Float64Array(only.length);
      const at = T.map((t) => starts[t]!);
      let n = 0;
      for (let i = 0; i < only.length; i++) {
        const pid = only[i]!;
        if (pid >= this.shortIds.length || this.shortIds[pid]! < 0) continue;
        let score = 0;
        let matched = 0;
        for (let j = 0; j < T.length; j++) {
          const end = starts[T[j]! + 1]!;
          const k = (at[j] = seek(P, at[j]!, end, pid));
          if (k === end || P[k] !== pid) continue;
          score += bm25(tfs[k]!, end - starts[T[j]!]!, N, fieldLength[pid]!, avg);
          matched++;
        }
        if (matched < need) continue;
        out[n] = pid;
        scores[n++] = score * matched;
      }
      return n === 0 ? EMPTY_SCORED : { pids: out.slice(0, n), scores: scores.slice(0, n) };
    }

    const { sum, count } = scratch;
    const keep = only ? new Uint8Array(sum.length) : undefined;
    if (keep) for (const pid of only!) keep[pid] = 1;
    const touched = new Int32Array(postings);
    let t0 = 0;
    for (const t of T) {
      const from = starts[t]!;
      const end = starts[t + 1]!;
      const matching = end - from;
      for (let i = from; i < end; i++) {
        const pid = P[i]!;
        if (keep && keep[pid] !== 1) continue;
        if (count[pid] === 0) touched[t0++] = pid;
        sum[pid] = sum[pid]! + bm25(tfs[i]!, matching, N, fieldLength[pid]!, avg);
        count[pid] = count[pid]! + 1;
      }
    }
    return collectScored(touched, t0, sum, count, need);
  }
}

/**
 * Reads a line `["key",{"0":{"sid":tf,…}}]` exactly as `rankLines` and MiniSearch's `toJSON` write it, with pids
 * ascending, into `pids` and `tfs`; returns the key, or null with nothing kept when the line is anything else (it
 * then goes through `JSON.parse`, which also says what is malformed).
 */
function fastLine(s: string, pidOf: Int32Array, pids: Grow, tfs: Grow): string | null {
  const from = pids.n;
  const fail = (): null => {
    pids.n = from;
    tfs.n = from;
    return null;
  };
  if (s.charCodeAt(0) !== 0x5b || s.charCodeAt(1) !== 0x22) return null;
  const q = s.indexOf('"', 2);
  if (q < 0 || !s.startsWith('",{"0":{', q)) return null;
  const key = s.slice(2, q);
  if (key.includes('\\')) return null;
  let i = q + 8;
  let last = -1;
  for (;;) {
    if (s.charCodeAt(i) !== 0x22) return fail();
    i++;
    let sid = 0;
    let digits = 0;
    for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) {
      sid = sid * 10 + (c - 48);
      digits++;
    }
    if (digits === 0 || digits > 9 || s.charCodeAt(i) !== 0x22 || s.charCodeAt(i + 1) !== 0x3a) return fail();
    i += 2;
    let tf = 0;
    digits = 0;
    for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) {
      tf = tf * 10 + (c - 48);
      digits++;
    }
    if (digits === 0 || digits > 9 || tf < 1) return fail();
    const pid = sid < pidOf.length ? pidOf[sid]! : -1;
    // Unknown short ids (-1), repeats and pids out of order take the general path.
    if (pid <= last) return fail();
    last = pid;
    pids.push(pid);
    tfs.push(tf);
    const c = s.charCodeAt(i);
    if (c === 0x2c) {
      i++;
      continue;
    }
    return c === 0x7d && i + 3 === s.length && s.endsWith('}}]') ? key : fail();
  }
}

/** First index in [from, end) of the ascending `list` whose value is >= x (galloping), or `end`. */
function seek(list: Int32Array, from: number, end: number, x: number): number {
  if (from >= end || list[from]! >= x) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < end && list[hi]! < x) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > end) hi = end;
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < x) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Sorts `pids[from, end)` ascending, moving `tfs` along. */
function sortSlice(pids: Uint32Array, tfs: Uint32Array, from: number, end: number): void {
  const order = Array.from({ length: end - from }, (_, i) => from + i).sort((a, b) => pids[a]! - pids[b]!);
  const p = order.map((i) => pids[i]!);
  const f = order.map((i) => tfs[i]!);
  for (let i = 0; i < p.length; i++) {
    pids[from + i] = p[i]!;
    tfs[from + i] = f[i]!;
  }
}
