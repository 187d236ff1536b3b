/**
 * A tiny in-memory backend over hand-written paragraphs, for the tests that need a controlled engine: one that throws
 * (error paths), and two distinguishable engines to swap (reload). Everything else runs on the real engine.
 */
import type { DocMeta, IngestedDoc, MentionParams, MentionsResult, Paragraph, SearchParams, SearchResult } from '../../src/core/types.js';
import type { SearchBackend } from '../../src/search/backend.js';

/** A document with the given paragraphs (plain body text, one chapter). */
export function fakeDoc(id: string, title: string, texts: string[], meta: Partial<DocMeta> = {}): IngestedDoc {
  const paragraphs: Paragraph[] = texts.map((text, i) => ({ n: i + 1, text, level: 0, chapter: '一、总体要求', section: '' }));
  return {
    meta: { id, title, city: '呼和浩特', district: null, year: 2025, kind: '政府工作报告', file: `${id}.txt`, paragraphs: paragraphs.length, guessed: [], duplicateOf: null, ...meta },
    paragraphs,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A backend that answers at once, as the in-process engine does. */
export interface FakeEngine extends SearchBackend {
  stats(): { docs: number; paragraphs: number };
  docs(): DocMeta[];
  doc(id: string): { doc: DocMeta; paragraphs: Paragraph[] } | undefined;
  search(params: SearchParams): SearchResult;
  mentions(params: MentionParams): MentionsResult;
}

/** A backend that finds paragraphs containing `q` verbatim. Enough to tell two engines apart. */
export function fakeEngine(docs: IngestedDoc[]): FakeEngine {
  const find = (q: string) =>
    docs.flatMap((d) => d.paragraphs.filter((p) => p.text.includes(q)).map((p) => ({ d, p })));
  return {
    stats: () => ({ docs: docs.length, paragraphs: docs.reduce((s, d) => s + d.paragraphs.length, 0) }),
    docs: () => docs.map((d) => d.meta),
    doc: (id) => {
      const d = docs.find((x) => x.meta.id === id);
      return d && { doc: d.meta, paragraphs: d.paragraphs };
    },
    search: (params): SearchResult => {
      const found = find(params.q);
      const size = params.size ?? 20;
      const page = params.page ?? 1;
      return {
        query: params.q,
        total: found.length,
        page,
        size,
        hits: found.slice((page - 1) * size, page * size).map(({ d, p }) => ({
          docId: d.meta.id, n: p.n, url: `/docs/${d.meta.id}#p-${p.n}`, title: d.meta.title, city: d.meta.city,
          year: d.meta.year, kind: d.meta.kind, chapter: p.chapter, section: p.section,
          snippet: esc(p.text).split(esc(params.q)).join(`<mark>${esc(params.q)}</mark>`), score: 1,
        })),
        facets: { city: [], year: [], kind: [], chapter: [] },
      };
    },
    mentions: (params): MentionsResult => {
      const found = find(params.q);
      return {
        query: params.q,
        totalParagraphs: found.length,
        totalOccurrences: found.length,
        byYear: [],
        byCity: [],
        docs: [],
      };
    },
  };
}

/** A backend whose every method throws a plain Error: what a bug inside the engine looks like to the app. */
export function throwingEngine(): SearchBackend {
  const boom = (): never => {
    throw new Error('engine exploded at /secret/path/engine.ts:42');
  };
  return { stats: boom, docs: boom, doc: boom, search: boom, mentions: boom };
}
