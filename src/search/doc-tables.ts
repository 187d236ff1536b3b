/**
 * Per-document tables that mentions and its series read, built on first use and kept with the index: each
 * document's rank in year-then-city order, its year and city as ordinals, its length and its first paragraph.
 */
import type { DocMeta } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';

/** Orders documents by year, then city, then id; unknown years and cities last. */
function compareDocs(a: DocMeta, b: DocMeta): number {
  if (a.year !== b.year) return a.year === null ? 1 : b.year === null ? -1 : a.year - b.year;
  if (a.city !== b.city) return a.city === null ? 1 : b.city === null ? -1 : a.city < b.city ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Per-document tables for mentions: rank in year-then-city order, and year and city as ordinals. */
export interface DocTables {
  rank: Int32Array;
  /** The document at each rank (the inverse of `rank`). */
  byRank: Int32Array;
  /** Ordinal in `years` (ascending), or -1. */
  year: Int32Array;
  years: number[];
  /** Ordinal in `cities` (sorted), or -1. */
  city: Int32Array;
  cities: string[];
  /** Characters of each document's paragraphs, and its first paragraph's pid (-1 when it has none). */
  chars: Float64Array;
  firstPid: Int32Array;
}

const tables = new WeakMap<CorpusIndex, DocTables>();

/** Built on first use and kept with the index. */
export function docTables(ix: CorpusIndex): DocTables {
  let t = tables.get(ix);
  if (t) return t;
  const rank = new Int32Array(ix.docs.length);
  const byRank = Int32Array.from([...ix.docs.keys()].sort((a, b) => compareDocs(ix.docs[a]!, ix.docs[b]!)));
  byRank.forEach((di, r) => (rank[di] = r));
  const years = [...new Set(ix.docs.map((d) => d.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const cities = [...new Set(ix.docs.map((d) => d.city).filter((c): c is string => c !== null))].sort();
  const yi = new Map(years.map((y, i) => [y, i]));
  const ci = new Map(cities.map((c, i) => [c, i]));
  t = {
    rank,
    byRank,
    year: Int32Array.from(ix.docs, (d) => (d.year === null ? -1 : yi.get(d.year)!)),
    years,
    city: Int32Array.from(ix.docs, (d) => (d.city === null ? -1 : ci.get(d.city)!)),
    cities,
    chars: Float64Array.from(ix.docParagraphs, (ps) => ps.reduce((n, p) => n + p.text.length, 0)),
    firstPid: new Int32Array(ix.docs.length).fill(-1),
  };
  for (let pid = ix.paraDoc.length - 1; pid >= 0; pid--) t.firstPid[ix.paraDoc[pid]!] = pid;
  tables.set(ix, t);
  return t;
}


/** Documents `dis` in year-then-city order (a new array): their ranks sorted as numbers, without a comparator. */
export function inRankOrder(t: DocTables, dis: readonly number[]): number[] {
  const ranks = new Int32Array(dis.length);
  for (let i = 0; i < dis.length; i++) ranks[i] = t.rank[dis[i]!]!;
  ranks.sort();
  const out = new Array<number>(dis.length);
  for (let i = 0; i < dis.length; i++) out[i] = t.byRank[ranks[i]!]!;
  return out;
}
