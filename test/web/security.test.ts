import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/web/app.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { realEngine } from '../helpers/real-engine.js';
import { throwingEngine } from '../helpers/fake-engine.js';

let engine: SearchEngine;
let app: Express;

beforeAll(async () => {
  engine = await realEngine();
  app = createApp({ getEngine: () => engine });
});

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", '</textarea><script>x</script>'];

describe('security headers', () => {
  it.each(['/', '/search?q=%E6%9C%BA%E5%9C%BA', '/docs/000_cacabed7aa6ec20d', '/mentions?q=x', '/api/health', '/nope'])(
    'sends a CSP without inline script, nosniff and a Referrer-Policy on %s',
    async (url) => {
      const res = await request(app).get(url);
      const csp = res.headers['content-security-policy'] as string;
      const script = csp.split(';').find((d) => d.trim().startsWith('script-src '))!;
      expect(script).toBe("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );

  it('compresses pages for clients that accept gzip', async () => {
    const res = await request(app).get('/docs/003_acf836d61063524f').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('puts no inline script in any page: every <script> has a same-origin src', async () => {
    for (const url of ['/', '/search?q=%E6%9C%BA%E5%9C%BA', '/docs/000_cacabed7aa6ec20d', '/mentions?q=%E6%9C%BA%E5%9C%BA']) {
      const res = await request(app).get(url);
      const scripts = res.text.match(/<script\b[^>]*>/g) ?? [];
      for (const s of scripts) expect(s).toMatch(/src="\/static\/[\w.-]+\.js"/);
      expect(res.text).not.toMatch(/\son\w+="/);
      expect(res.text).not.toMatch(/\sstyle="/);
    }
  });
});

describe('hostile input', () => {
  it.each(HOSTILE)('shows %s as text on every page', async (q) => {
    for (const url of ['/search', '/mentions', '/docs/000_cacabed7aa6ec20d']) {
      const res = await request(app).get(url).query({ q });
      expect(res.status, url).toBe(200);
      expect(res.text, url).not.toContain(q);
      expect(res.text, url).not.toMatch(/<(script|img|svg)[^>]*(alert|onerror|onload)/i);
      const escaped = q.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
      expect(res.text, url).toContain(escaped);
    }
  });

  it('escapes hostile filter values in facet and chip links', async () => {
    const res = await request(app).get('/search').query({ q: '机场', chapter: '"><script>alert(1)</script>' }).expect(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&#34;&gt;&lt;script&gt;');
  });

  it('does not reflect a hostile Host header into citations', async () => {
    const res = await request(app).get('/docs/000_cacabed7aa6ec20d').set('Host', 'evil.com"><script>');
    expect(res.text).not.toContain('evil.com"');
    expect(res.text).toMatch(/\[R\/OL\]\. \[\d{4}-\d\d-\d\d\]\. \/docs\/000_cacabed7aa6ec20d#s-[0-9a-z]{7}\. 引文位置：第 1 段。/);
  });
});

describe('static files', () => {
  it('serves the stylesheet and the citation script from the app, with nosniff', async () => {
    const css = await request(app).get('/static/style.css').expect(200).expect('Content-Type', /text\/css/);
    expect(css.text).not.toMatch(/@import|https?:\/\//);
    await request(app).get('/static/cite.js').expect(200).expect('Content-Type', /javascript/);
  });

  it.each(['/static/../package.json', '/static/..%2Fpackage.json', '/static/%2e%2e/src/app.ts', '/static/.hidden', '/static/'])(
    'does not leak files outside public/ through %s',
    async (url) => {
      const res = await request(app).get(url);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toContain('"dependencies"');
      expect(res.text).not.toContain('createApp');
    },
  );
});

describe('error handler', () => {
  it('answers an engine failure with a generic 500 and no stack trace in production', async () => {
    const lines: string[] = [];
    const broken = createApp({ getEngine: throwingEngine, production: true, log: (l) => lines.push(l) });
    const api = await request(broken).get('/api/search?q=x').expect(500);
    expect(api.body).toEqual({ error: 'internal error' });
    const page = await request(broken).get('/search?q=x').expect(500);
    expect(page.text).toContain('服务器出错了');
    expect(page.text).not.toContain('engine exploded');
    expect(page.text).not.toContain('/secret/path');
    expect(page.text).not.toMatch(/at \w+ \(/);
    expect(lines.join('\n')).toContain('engine exploded');
  });

  it('never shows a stack trace or a path outside production either: the log has them', async () => {
    const lines: string[] = [];
    const broken = createApp({ getEngine: throwingEngine, production: false, log: (l) => lines.push(l) });
    for (const url of ['/search?q=x', '/api/search?q=x', '/docs/x', '/mentions?q=x', '/mentions.csv?q=x', '/']) {
      const res = await request(broken).get(url);
      expect(res.status, url).toBe(500);
      expect(res.text, url).not.toContain('engine exploded');
      expect(res.text, url).not.toContain('/secret/path');
      expect(res.text, url).not.toMatch(/at \w+ \(|\.ts:\d+/);
    }
    expect(lines.join('\n')).toMatch(/engine exploded[\s\S]*at /);
  });

  it('sends the mentions CSV for any query: a name cut after 39 characters never splits an emoji or 𠀀', async () => {
    for (const tail of ['😀', '𠀀', '"\\/;']) {
      const q = '字'.repeat(39) + tail + '尾';
      const res = await request(app).get(`/mentions.csv?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="mentions-[^"]*\.csv"; filename\*=UTF-8''mentions-/);
    }
  });

  it('never shows a stack trace for a bad parameter', async () => {
    const res = await request(app).get('/search?q=a&size=0').expect(400);
    expect(res.text).not.toContain('class="stack"');
    expect(res.text).not.toMatch(/at \w+ \(/);
  });

  it('answers 404 for unknown pages with a page in Chinese', async () => {
    const res = await request(app).get('/no/such/page').expect(404);
    expect(res.text).toContain('页面或文件不存在');
    await request(app).delete('/no/such/page').expect(404);
  });

  it('answers 405 with Allow for a method a route does not take, and 204 with Allow to OPTIONS', async () => {
    for (const [method, url] of [['post', '/search'], ['put', '/'], ['delete', '/api/docs'], ['put', '/api/docs/000_cacabed7aa6ec20d'], ['delete', '/mentions.csv?q=x'], ['patch', '/api/health']] as const) {
      const res = await request(app)[method](url);
      expect(res.status, `${method} ${url}`).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    const api = await request(app).put('/api/search?q=x').expect(405).expect('Content-Type', /json/);
    expect(api.body.error).toMatch(/PUT is not allowed on \/api\/search/);
    const reindex = await request(app).get('/api/reindex').expect(405);
    expect(reindex.headers.allow).toBe('POST');
    expect((await request(app).options('/api/health').expect(204)).headers.allow).toBe('GET, HEAD');
  });
});
