/**
 * Tidying the index directory keeps the current generation and the one current before it, never a generation a
 * crashed build left behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/pipeline/open.js';
import { SEEDS } from '../helpers/seed-docs.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-gens-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const current = (index: string): string => fs.readFileSync(path.join(index, 'CURRENT'), 'utf8').trim();
const gens = (index: string): string[] => fs.readdirSync(index).filter((n) => n.startsWith('gen-')).sort();

describe('tidy (after each build)', () => {
  it('keeps the current and the previous generation, and drops a newer orphan a crash left', async () => {
    const index = path.join(tmp, 'index');
    const log = (): void => {};
    await buildIndex({ seeds: SEEDS, out: index, log });
    const a = current(index);
    await buildIndex({ seeds: SEEDS, out: index, log });
    const b = current(index);
    // A build that crashed after renaming its generation into place, before switching CURRENT: newer than b.
    const orphan = `gen-${(Date.now() + 1000).toString(36)}-dead00`;
    fs.cpSync(path.join(index, b), path.join(index, orphan), { recursive: true });
    expect(gens(index)).toEqual([a, b, orphan].sort());
    await buildIndex({ seeds: SEEDS, out: index, log });
    const c = current(index);
    expect(gens(index)).toEqual([b, c].sort());
    expect(JSON.parse(fs.readFileSync(path.join(index, c, 'manifest.json'), 'utf8')).previous).toBe(b);
  });
});
