/**
 * Graceful shutdown lets responses in flight finish, even a large one still being flushed to a slow client, closes
 * idle connections at once, and ends what is left after the timeout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulClose } from '../../src/web/shutdown.js';

let server: http.Server | null = null;
afterEach(() => {
  server?.closeAllConnections();
  server = null;
});

async function serve(handler: http.RequestListener): Promise<{ port: number; close: (ms: number) => Promise<void> }> {
  server = http.createServer(handler);
  const close = gracefulClose(server);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close };
}

const BIG = Buffer.alloc(64 * 1024 * 1024, 97);

describe('gracefulClose', () => {
  it('lets a 64 MB response to a paused client finish after the close began', async () => {
    const { port, close } = await serve((_req, res) => {
      res.setHeader('Content-Length', BIG.length);
      res.end(BIG);
    });
    const body = await new Promise<number>((resolve, reject) => {
      http.get({ port, host: '127.0.0.1' }, (res) => {
        res.pause();
        let got = 0;
        setTimeout(() => {
          void close(30_000);
          res.on('data', (c: Buffer) => (got += c.length));
          res.on('end', () => resolve(got));
          res.on('error', reject);
          res.resume();
        }, 300);
      }).on('error', reject);
    });
    expect(body).toBe(BIG.length);
  });

  it('closes an idle keep-alive connection at once and refuses new connections', async () => {
    const { port, close } = await serve((_req, res) => res.end('ok'));
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => http.get({ port, host: '127.0.0.1', agent }, (res) => res.resume().on('end', resolve)));
    const started = Date.now();
    await close(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(new Promise((resolve, reject) => http.get({ port, host: '127.0.0.1' }, resolve).on('error', reject))).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('answers a request arriving on a kept-alive connection during the close with Connection: close', async () => {
    let release!: () => void;
    const { port, close } = await serve((req, res) => {
      if (req.url === '/slow') release = () => res.end('slow');
      else res.end('fast');
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const slow = new Promise<string>((resolve) => http.get({ port, host: '127.0.0.1', path: '/slow', agent }, (res) => {
      let t = '';
      res.on('data', (c) => (t += c)).on('end', () => resolve(t));
    }));
    await new Promise((r) => setTimeout(r, 100));
    const closed = close(10_000);
    release();
    expect(await slow).toBe('slow');
    await closed;
    agent.destroy();
  });

  it('ends what is still running after the timeout', async () => {
    const { port, close } = await serve(() => {
      // Never answers.
    });
    http.get({ port, host: '127.0.0.1' }).on('error', () => {});
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await close(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
