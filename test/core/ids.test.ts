/**
 * Every indexed file has an id that addresses it: ids from odd file names work as `/docs/<id>` and
 * `/api/docs/<id>`, and a file whose id could not is refused by the listing with a warning.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docIdOf, idProblem } from '../../src/core/ids.js';
import { ingestDir } from '../../src/ingest/index.js';
import { createEngine } from '../../src/search/engine.js';
import { createApp } from '../../src/web/app.js';
import type { Express } from 'express';

const ODD = [
  'with space.txt', '全角（括号）.txt', 'hash#1.txt', 'per%25cent.txt', 'quote"s.md', "apos'.txt", '-leading.txt', 'a?b.txt',
  'amp&eq=.txt', `${'long'.repeat(60)}.txt`, 'dup.md', 'dup.txt', 'émoji😀.txt', 'plus+sign.txt', '.hidden.txt',
];

let tmp: string;
let app: Express;
let warnings: string[];
let ids: string[];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ids-'));
  for (const [i, name] of ODD.entries()) fs.writeFileSync(path.join(tmp, name), `报告${i}\n\n推进第${i}号工程建设。\n`);
  const r = await ingestDir(tmp);
  warnings = r.warnings.filter((w) => w.skipped).map((w) => w.reason);
  ids = r.docs.map((d) => d.meta.id);
  const engine = createEngine(r.docs);
  app = createApp({ getEngine: () => engine });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('idProblem', () => {
  it.each(['000_cacabed7aa6ec20d', 'with space', '全角（括号）', 'hash#1', 'per%25cent', 'quote"s', '-leading', '长'.repeat(255)])('accepts %j', (id) => expect(idProblem(id)).toBeNull());
  it.each(['', '.', '..', '.env', 'a/b', 'a\\b', 'a\nb', 'a\u0000', '\uD800x', 'bad\uFFFD', '长'.repeat(256)])('refuses %j', (id) => expect(idProblem(id)).not.toBeNull());
  it('derives the id from the file name without its extension', () => expect(docIdOf('dup.tar.txt')).toBe('dup.tar'));
});

describe('documents from files with odd names', () => {
  it('indexes every addressable file once under an id of its own (dup.md beside dup.txt too), and refuses a hidden file with a warning naming it', () => {
    expect(ids).toHaveLength(ODD.length - 1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['dup', 'dup_md']));
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^\.hidden\.txt: skipped, a hidden file/)]));
  });

  it('answers each at /api/docs/<id> and /docs/<id>, the id percent-encoded as the pages link it', async () => {
    for (const id of ids) {
      const api = await request(app).get(`/api/docs/${encodeURIComponent(id)}`);
      expect(api.status, id).toBe(200);
      expect(api.body.doc.id).toBe(id);
      const page = await request(app).get(`/docs/${encodeURIComponent(id)}`);
      expect(page.status, id).toBe(200);
    }
  });

  it('links search hits and mentions to the document they come from', async () => {
    const res = await request(app).get(`/api/mentions?q=${encodeURIComponent('号工程')}`).expect(200);
    expect(res.body.totalParagraphs).toBe(ids.length);
    for (const d of res.body.docs as { docId: string; paragraphs: { url: string }[] }[]) {
      const url = d.paragraphs[0]!.url.replace(/#.*$/, '');
      expect((await request(app).get(`/api${url}`).expect(200)).body.doc.id).toBe(d.docId);
    }
  });
});
