import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS } from '../helpers/real-engine.js';
import { startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process.js';

// `npm start -- --watch` under load: a report dropped into seeds/ is indexed in the background and swapped in while
// every request keeps being answered.
let tmp: string;
let seeds: string;
let server: ServerProcess;

const NEW_REPORT = [
  '包头市2026年政府工作报告',
  '一、2025年工作回顾',
  '过去一年，我们推进稀土新材料产业集群建设，建成昆都仑河生态廊道试验段。',
  '二、2026年工作安排',
  '（一）加快产业升级。推进稀土永磁电机产业园建设，力争昆都仑河生态廊道全线贯通。',
].join('\n');

const mentions = async (q: string) =>
  (await (await fetch(`${server.base}/api/mentions?q=${encodeURIComponent(q)}`)).json()) as { totalOccurrences: number };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-reload-'));
  seeds = path.join(tmp, 'seeds');
  fs.cpSync(SEEDS, seeds, { recursive: true });
  server = await startServerProcess(['--seeds', seeds, '--index', path.join(tmp, 'index'), '--watch']);
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('live reload under load', () => {
  it('answers every request during a background rebuild, then finds the new report', async () => {
    const docsBefore = ((await (await fetch(`${server.base}/api/health`)).json()) as { docs: number }).docs;
    expect((await mentions('昆都仑河生态廊道')).totalOccurrences).toBe(0);

    const load = autocannon({
      url: server.base,
      connections: 32,
      duration: 15,
      timeout: 10,
      requests: [
        { method: 'GET', path: `/api/search?q=${encodeURIComponent('新质生产力')}` },
        { method: 'GET', path: `/api/mentions?q=${encodeURIComponent('昆都仑河生态廊道')}` },
        { method: 'GET', path: `/search?q=${encodeURIComponent('机场')}` },
      ],
    });
    // Drop the report in while the load runs.
    await new Promise((r) => setTimeout(r, 2000));
    fs.writeFileSync(path.join(seeds, '900_baotou_2026.txt'), NEW_REPORT);
    const result = await load;

    const swapped = await waitFor(
      'the new report to be swapped in',
      async () => ((await mentions('昆都仑河生态廊道')).totalOccurrences === 2 ? true : undefined),
      60_000,
      server.output,
    );
    console.log(
      `reload under load: ${result.requests.total} requests, errors ${result.errors}, timeouts ${result.timeouts}, ` +
        `non-2xx ${result.non2xx}`,
    );
    expect(swapped).toBe(true);
    expect(result.requests.total).toBeGreaterThan(100);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    const health = (await (await fetch(`${server.base}/api/health`)).json()) as { docs: number };
    expect(health.docs).toBe(docsBefore + 1);
    expect(server.output()).toMatch(/900_baotou_2026/);
  });
});
