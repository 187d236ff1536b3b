/**
 * The series syntax of mentions (README, "Series and alias groups"): a query names one or more series, separated by
 * `|` (or `｜`, or the word `OR`); a series is one name or an alias group of names joined by `=` (or `＝`), counted
 * as one project. Names are matched exactly, as a single mention query is.
 *
 * @example
 * parseSeries('南水北调 | 呼和浩特新机场 = 盛乐国际机场')
 * //=> [{ label: '南水北调', aliases: ['南水北调'] }, { label: '呼和浩特新机场 = 盛乐国际机场', aliases: ['呼和浩特新机场', '盛乐国际机场'] }]
 */
import { ParamError } from './errors.js';

/** One series: a project under one or more names. */
export interface Series {
  /** The names joined by ` = `, as the page and the CSV show it. */
  label: string;
  /** The names as typed (trimmed), at least one. */
  aliases: string[];
}

/** Most series one query may compare. */
export const MAX_SERIES = 8;
/** Most names one alias group may hold. */
export const MAX_ALIASES = 10;
/** Longest accepted name, in characters. */
export const MAX_NAME = 64;

/** Splits between series: `|`, `｜`, or `OR` standing alone between spaces. */
const SERIES_SEP = /\s+OR\s+|[|｜]/;
/** Joins the names of one alias group. */
const ALIAS_SEP = /[=＝]/;

/**
 * Parses `q` into series; throws a {@link ParamError} (`param` `q`) saying what is wrong: an empty series or name
 * (`南水北调 |`, `= 盛乐国际机场`), a name made only of spaces or punctuation the matcher ignores, the same name twice,
 * or too many series, names or characters.
 * @param normalise the matcher's normal form (`text/normalize.ts`), to catch names that normalise to nothing or to
 *   the same text
 */
export function parseSeries(q: string, normalise: (s: string) => string = (s) => s.replace(/\s+/g, '')): Series[] {
  const parts = q.split(SERIES_SEP);
  if (parts.length > MAX_SERIES) {
    throw bad(`at most ${MAX_SERIES} series can be compared, got ${parts.length}`, `最多比较 ${MAX_SERIES} 个系列（用 | 分隔），现为 ${parts.length} 个`);
  }
  const seen = new Map<string, string>();
  return parts.map((part, si) => {
    if (part.trim() === '') {
      throw bad(`series ${si + 1} of ${parts.length} is empty: write a name on each side of "|"`, `第 ${si + 1} 个系列是空的：“|”两边都要写名称`);
    }
    const names = part.split(ALIAS_SEP).map((s) => s.trim());
    if (names.length > MAX_ALIASES) {
      throw bad(`an alias group holds at most ${MAX_ALIASES} names, "${clipName(part)}" has ${names.length}`, `一个别名组最多 ${MAX_ALIASES} 个名称，“${clipName(part)}”有 ${names.length} 个`);
    }
    names.forEach((name, ai) => {
      if (name === '') {
        throw bad(`name ${ai + 1} of the alias group "${clipName(part.trim())}" is empty: write a name on each side of "="`, `别名组“${clipName(part.trim())}”的第 ${ai + 1} 个名称是空的：“=”两边都要写名称`);
      }
      if (name.length > MAX_NAME) throw bad(`a name is at most ${MAX_NAME} characters, "${clipName(name)}" has ${name.length}`, `名称最多 ${MAX_NAME} 个字符，“${clipName(name)}”有 ${name.length} 个`);
      const n = normalise(name);
      if (n === '') throw bad(`the name "${clipName(name)}" has nothing to match once spaces are ignored`, `名称“${clipName(name)}”去掉空格后为空，无法匹配`);
      const before = seen.get(n);
      if (before !== undefined) throw bad(`"${clipName(name)}" is given twice (as "${clipName(before)}" before): each name belongs to one series`, `“${clipName(name)}”重复出现（前面已有“${clipName(before)}”）：每个名称只能属于一个系列`);
      seen.set(n, name);
    });
    return { label: names.join(' = '), aliases: names };
  });
}

/** True when `q` uses the series syntax at all (several series, or an alias group). */
export function usesSeriesSyntax(q: string): boolean {
  return SERIES_SEP.test(q) || ALIAS_SEP.test(q);
}

function bad(message: string, zh: string): ParamError {
  return new ParamError(`q: ${message}`, zh, 'q');
}

function clipName(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}
