/**
 * What the benchmark uses of the project, loaded at run time from src/: the index store and `norm`. Declared here so
 * the benchmark states its contract in one place (SPEC §3 for `norm`, the engine issue for the store).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SearchEngine } from '../src/search/engine.js';
import { SRC } from './paths.js';

export interface OpenedIndex {
  engine: SearchEngine;
  /** True when the index had to be (re)built, e.g. because a seed was added. */
  rebuilt: boolean;
  reason?: string;
}

/** A build's progress report: the phase (ingest, segment, index, save) and how far along it is. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export interface StoreModule {
  openIndex(opts: { seeds: string; index: string; log?: (msg: string) => void; onProgress?: (p: Progress) => void }): Promise<OpenedIndex>;
  buildIndex(opts: { seeds: string; out: string; log?: (msg: string) => void; onProgress?: (p: Progress) => void }): Promise<unknown>;
}

export interface NormalizeModule {
  norm(s: string): string;
}

/** src/pipeline/open.ts, or the module named by BENCH_STORE (to benchmark another implementation of the same contract). */
export async function loadStore(): Promise<StoreModule> {
  const file = process.env.BENCH_STORE ? path.resolve(process.env.BENCH_STORE) : path.join(SRC, 'pipeline', 'open.ts');
  return (await import(pathToFileURL(file).href)) as StoreModule;
}

/** src/text/normalize.ts */
export async function loadNorm(): Promise<(s: string) => string> {
  const mod = (await import(pathToFileURL(path.join(SRC, 'text', 'normalize.ts')).href)) as NormalizeModule;
  return mod.norm;
}
