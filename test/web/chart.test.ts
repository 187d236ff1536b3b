import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/text/escape.js';
import { barChart } from '../../src/web/chart.js';

describe('barChart', () => {
  it('draws one bar per value, scaled to the largest, with an accessible title and description', () => {
    const svg = barChart({ id: 'y', title: '按年份', unit: '次', bars: [{ label: '2024年', value: 2 }, { label: '2025年', value: 4, href: '/m?year=2025' }] });
    // Its bars are links: a group, whose links are announced and reachable (an image would hide them).
    expect(svg).toMatch(/^<svg [^>]*role="group" aria-labelledby="y-title y-desc"/);
    expect(barChart({ id: 'n', title: 't', bars: [{ label: 'a', value: 1 }] })).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="y-title">按年份</title>');
    expect(svg).toContain('<desc id="y-desc">2024年：2次；2025年：4次</desc>');
    const widths = [...svg.matchAll(/<rect class="chart-bar"[^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1]).toBeCloseTo(widths[0]! * 2, -1);
    expect(svg).toContain('<a href="/m?year=2025"');
  });

  it('escapes labels, titles and links', () => {
    const svg = barChart({ id: 'x"><script>', title: '<script>alert(1)</script>', bars: [{ label: '"><img onerror=1>', value: 1, href: '/m?a="b"' }] });
    expect(svg).not.toMatch(/<script|<img/);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('href="/m?a=&quot;b&quot;"');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('draws an empty chart without failing', () => {
    expect(barChart({ id: 'e', title: '空', bars: [] })).toMatch(/<svg[\s\S]*<\/svg>$/);
  });
});
