/**
 * A horizontal bar chart as an SVG string, drawn on the server so the mentions page needs no JavaScript. Labels and
 * titles are XML-escaped; the chart carries a <title> and <desc> for screen readers, and each bar can link somewhere
 * (then the chart is a group, so its links are announced and reachable, not an image).
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
  // A chart of links is a group whose links a screen reader lists and Tab reaches; an image would hide them.
  const role = bars.some((b) => b.href) ? 'group' : 'img';
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" ` +
    `role="${role}" aria-labelledby="${safeId}-title ${safeId}-desc" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${safeId}-title">${escapeHtml(title)}</title><desc id="${safeId}-desc">${escapeHtml(description)}</desc>` +
    rows.join('') +
    `</svg>`
  );
}
