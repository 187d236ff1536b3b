import { describe, expect, it } from 'vitest';
import type { DocMeta } from '../../src/core/types.js';
import { browseDocs } from '../../src/search/browse.js';

const doc = (id: string, city: string | null, year: number | null, kind: DocMeta['kind'], district: string | null = null, duplicateOf: string | null = null): DocMeta => ({
  id, title: id, city, district, year, kind, file: `${id}.txt`, paragraphs: 1, guessed: [], duplicateOf,
});
const DOCS = [
  doc('hhht24', '呼和浩特', 2024, '政府工作报告'),
  doc('hhht25', '呼和浩特', 2025, '政府工作报告'),
  doc('xcq26', '呼和浩特', 2026, '规划纲要', '新城区'),
  doc('wlcb24', '乌兰察布', 2024, '政府工作报告'),
  doc('bt20', '包头', 2020, '政府工作报告'),
  doc('bt20copy', '包头', 2020, '政府工作报告', null, 'bt20'),
  doc('undated', '包头', null, '其他'),
];

describe('browseDocs', () => {
  it('keeps the documents of any of several cities within a year range, newest first, then by place in pinyin order', () => {
    const r = browseDocs(DOCS, { cities: ['呼和浩特', '乌兰察布'], yearFrom: 2024, yearTo: 2025 });
    expect(r.docs.map((d) => d.id)).toEqual(['hhht25', 'hhht24', 'wlcb24']);
  });

  it('counts each facet in documents with the other filters applied, years newest first, then by place in pinyin order', () => {
    const r = browseDocs(DOCS, { city: '呼和浩特' });
    expect(r.facets.year).toEqual([{ value: 2026, count: 1 }, { value: 2025, count: 1 }, { value: 2024, count: 1 }]);
    // The city facet ignores the city filter itself, and counts a duplicate once.
    expect(r.facets.city).toEqual([{ value: '呼和浩特', count: 3 }, { value: '包头', count: 2 }, { value: '乌兰察布', count: 1 }]);
    expect(r.facets.district).toEqual([{ value: '新城区', count: 1 }]);
  });

  it('finds a district by its own filter and by the city filter, and leaves undated documents out of a range', () => {
    expect(browseDocs(DOCS, { districts: ['新城区'] }).docs.map((d) => d.id)).toEqual(['xcq26']);
    expect(browseDocs(DOCS, { city: '新城区' }).docs.map((d) => d.id)).toEqual(['xcq26']);
    expect(browseDocs(DOCS, { city: '包头', yearTo: 2030 }).docs.map((d) => d.id)).toEqual(['bt20']);
    expect(browseDocs(DOCS, { city: '包头', includeDuplicates: true }).docs.map((d) => d.id)).toEqual(['bt20', 'bt20copy', 'undated']);
  });
});
