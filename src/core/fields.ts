/**
 * How one raw query parameter is read: text without control characters, an optional filter, an integer in range, a
 * year, a word from a list, a switch, `duplicates=include`; and how a failure becomes a {@link ParamError} naming
 * the parameter in English and in Chinese. `params.ts` builds the requests' schemas from these.
 */
import { z } from 'zod';
import { ParamError } from './errors.js';

/** The filter dimensions, which are also the facets, with the label a Chinese page gives each. */
export const DIMS = ['city', 'year', 'kind', 'chapter'] as const;
export type Dim = (typeof DIMS)[number];
export const DIM_LABELS: Record<Dim, string> = { city: '城市', year: '年份', kind: '类型', chapter: '章节' };

/** Parameter names as a Chinese page calls them. */
const ZH_NAMES: Record<string, string> = {
  q: '检索词', ...DIM_LABELS, district: '区县', chapter_type: '章节类型', year_from: '起始年份', year_to: '截止年份', page: '页码', size: '每页条数', sort: '排序', group: '分组', limit: '条数', offset: '起始位置', duplicates: '重复文件', from: '起始段落',
  timeline: '时间轴', stages: '阶段', per: '计数方式', terms: '词表', part: '部分', a: '年份甲', b: '年份乙',
};
export const zhName = (name: string) => `${ZH_NAMES[name] ?? name}（${name}）`;

/** Longest accepted filter value (city, kind, chapter), in characters. */
const MAX_FILTER = 100;

// C0 and C1 controls except tab, line feed and carriage return (which norm() treats as whitespace).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// U+FFFD is what Node's query parser makes of invalid UTF-8; a user never types it.
const REPLACEMENT = /\uFFFD/;

/** Raw query values as Express's simple parser gives them: a string, or an array when a name is repeated. */
export type RawQuery = Record<string, unknown>;

/** A text parameter: no control characters, no lone surrogates, at most `max` characters. */
export function text(name: string, max: number) {
  return z
    .string()
    .superRefine((s, ctx) => {
      if (s.length > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be at most ${max} characters, got ${s.length}`, params: { zh: `${zhName(name)}最多 ${max} 个字符，现为 ${s.length} 个` } });
      } else if (CONTROL.test(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must not contain control characters`, params: { zh: `${zhName(name)}不能包含控制字符` } });
      } else if (LONE_SURROGATE.test(s) || REPLACEMENT.test(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be valid UTF-8 text`, params: { zh: `${zhName(name)}不是有效的 UTF-8 文本` } });
      }
    });
}

/** An optional filter: absent or empty means "no filter". */
export function filter(name: string, max = MAX_FILTER) {
  return text(name, max)
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));
}

/** A decimal integer parameter within [min, max]; absent or empty gives `fallback`. */
export function int(name: string, min: number, max: number, fallback?: number) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return fallback;
      if (!/^\d{1,9}$/.test(s) || Number(s) < min || Number(s) > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}, got "${clip(s)}"`,
          params: { zh: `${zhName(name)}应为 ${min} 到 ${max} 之间的整数，现为“${clip(s)}”` },
        });
        return z.NEVER;
      }
      return Number(s);
    });
}

/** A four-digit year; absent or empty gives undefined. */
export const year = (name: string) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      if (!/^\d{4}$/.test(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a 4-digit year such as 2025, got "${clip(s)}"`, params: { zh: `${zhName(name)}应为四位数字，如 2025，现为“${clip(s)}”` } });
        return z.NEVER;
      }
      return Number(s);
    });

/** An optional filter whose value must be one of `values`. */
export function memberOf(name: string, values: readonly string[]) {
  return filter(name).superRefine((s, ctx) => {
    if (s !== undefined && !values.includes(s)) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be one of ${values.join(', ')}, got "${clip(s)}"`,
        params: { zh: `${zhName(name)}应为 ${values.join('、')} 之一，现为“${clip(s)}”` },
      });
    }
  });
}

/** `duplicates=include`: count the documents marked as repeating another too. */
export const duplicates = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s === '') return undefined;
    if (s !== 'include') {
      ctx.addIssue({ code: 'custom', message: `duplicates must be "include" or absent, got "${clip(s)}"`, params: { zh: `重复文件（duplicates）只能为 include 或不填，现为“${clip(s)}”` } });
      return z.NEVER;
    }
    return true;
  });

/** A parameter that takes one of a few words; absent or empty gives undefined. */
export function oneOf<T extends string>(name: string, values: readonly T[]) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      if (!(values as readonly string[]).includes(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be one of ${values.join(', ')}, got "${clip(s)}"`, params: { zh: `${zhName(name)}应为 ${values.join('、')} 之一，现为“${clip(s)}”` } });
        return z.NEVER;
      }
      return s as T;
    });
}

/** A switch: `1` or `true` turns it on; absent, empty, `0` or `false` leave it off. */
export function flag(name: string) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '' || s === '0' || s === 'false') return undefined;
      if (s === '1' || s === 'true') return true;
      ctx.addIssue({ code: 'custom', message: `${name} must be 1 or 0, got "${clip(s)}"`, params: { zh: `${zhName(name)}只能为 1 或 0，现为“${clip(s)}”` } });
      return z.NEVER;
    });
}

/**
 * Rejects repeated parameters (`?q=a&q=b`), since a second value would be silently dropped or misread.
 * @example
 * singleValued({ q: ['a', 'b'] }) // throws 400 "parameter q is given more than once"
 */
export function singleValued(raw: RawQuery, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const v = raw[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new ParamError(`parameter ${name} is given more than once`, `参数${zhName(name)}重复出现，只能给一次`, name);
    out[name] = v;
  }
  return out;
}

/** The ParamError of a zod issue on parameter `name`, with the issue's Chinese message when it has one. */
export function issueError(issue: z.core.$ZodIssue, name: string): ParamError {
  const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
  const zh = (issue as { params?: { zh?: string } }).params?.zh ?? (name === 'q' ? '请输入检索词（q）' : `参数${zhName(name)}有误`);
  return new ParamError(message, zh, name || undefined);
}

/** Reads `names` from `raw` (each given once) through `schema`; the first problem is thrown as a ParamError. */
export function parseWith<T>(schema: z.ZodType<T>, raw: RawQuery, names: readonly string[]): T {
  const result = schema.safeParse(singleValued(raw, names));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw issueError(issue, String(issue.path[0] ?? ''));
  }
  return result.data;
}

/** Cuts a user-supplied value for quoting in an error message. */
export function clip(s: string, max = 60): string {
  const safe = s.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?');
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** Drops undefined fields, so that `exactOptionalPropertyTypes`-style consumers see absent filters as absent. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
