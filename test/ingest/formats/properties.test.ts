/**
 * Document properties as the weakest metadata source (src/ingest/formats/properties.ts): they fill what the text
 * leaves empty, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { applyProperties } from '../../../src/ingest/formats/properties.js';
import type { DocMeta, IngestWarning } from '../../../src/core/types.js';

const meta = (m: Partial<DocMeta> = {}): DocMeta => ({
  id: 'x', title: 'x', city: null, district: null, year: null, kind: null, file: 'x.pdf', paragraphs: 3, guessed: [], duplicateOf: null, ...m,
});
const warn = (field: 'city' | 'year' | 'kind'): IngestWarning => ({ file: 'x.pdf', field, reason: `x.pdf: could not detect ${field}`, skipped: false });

describe('applyProperties', () => {
  it('fills the title, place and kind the text left empty as guesses, saying so instead of "could not detect"', () => {
    const m = meta();
    const left = applyProperties(m, [warn('city'), warn('year'), warn('kind')], { title: '包头市2024年政府工作报告' });
    expect([m.title, m.city, m.kind]).toEqual(['包头市2024年政府工作报告', '包头', '政府工作报告']);
    expect(m.guessed).toEqual(['title', 'city', 'kind']);
    expect(left.map((w) => w.field)).toEqual(['year', 'city', 'kind']);
    expect(left.slice(1).every((w) => w.reason.includes('is a guess from the properties'))).toBe(true);
  });

  it('never overrides what the text or the catalog gave', () => {
    const m = meta({ title: '呼和浩特市2025年政府工作报告', city: '呼和浩特', kind: '政府工作报告' });
    applyProperties(m, [], { title: '包头市规划纲要', publisher: '包头市人民政府' });
    expect([m.title, m.city, m.kind]).toEqual(['呼和浩特市2025年政府工作报告', '呼和浩特', '政府工作报告']);
    const c = meta();
    applyProperties(c, [], { title: '包头市2024年政府工作报告' }, { city: null, kind: null, title: 'x' });
    expect([c.city, c.kind]).toEqual([null, null]);
  });

  it('ignores the titles tools write on their own', () => {
    for (const title of ['Microsoft Word - 文档1.docx', '无标题', 'report.pdf']) {
      const m = meta();
      applyProperties(m, [], { title });
      expect(m.title).toBe('x');
    }
  });
});
