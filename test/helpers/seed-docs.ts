/**
 * Shared by the engine tests: the seed corpus ingested once per test file, and the brute-force reference scan.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestDir } from '../../src/ingest/index.js';
import { norm } from '../../src/text/normalize.js';
import type { IngestedDoc } from '../../src/core/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEEDS = path.join(ROOT, 'seeds');

let seedDocs: Promise<IngestedDoc[]> | undefined;

/** The shipped reports, ingested. */
export function loadSeedDocs(): Promise<IngestedDoc[]> {
  seedDocs ??= ingestDir(SEEDS).then((r) => r.docs);
  return seedDocs;
}

/**
 * The reference answer for exact mentions: scan every normalised paragraph, counting occurrences left to right
 * without overlap. Keyed `docId#n`.
 */
export function bruteForceMentions(docs: readonly IngestedDoc[], q: string): Map<string, number> {
  const nq = norm(q);
  const out = new Map<string, number>();
  if (nq === '') return out;
  for (const d of docs) {
    for (const p of d.paragraphs) {
      const t = norm(p.text);
      let c = 0;
      for (let i = t.indexOf(nq); i >= 0; i = t.indexOf(nq, i + nq.length)) c++;
      if (c > 0) out.set(`${d.meta.id}#${p.n}`, c);
    }
  }
  return out;
}
