/**
 * A horizontal bar chart as an SVG string, drawn on the server so the mentions page needs no JavaScript. Labels and
 * titles are XML-escaped; the chart carries a <title> and <desc> for screen readers, and each bar can link somewhere.
 */
import { escapeHtml } from '../text/escape.js';

export interface Bar {
  label: string;
  value: number;
  /** Where clicking the bar leads (e.g. the mentions narrowed to that year). */
  href?: string;
}

export interface BarChartOptions {
  /** Accessible name, also the tooltip of the whole chart. */
  title: string;
  /** Accessible description; defaults to the list of "label: value" pairs. */
  desc?: string;
  bars: Bar[];
  /** Unit after each value, e.g. `次`. */
  unit?: string;
  /** Element id prefix, unique on the page (for aria-labelledby). */
  id: string;
}

const ROW = 28;
const BAR = 18;
const WIDTH = 440;
const VALUE_ROOM = 60;

/**
 * Draws `bars` as horizontal bars scaled to the largest value.
 * @example
 * barChart({ id: 'y', title: '按年份', bars: [{ label: '2024', value: 3 }] }) //=> '<svg … role="img" …>…</svg>'
 */
export function barChart({ title, desc, bars, unit = '', id }: BarChartOptions): string {
  const safeId = id.replace(/[^\w-]/g, '');
  const labelRoom = Math.min(180, 16 + 14 * Math.max(2, ...bars.map((b) => [...b.label].length)));
  const height = Math.max(1, bars.length) * ROW + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = WIDTH - labelRoom - VALUE_ROOM;
  const description = desc ?? bars.map((b) => `${b.label}：${b.value}${unit}`).join('；');
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW;
    const w = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * room));
    const label = escapeHtml(b.label);
    const row =
      `<text class="chart-label" x="${labelRoom - 8}" y="${y + BAR / 2}" text-anchor="end" dominant-baseline="central">${label}</text>` +
      `<rect class="chart-bar" x="${labelRoom}" y="${y}" width="${w}" height="${BAR}" rx="2"><title>${label}：${b.value}${escapeHtml(unit)}</title></rect>` +
      `<text class="chart-value" x="${labelRoom + w + 6}" y="${y + BAR / 2}" dominant-baseline="central">${b.value}${escapeHtml(unit)}</text>`;
    return b.href ? `<a href="${escapeHtml(b.href)}" aria-label="${label}：${b.value}${escapeHtml(unit)}">${row}</a>` : row;
  });
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" ` +
    `role="img" aria-labelledby="${safeId}-title ${safeId}-desc" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${safeId}-title">${escapeHtml(title)}</title><desc id="${safeId}-desc">${escapeHtml(description)}</desc>` +
    rows.join('') +
    `</svg>`
  );
}

/** Series are coloured by class (`tl-s0`…`tl-s7` in `public/series.css`), so no inline style is needed. */
const SERIES_CLASSES = 8;

export interface TimelineColumn {
  /** `2024`, or `年份不详` for the bucket of documents without a year. */
  label: string;
  /** One value per series (already divided for a per-report or per-10k view); null where no report was indexed. */
  values: (number | null)[];
  /** Raw occurrences per series, for the tooltips. */
  counts: number[];
  /** Reports indexed in that column. */
  reports: number;
  href?: string;
}

export interface TimelineChartOptions {
  id: string;
  title: string;
  desc?: string;
  series: string[];
  columns: TimelineColumn[];
  /** How values read: `次`, `次/份`, `次/万字`. */
  unit: string;
  /** Digits after the decimal point of the values shown. */
  digits?: number;
}

const T_LEFT = 44;
const T_TOP = 12;
const T_PLOT = 180;
const T_STRIP = 26;
const T_BOTTOM = 30;

/**
 * A column chart over a continuous year axis, a group of columns per year (one per series) and a separate bucket
 * for documents without a year, with the number of reports indexed each year drawn as a strip under the axis; a year
 * without any report is shaded, so a zero there reads "nothing to count", not "not mentioned".
 * @example
 * timelineChart({ id: 't', title: '按年份', unit: '次', series: ['南水北调'], columns: [{ label: '2024', values: [3], counts: [3], reports: 1 }] })
 * //=> '<svg class="timeline-chart" … role="img" …>…</svg>'
 */
