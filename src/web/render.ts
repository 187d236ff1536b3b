/**
 * Rendering pages: a view rendered into the shared layout, plus the small helpers templates use to build links.
 */
import type { Response } from 'express';

/**
 * Renders `views/<view>.ejs` inside `views/layout.ejs` and sends it.
 * @param locals template variables; `title` names the page in the browser tab.
 */
export async function renderPage(res: Response, view: string, locals: Record<string, unknown>, status = 200): Promise<void> {
  const all = { ...res.locals, q: '', ...locals, helpers };
  const body = await renderView(res, view, all);
  const html = await renderView(res, 'layout', { ...all, body, view });
  res.status(status).type('html').send(html);
}

function renderView(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.app.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? '')));
  });
}

type Value = string | number | null | undefined;
type Params = Record<string, Value | readonly (string | number)[]>;

/**
 * A link to `path` with the given query parameters; empty and null values are left out, a list gives the
 * parameter once per value.
 * @example
 * href('/search', { q: '引黄入呼', city: '', page: 2 }) //=> '/search?q=%E5%BC%95%E9%BB%84%E5%85%A5%E5%91%BC&page=2'
 * href('/search', { year: [2024, 2025] }) //=> '/search?year=2024&year=2025'
 */
export function href(path: string, params: Params, hash?: string): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== '') qs.append(k, String(one));
    }
  }
  const s = qs.toString();
  return `${path}${s ? `?${s}` : ''}${hash ? `#${hash}` : ''}`;
}

/**
 * Request parameters as a link gives them again: `includeDuplicates` is `duplicates=include` in a URL.
 * @example
 * linkParams({ q: '引黄入呼', includeDuplicates: true }) //=> { q: '引黄入呼', duplicates: 'include' }
 */
export function linkParams<T extends { includeDuplicates?: boolean }>(params: T): Params {
  const { includeDuplicates, ...rest } = params;
  return { ...(rest as Params), ...(includeDuplicates ? { duplicates: 'include' } : {}) };
}

/** The same parameters with one changed (and `page` reset, since the result set changes). */
function withParam(params: Params, key: string, value: Value): Params {
  const next: Params = { ...params, [key]: value ?? undefined };
  if (key !== 'page') delete next.page;
  return next;
}

/** The values of a parameter, whether given once or as a list. */
function valuesOf(params: Params, key: string): (string | number)[] {
  const v = params[key];
  return Array.isArray(v) ? [...(v as (string | number)[])] : v === undefined || v === null || v === '' ? [] : [v as string | number];
}

/**
 * The same parameters with `value` added to `key`'s values, or taken out when it is among them (`page` reset): a
 * filter link that can be clicked on and off, several values of one filter at once.
 * @example
 * toggle({ city: ['呼和浩特'] }, 'city', '乌兰察布') //=> { city: ['呼和浩特', '乌兰察布'] }
 */
function toggle(params: Params, key: string, value: string | number): Params {
  const now = valuesOf(params, key);
  const on = now.some((v) => String(v) === String(value));
  return { ...withParam(params, key, undefined), [key]: on ? now.filter((v) => String(v) !== String(value)) : [...now, value] };
}

/** True when `value` is among `key`'s values. */
function isOn(params: Params, key: string, value: string | number): boolean {
  return valuesOf(params, key).some((v) => String(v) === String(value));
}

/** Page numbers to show around `page` out of `last`, with null for a gap: [1, null, 4, 5, 6, null, 20]. */
function pageWindow(page: number, last: number): (number | null)[] {
  const pages = new Set<number>([1, last]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1]! > 1) out.push(null);
    out.push(p);
  });
  return out;
}

/** Thousands separators for counts: 12345 → 12,345. */
function num(n: number): string {
  return n.toLocaleString('en-US');
}

export const helpers = { href, withParam, toggle, isOn, valuesOf, pageWindow, num };
