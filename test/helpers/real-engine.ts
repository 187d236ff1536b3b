/**
 * The real engine over the shipped seed reports, as the server builds it (ingest, then index in memory).
 * Build it once per test file, in beforeAll: it takes about a second.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestDir } from '../../src/ingest/index.js';
import { createEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/engine.js';

export const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

export async function realEngine(): Promise<SearchEngine> {
  return createEngine((await ingestDir(SEEDS)).docs);
}
