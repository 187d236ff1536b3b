import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../src/web/app.js';
import { createReloader, type ReloadOutcome } from '../../src/web/reload.js';
import type { SearchBackend } from '../../src/search/backend.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { realEngine } from '../helpers/real-engine.js';
import { fakeDoc, fakeEngine } from '../helpers/fake-engine.js';

let real: SearchEngine;
beforeAll(async () => {
  real = await realEngine();
});

/** An engine over one document holding `word`, to tell which engine answered. */
const engineWith = (word: string) => fakeEngine([fakeDoc('new_report', `${word}报告`, [`今年推进${word}建设。`])]);

describe('POST /api/reindex', () => {
  const ok: ReloadOutcome = { ok: true, ms: 5, docs: 5, paragraphs: 601 };

  it('answers 404 when no token is configured', async () => {
    const app = createApp({ getEngine: () => real, reindex: async () => ok, reindexToken: null });
    const res = await request(app).post('/api/reindex').set('Authorization', 'Bearer anything').expect(404);
    expect(res.body.error).toMatch(/REINDEX_TOKEN/);
  });

  it('answers 403 without the token or with a wrong one, and does not rebuild', async () => {
    let calls = 0;
    const app = createApp({ getEngine: () => real, reindex: async () => (calls++, ok), reindexToken: 's3cret' });
    await request(app).post('/api/reindex').expect(403);
    const res = await request(app).post('/api/reindex').set('Authorization', 'Bearer s3cre').expect(403);
    expect(res.body).toEqual({ error: 'a valid reindex token is required' });
    expect(calls).toBe(0);
  });

  it('rebuilds with the right token and reports the new counts', async () => {
    let calls = 0;
    const app = createApp({ getEngine: () => real, reindex: async () => (calls++, ok), reindexToken: 's3cret' });
    const res = await request(app).post('/api/reindex').set('Authorization', 'Bearer s3cret').expect(200);
    expect(res.body).toEqual({ ok: true, docs: 5, paragraphs: 601, ms: 5 });
    expect(calls).toBe(1);
  });

  it('says why a failed rebuild failed, while the old index keeps answering', async () => {
    const app = createApp({
      getEngine: () => real,
      reindex: async () => ({ ok: false, ms: 1, docs: 5, paragraphs: 601, error: 'seeds/x.txt: unreadable' }),
      reindexToken: 's3cret',
    });
    const res = await request(app).post('/api/reindex').set('Authorization', 'Bearer s3cret').expect(500);
    expect(res.body.error).toMatch(/previous index keeps serving: seeds\/x.txt: unreadable/);
    await request(app).get('/api/health').expect(200);
  });
});

describe('createReloader', () => {
  let tmp: string | null = null;
  afterEach(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    tmp = null;
  });

  it('answers from the old engine during a rebuild and from the new one after the swap', async () => {
    let finish!: (e: SearchBackend) => void;
    const reloader = createReloader({ initial: real, rebuild: () => new Promise((r) => (finish = (engine) => r({ engine }))), log: () => {} });
    const app = createApp({ getEngine: reloader.get });
    const pending = reloader.reload('test');
    const during = await request(app).get('/api/search').query({ q: '引黄入呼' }).expect(200);
    expect(during.body.total).toBe(3);
    finish(engineWith('引黄入呼四期'));
    expect((await pending).ok).toBe(true);
    const after = await request(app).get('/api/search').query({ q: '引黄入呼' }).expect(200);
    expect(after.body.hits[0].docId).toBe('new_report');
  });

  it('keeps the old engine and logs why when a rebuild fails', async () => {
    const lines: string[] = [];
    const reloader = createReloader({ initial: real, rebuild: async () => { throw new Error('seeds/bad.txt: not UTF-8'); }, log: (l) => lines.push(l) });
    const outcome = await reloader.reload('test');
    expect(outcome).toMatchObject({ ok: false, error: 'seeds/bad.txt: not UTF-8', docs: 5 });
    expect(reloader.get()).toBe(real);
    expect(lines.join('\n')).toMatch(/rebuild failed, still serving the previous index: seeds\/bad.txt: not UTF-8/);
    expect(reloader.status().stale).toMatch(/the last rebuild .* failed, so the previous index is served: seeds\/bad.txt: not UTF-8/);
  });

  it('runs one more rebuild when asked during a rebuild, and a forced one when any caller forced', async () => {
    const forces: boolean[] = [];
    const reloader = createReloader({ initial: real, rebuild: async (force) => (forces.push(force), { engine: real }), log: () => {} });
    const a = reloader.reload('first');
    const b = reloader.reload('second', true);
    await Promise.all([a, b]);
    expect(forces).toEqual([false, true]);
  });

  it('rebuilds after a report changes in the watched directory', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-watch-'));
    let rebuilt = 0;
    const reloader = createReloader({ initial: real, rebuild: async () => (rebuilt++, { engine: engineWith('新报告') }), log: () => {} });
    reloader.watch(tmp, { debounceMs: 50, settleMs: 100 });
    fs.writeFileSync(path.join(tmp, 'notes.swp'), 'ignored');
    fs.writeFileSync(path.join(tmp, 'new.txt'), '新报告');
    const deadline = Date.now() + 5000;
    while (reloader.get() === real && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    reloader.close();
    expect(rebuilt).toBe(1);
    expect(reloader.get().docs()[0]!.id).toBe('new_report');
  });
});
