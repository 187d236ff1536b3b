/**
 * The real engine over the shipped seed reports, as the server builds it (ingest, then index in memory).
 * Build it once per test file, in beforeAll: it takes about a second.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestDir } from '../../src/ingest/index.js';
import { createEngine } from '../../src/engine.js';
import type { Engine } from '../../src/types.js';

export const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

export async function realEngine(): Promise<Engine> {
  return createEngine((await ingestDir(SEEDS)).docs);
}
