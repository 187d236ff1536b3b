/**
 * Five-year plans and national congresses as evidence of a year: which plan a text is (the one it names most, of
 * the latest it discusses at length: a plan reviews the last one and sets its own), and the year its documents are
 * dated; the year of a session of the National People's Congress (`十三届全国人大三次会议` → 2020).
 */
import type { Kind } from '../core/types.js';

const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `一`…`九十九` as a number; null for anything else. */
export function cnNumber(s: string): number | null {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  if (!m[2]) return m[3] || !m[1] ? null : CN[m[1]]!;
  return (m[1] ? CN[m[1]]! : 1) * 10 + (m[3] ? CN[m[3]]! : 0);
}

/** `第十个五年计划`, `第十一个五年规划`, `第十二个五年（2011—2015年）规划`, `“十五”计划`, `“十二五”时期`. */
const PLAN = /第([一二三四五六七八九十]{1,3})个五年(?:[（(][^（）()]{0,20}[）)])?(?:计划|规划)|“([一二三四五六七八九十]{1,3})五”/g;

/**
 * The plan a text is about: of the plans it names at least a third as often as the one named most, the latest.
 *
 * @example
 * planNumber('“六五”期间……“六五”……第七个五年计划……“七五”计划') //=> 7
 */
export function planNumber(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.matchAll(PLAN)) {
    const n = m[1] !== undefined ? cnNumber(m[1]) : cnNumber(m[2]!);
    if (n !== null && n >= 1 && n <= 20) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const most = Math.max(0, ...counts.values());
  const named = [...counts].filter(([, c]) => c * 3 >= most).map(([n]) => n);
  return named.length > 0 ? Math.max(...named) : null;
}

/** The first year of the n-th five-year plan (1953, 1958; the third began in 1966 after three years of adjustment). */
export function planStart(n: number): number {
  return n === 1 ? 1953 : n === 2 ? 1958 : 1966 + 5 * (n - 3);
}

/** National plans adopted late (the first in 1955, the sixth in 1982) and the proposal for the second (1956). */
const NATIONAL_PLAN_YEAR: Record<number, number> = { 1: 1955, 6: 1982 };
const NATIONAL_PROPOSAL_YEAR: Record<number, number> = { 2: 1956 };

/**
 * The year a plan document is dated: a plan (纲要) is adopted in its first year, a proposal (建议) the year before.
 *
 * @example
 * planYear(14, '规划建议', true) //=> 2020
 */
export function planYear(n: number, kind: Kind, national: boolean): number {
  if (kind === '规划建议') return (national ? NATIONAL_PROPOSAL_YEAR[n] : undefined) ?? planStart(n) - 1;
  return (national ? NATIONAL_PLAN_YEAR[n] : undefined) ?? planStart(n);
}

/** The first year of each National People's Congress (the 1st in 1954 … the 14th in 2023); a session a year. */
const NPC_START = [0, 1954, 1959, 1964, 1975, 1978, 1983, 1988, 1993, 1998, 2003, 2008, 2013, 2018, 2023];
const NPC_SESSION = /第?([一二三四五六七八九十]{1,3})届全国(?:人民代表大会|人大)第?([一二三四五六七八九十]{1,2})次(?:会议|全体会议)/;

/**
 * The year of the National People's Congress session a text names first.
 *
 * @example
 * npcSessionYear('十三届全国人大三次会议在人民大会堂开幕') //=> 2020
 */
export function npcSessionYear(text: string): number | null {
  const m = NPC_SESSION.exec(text);
  if (!m) return null;
  const term = cnNumber(m[1]!);
  const session = cnNumber(m[2]!);
  if (term === null || session === null || term >= NPC_START.length || session < 1 || session > 5) return null;
  return NPC_START[term]! + session - 1;
}
