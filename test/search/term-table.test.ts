import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestedDoc, MentionParams } from '../../src/core/types.js';
import type { SearchBackend } from '../../src/search/backend.js';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { parseTerms, termTable } from '../../src/search/term-table.js';
import { bruteForceMentions, loadSeedDocs } from '../helpers/seed-docs.js';

let docs: IngestedDoc[];
let engine: SearchEngine;

beforeAll(async () => {
  docs = await loadSeedDocs();
  engine = createEngine(docs);
});

describe('parseTerms', () => {
  it('takes one term a line, commas and 、 too, without blanks, comments or repeats', () => {
    expect(parseTerms('南水北调\r\n三峡工程、西气东输\n\n# 注释\n南水北调\n"新质生产力",x')).toEqual(['南水北调', '三峡工程', '西气东输', '新质生产力', 'x']);
  });
});

describe('termTable', () => {
  it('lists every report with each term counted as a brute-force scan counts it, and the report length', async () => {
    const terms = ['新质生产力', '引黄入呼', '盛乐国际机场', '不存在的词'];
    const rows = await termTable(engine, terms, {});
    expect(rows).toHaveLength(docs.length);
    for (const [ti, t] of terms.entries()) {
      const expected = new Map<string, number>();
      for (const [key, c] of bruteForceMentions(docs, t)) {
        const id = key.slice(0, key.lastIndexOf('#'));
        expected.set(id, (expected.get(id) ?? 0) + c);
      }
      for (const r of rows) expect(r.counts[ti], `${r.docId} ${t}`).toBe(expected.get(r.docId) ?? 0);
    }
    const first = docs.find((d) => d.meta.id === rows[0]!.docId)!;
    expect(rows[0]!.chars).toBe(first.paragraphs.reduce((n, p) => n + p.text.length, 0));
    expect(rows.map((r) => r.year)).toEqual([...rows.map((r) => r.year)].sort((a, b) => (a ?? 1e9) - (b ?? 1e9)));
  });

  it('keeps only the reports the filters keep', async () => {
    const rows = await termTable(engine, ['发展'], { kind: '政府工作报告', year: 2024 });
    expect(rows.map((r) => r.docId).sort()).toEqual(docs.filter((d) => d.meta.kind === '政府工作报告' && d.meta.year === 2024).map((d) => d.meta.id).sort());
  });

  it('gives the same table through a backend that only pages its mentions (no docCounts)', async () => {
    const paging: SearchBackend = {
      stats: () => engine.stats(),
      docs: () => engine.docs(),
      doc: (id) => engine.doc(id),
      search: (p) => engine.search(p),
      mentions: (p: MentionParams) => {
        const { docCounts: _d, ...rest } = engine.mentions({ ...p, docCounts: false, limit: Math.min(p.limit ?? 7, 7) });
        return rest;
      },
    };
    const terms = ['发展', '引黄入呼'];
    expect(await termTable(paging, terms, {})).toEqual(await termTable(engine, terms, {}));
  });
});
