/**
 * The brute-force reference: what grep does. Every paragraph is normalised once up front; each query then scans all
 * of them with `indexOf`. Exact mentions must beat this by a wide margin, and must agree with it.
 */

/** Normalises text as SPEC §3 says (`norm` from src/normalize.ts in the benchmark, a stand-in in unit tests). */
export type Norm = (s: string) => string;

/**
 * Occurrences of `needle` in `haystack`, counted left to right without overlap; 0 for an empty needle.
 *
 * @example
 * countOccurrences('aaaa', 'aa') //=> 2
 */
export function countOccurrences(haystack: string, needle: string): number {
  if (needle === '') return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

export interface ScanResult {
  /** Paragraphs holding the query. */
  paragraphs: number;
  /** Occurrences in all of them, without overlap. */
  occurrences: number;
}

/**
 * Exact mentions of `q` by scanning every normalised paragraph.
 *
 * @example
 * scanMentions(['乳业乳业', '奶业'], '乳业', (s) => s) //=> { paragraphs: 1, occurrences: 2 }
 */
export function scanMentions(normParagraphs: readonly string[], q: string, norm: Norm): ScanResult {
  const needle = norm(q);
  let paragraphs = 0;
  let occurrences = 0;
  if (needle === '') return { paragraphs, occurrences };
  for (const text of normParagraphs) {
    const c = countOccurrences(text, needle);
    if (c > 0) {
      paragraphs++;
      occurrences += c;
    }
  }
  return { paragraphs, occurrences };
}

/** A query of SPEC §4 reduced to substrings: every group must match (any of its alternatives), no exclusion may. */
export interface ScanQuery {
  groups: string[][];
  exclude: string[];
}

/**
 * Reads the query syntax (`"phrase"`, `-word`, `a OR b`, `a | b`, several words) into substrings to scan for.
 * Words are not segmented: the scan looks for each as written, normalised.
 *
 * @example
 * parseScanQuery('马铃薯 OR 燕麦 -"光伏产业"', (s) => s) //=> { groups: [['马铃薯', '燕麦']], exclude: ['光伏产业'] }
 */
export function parseScanQuery(q: string, norm: Norm): ScanQuery {
  const groups: string[][] = [];
  const exclude: string[] = [];
  let joinNext = false;
  for (const raw of q.match(/-?"[^"]*"?|\S+/g) ?? []) {
    if (raw === 'OR' || raw === '|') {
      joinNext = groups.length > 0;
      continue;
    }
    const negative = raw.startsWith('-') && raw.length > 1;
    const body = negative ? raw.slice(1) : raw;
    const alternatives = (body.startsWith('"') ? [body.replace(/"/g, '')] : body.split('|'))
      .map(norm)
      .filter((s) => s !== '');
    if (alternatives.length === 0) continue;
    if (negative) exclude.push(...alternatives);
    else if (joinNext) groups[groups.length - 1]!.push(...alternatives);
    else groups.push(alternatives);
    joinNext = false;
  }
  return { groups, exclude };
}

/**
 * Paragraphs matching a syntax query by scanning (no ranking: the brute-force peer of ranked search).
 *
 * @example
 * scanSearch(['马铃薯', '燕麦', '小麦'], parseScanQuery('马铃薯 OR 燕麦', (s) => s)) //=> 2
 */
export function scanSearch(normParagraphs: readonly string[], query: ScanQuery): number {
  if (query.groups.length === 0) return 0;
  let hits = 0;
  for (const text of normParagraphs) {
    if (!query.groups.every((alts) => alts.some((a) => text.includes(a)))) continue;
    if (query.exclude.some((x) => text.includes(x))) continue;
    hits++;
  }
  return hits;
}
