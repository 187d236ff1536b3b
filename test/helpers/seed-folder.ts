/**
 * A folder per test holding a copy of the shipped seeds and room for an index beside it, under one temporary root
 * removed after the file's tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { SEEDS } from './seed-docs.js';

/** A temporary root for this test file, removed after its tests. */
export function tempRoot(prefix: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A fresh copy of the seeds under `root`, in a folder named for the test, and where its index goes. */
export function freshSeeds(root: string, testName: string): { seeds: string; index: string } {
  const dir = fs.mkdtempSync(path.join(root, testName.replace(/\W+/g, '-').slice(0, 30)));
  const seeds = path.join(dir, 'seeds');
  fs.cpSync(SEEDS, seeds, { recursive: true });
  return { seeds, index: path.join(dir, 'index') };
}
