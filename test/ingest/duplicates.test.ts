/**
 * The same report from two sources: both kept, the later marked duplicateOf the first and counted once by default.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMentions, parseSearch } from '../../src/core/params.js';
import { ingestDir } from '../../src/ingest/index.js';
import { createEngine } from '../../src/search/engine.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/realworld/run-on-line.txt');

/** A seeds folder holding the run-on scrape of the 2014 report and the same report laid out in paragraphs elsewhere. */
async function twoSources(): Promise<Awaited<ReturnType<typeof ingestDir>>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dup-'));
  const text = fs.readFileSync(FIXTURE, 'utf8');
  fs.writeFileSync(path.join(dir, 'a_scrape.txt'), text);
  // The second source: the same sentences, one paragraph each, under the report's own title line.
  fs.writeFileSync(path.join(dir, 'b_other_site.txt'), `2014年政府工作报告\n\n${text.replace(/。/g, '。\n\n')}`);
  const r = await ingestDir(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

describe('the same report from two sources', () => {
  it('keeps both, marks the later duplicateOf the first, and says so naming both files', async () => {
    const { docs, warnings } = await twoSources();
    expect(docs.map((d) => [d.meta.id, d.meta.duplicateOf])).toEqual([['a_scrape', null], ['b_other_site', 'a_scrape']]);
    expect(warnings).toContainEqual(expect.objectContaining({ file: 'b_other_site.txt', reason: expect.stringContaining('a_scrape.txt') }));
  });

  it('counts the report once in mentions and facets, both with duplicates=include', async () => {
    const engine = createEngine((await twoSources()).docs);
    const once = engine.mentions(parseMentions({ q: '政府工作' }));
    const both = engine.mentions(parseMentions({ q: '政府工作', duplicates: 'include' }));
    expect(once.docs.map((d) => d.docId)).toEqual(['a_scrape']);
    expect(both.docs.map((d) => d.docId)).toEqual(['a_scrape', 'b_other_site']);
    // The second source has the same text plus its own title line, which says 政府工作 once more.
    expect(both.docs[1]!.count).toBe(once.totalOccurrences + 1);
    expect(both.totalOccurrences).toBe(once.totalOccurrences * 2 + 1);
    expect(engine.search(parseSearch({ q: '政府工作' })).facets.year).toEqual([{ value: 2014, count: engine.search(parseSearch({ q: '政府工作' })).total }]);
    expect(() => parseSearch({ q: 'x', duplicates: 'yes' })).toThrowError(/duplicates must be "include"/);
  });

  it('counts the copy that holds more of the report when the first is one page of a paginated scrape', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dup-'));
    const sentences = fs.readFileSync(FIXTURE, 'utf8').split(/(?<=。)/);
    // The portal's page 1 of 3, first in file order, and the whole report from another source.
    fs.writeFileSync(path.join(dir, 'a_page1.txt'), `2014年政府工作报告\n\n${sentences.slice(0, Math.floor(sentences.length / 3)).join('\n\n')}`);
    fs.writeFileSync(path.join(dir, 'b_whole.txt'), `2014年政府工作报告\n\n${sentences.join('\n\n')}`);
    const { docs, warnings } = await ingestDir(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(docs.map((d) => [d.meta.id, d.meta.duplicateOf])).toEqual([['a_page1', 'b_whole'], ['b_whole', null]]);
    expect(warnings).toContainEqual(expect.objectContaining({ file: 'a_page1.txt', reason: expect.stringContaining('b_whole.txt') }));
  });
});