export function timelineChart({ id, title, desc, series, columns, unit, digits = 0 }: TimelineChartOptions): string {
  const safeId = id.replace(/[^\w-]/g, '');
  const S = Math.max(1, series.length);
  const slot = Math.max(10, S * 6 + 4);
  const gap = 16;
  const known = columns.filter((c) => c.label !== '年份不详');
  const width = T_LEFT + known.length * slot + (columns.length > known.length ? gap + slot * 2 : 0) + 8;
  const height = T_TOP + T_PLOT + T_STRIP + T_BOTTOM;
  const max = Math.max(0, ...columns.flatMap((c) => c.values.map((v) => v ?? 0)));
  const top = niceCeil(max);
  const maxReports = Math.max(1, ...columns.map((c) => c.reports));
  const fmt = (v: number): string => v.toFixed(digits);
  const base = T_TOP + T_PLOT;
  const parts: string[] = [];
  for (let g = 0; g <= 4; g++) {
    const y = base - (g / 4) * T_PLOT;
    parts.push(`<line class="tl-grid" x1="${T_LEFT}" x2="${width - 4}" y1="${y}" y2="${y}"/>`);
    // Axis labels as exact as the grid (a top of 10 has lines at 2.5 and 7.5), not rounded to the values' digits.
    parts.push(`<text class="tl-axis" x="${T_LEFT - 4}" y="${y}" text-anchor="end" dominant-baseline="central">${Number(((top * g) / 4).toFixed(3))}</text>`);
  }
  const every = known.length > 40 ? 10 : known.length > 15 ? 5 : 1;
  columns.forEach((c, ci) => {
    const bucket = c.label === '年份不详';
    const x0 = bucket ? T_LEFT + known.length * slot + gap : T_LEFT + ci * slot;
    const w = bucket ? slot * 2 : slot;
    const label = escapeHtml(c.label);
    const tip = `${c.label}${bucket ? '' : '年'}：${series.map((s, si) => `${s} ${c.counts[si] ?? 0} 次`).join('，')}；收录报告 ${c.reports} 份`;
    const group: string[] = [];
    if (c.reports === 0) group.push(`<rect class="tl-none" x="${x0}" y="${T_TOP}" width="${w}" height="${T_PLOT}"><title>${label}：没有收录报告</title></rect>`);
    const bw = Math.max(2, (w - 4) / S);
    c.values.forEach((v, si) => {
      if (v === null || v <= 0 || top === 0) return;
      const h = Math.max(1, (v / top) * T_PLOT);
      group.push(`<rect class="tl-bar tl-s${si % SERIES_CLASSES}" x="${(x0 + 2 + si * bw).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(bw - 0.5).toFixed(1)}" height="${h.toFixed(1)}"/>`);
    });
    const rh = (c.reports / maxReports) * (T_STRIP - 8);
    group.push(`<rect class="tl-reports" x="${x0 + 1}" y="${(base + T_STRIP - 2 - rh).toFixed(1)}" width="${w - 2}" height="${rh.toFixed(1)}"/>`);
    // A transparent cover takes the pointer and the tooltip for the whole column.
    group.push(`<rect class="tl-hit" x="${x0}" y="${T_TOP}" width="${w}" height="${T_PLOT + T_STRIP}"><title>${escapeHtml(tip)}</title></rect>`);
    const body = group.join('');
    parts.push(c.href ? `<a href="${escapeHtml(c.href)}" aria-label="${escapeHtml(tip)}">${body}</a>` : body);
    const year = Number(c.label);
    if (bucket) parts.push(`<text class="tl-axis" x="${x0 + w / 2}" y="${height - 8}" text-anchor="middle">不详</text>`);
    else if (ci === 0 || ci === known.length - 1 || year % every === 0) parts.push(`<text class="tl-axis" x="${x0 + slot / 2}" y="${height - 8}" text-anchor="middle">${label}</text>`);
  });
  parts.push(`<text class="tl-axis tl-strip-label" x="${T_LEFT - 4}" y="${base + T_STRIP / 2}" text-anchor="end" dominant-baseline="central">报告</text>`);
  const description = desc ?? columns.map((c) => `${c.label}：${c.values.map((v, si) => `${series[si]} ${v === null ? '无报告' : fmt(v)}`).join('，')}`).join('；');
  return (
    `<svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-labelledby="${safeId}-title ${safeId}-desc">` +
    `<title id="${safeId}-title">${escapeHtml(title)}（${escapeHtml(unit)}）</title><desc id="${safeId}-desc">${escapeHtml(description)}</desc>` +
    parts.join('') +
    `</svg>`
  );
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `v` (at least 1 for counts, at least `v` for small rates). */
function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
