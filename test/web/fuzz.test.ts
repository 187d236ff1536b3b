import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createApp } from '../../src/web/app.js';
import { realEngine } from '../helpers/real-engine.js';

let server: http.Server;
let port: number;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

beforeAll(async () => {
  const engine = await realEngine();
  server = createApp({ getEngine: () => engine, production: true, log: () => {} }).listen(0);
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((r) => server.close(r));
});

/** Percent-encodes every UTF-16 unit, lone surrogates included (as the bytes a sloppy client would send). */
function encode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
    if (pair) { out += encodeURIComponent(s.slice(i, i + 2)); i++; }
    else if (c >= 0xd800 && c <= 0xdfff) out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(s[i]!);
  }
  return out;
}

/** Raw junk that a hand-typed or truncated URL may hold. */
const junk = fc.constantFrom('%', '%Z', '%E4%B8', '%00', '%FF', '%C0%AF', '%2e%2e%2f', '+', '%25', '&', '=', '[]', '%0A');

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom('引黄入呼', '"盛乐机场', '-', 'OR OR', '| |', '"', '机场 -"', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '的', '2024', '0', '-1', '1e3', '٣'),
);
/** A value as it goes into the URL: encoded text, raw junk, or both. */
const value = fc.oneof(
  { arbitrary: text.map(encode), weight: 5 },
  { arbitrary: junk, weight: 1 },
  { arbitrary: fc.tuple(text.map(encode), junk).map(([a, b]) => a + b), weight: 1 },
);

const param = fc.tuple(fc.constantFrom('q', 'q', 'q', 'city', 'year', 'kind', 'chapter', 'page', 'size', 'limit', 'offset', 'q[]', 'q[a]'), value);
const queryRoute = fc.tuple(
  fc.constantFrom('/api/search', '/api/mentions', '/search', '/mentions', '/mentions.csv'),
  fc.array(param, { minLength: 0, maxLength: 5 }),
).map(([route, params]) => `${route}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`);
const pathRoute = fc.tuple(fc.constantFrom('/docs/', '/api/docs/', '/static/', '/'), value, fc.option(value.map((v) => `?q=${v}`), { nil: '' }))
  .map(([route, v, qs]) => `${route}${v}${qs}`);

function get(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
  });
}

describe('HTTP routes under random input', () => {
  it('never answer 5xx and always answer within 2 s, over 2500 random requests', async () => {
    let slowest = 0;
    let count = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: queryRoute, weight: 3 }, { arbitrary: pathRoute, weight: 1 }), async (path) => {
        const started = performance.now();
        const res = await get(path);
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        count++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, path).toBeLessThan(500);
        expect(ms, path).toBeLessThan(2000);
        if (path.startsWith('/api/') && res.status >= 400) expect(JSON.parse(res.body).error, path).toEqual(expect.any(String));
        if (res.type.startsWith('text/html')) expect(res.body, path).not.toMatch(/<script>alert|<img[^>]*onerror/);
      }),
      { numRuns: 2500 },
    );
    expect(count).toBe(2500);
    // Both answers must occur, or the generator is not exercising the validation.
    expect(statuses.get(200)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(100);
    console.log(`fuzz: ${count} requests, slowest ${slowest.toFixed(0)} ms, statuses ${JSON.stringify([...statuses])}`);
  });
});
