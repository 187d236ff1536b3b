#!/usr/bin/env node
/**
 * Compiles src/ into dist/ (`npm run build`; run before `npm start`, `npm run index`, `npm run search` and the
 * tests): every src/**\/*.ts file is transpiled on its own, not bundled, to the same relative place
 * (src/ingest/clean.ts → dist/ingest/clean.js), as ESM for Node 20 with a source map. The imports in src/ already
 * name `./x.js`, so the output runs as it is on plain Node, as do the child processes and worker threads it starts.
 * Data files stay where they are in src/ (the jieba dictionaries in src/text/dict). Types are not checked here
 * (`npm run typecheck` does that).
 *
 * `--out DIR` writes elsewhere. The new tree replaces the old one by two renames, so a process starting meanwhile
 * finds a whole tree. The summary line goes to stderr, keeping stdout clean for `npm run search -- --json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const started = performance.now();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const outFlag = process.argv.indexOf('--out');
const DIST = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(ROOT, 'dist');

/** Every file under `dir`, as paths relative to it. */
function walk(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...walk(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

const sources = walk(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const tmp = `${DIST}.tmp-${process.pid}`;
fs.rmSync(tmp, { recursive: true, force: true });
const result = await build({
  entryPoints: sources.map((f) => path.join(SRC, f)),
  outbase: SRC,
  outdir: tmp,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
if (result.errors.length > 0) process.exit(1);
// A fresh tree each time, so no stale module of a deleted or renamed source survives.
const old = `${DIST}.old-${process.pid}`;
if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
fs.renameSync(tmp, DIST);
fs.rmSync(old, { recursive: true, force: true });
// dist/ inherits "type": "module" from the root package.json.
const ms = Math.round(performance.now() - started);
console.error(`build: ${sources.length} modules from src/ to ${path.relative(ROOT, DIST) || '.'}/ in ${ms} ms`);
