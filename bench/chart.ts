/** A small SVG line chart (no dependency): latency against corpus size, with a logarithmic latency axis. */

export interface Series {
  name: string;
  points: { x: number; y: number }[];
  /** Dashed: a reference (the brute-force scan, a peer), not the product. */
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

/** Escapes text for SVG/XML. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tick values 1-2-5 spaced over [0, max]. */
function linearTicks(max: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max * 1.0001 + step / 2 && ticks.length < 20; v += step) ticks.push(Number(v.toPrecision(6)));
  return ticks;
}

function formatTick(v: number): string {
  if (v >= 1000) return `${v / 1000}s`;
  return String(Number(v.toPrecision(3)));
}

/**
 * The chart as an SVG document: x linear from 0, y logarithmic (decades) over the positive values.
 *
 * @example
 * lineChart({ title: 't', xLabel: 'MB', yLabel: 'ms', series: [{ name: 'a', points: [{ x: 1, y: 2 }] }] }).startsWith('<svg') //=> true
 */
export function lineChart(opts: ChartOptions): string {
  const width = opts.width ?? 820;
  const height = opts.height ?? 460;
  const m = { left: 70, right: 220, top: 40, bottom: 55 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const pts = opts.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.y > 0);
  const xMax = Math.max(1e-9, ...pts.map((p) => p.x));
  const xTicks = linearTicks(xMax);
  const xTop = xTicks[xTicks.length - 1]!;
  const yMinRaw = Math.min(...pts.map((p) => p.y), 1);
  const yMaxRaw = Math.max(...pts.map((p) => p.y), 1);
  const d0 = Math.floor(Math.log10(yMinRaw));
  const d1 = Math.max(d0 + 1, Math.ceil(Math.log10(yMaxRaw)));
  const sx = (x: number) => m.left + (x / xTop) * pw;
  const sy = (y: number) => m.top + ph - ((Math.log10(y) - d0) / (d1 - d0)) * ph;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${m.left}" y="22" font-size="15" font-weight="bold">${escapeXml(opts.title)}</text>`,
  );
  for (let d = d0; d <= d1; d++) {
    const v = 10 ** d;
    const y = sy(v);
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${m.left - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end">${formatTick(v)}</text>`);
  }
  for (const t of xTicks) {
    const x = sx(t);
    out.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${m.top + ph + 18}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`);
  out.push(
    `<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(opts.yLabel)}</text>`,
  );
  opts.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const good = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.y > 0).sort((a, b) => a.x - b.x);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (good.length > 1) {
      const d = good.map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    }
    for (const p of good) {
      out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${color}"><title>${escapeXml(`${s.name}: ${p.y.toFixed(2)} ms at ${p.x.toFixed(1)} MB`)}</title></circle>`);
    }
    const ly = m.top + 10 + i * 20;
    const lx = m.left + pw + 16;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
