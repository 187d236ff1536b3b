#!/usr/bin/env node
/**
 * Compiles src/ into dist/ for `npm start` (run as `prestart`): every src/**\/*.ts file is transpiled on its own,
 * not bundled, to the same relative place (src/ingest/clean.ts → dist/ingest/clean.js), as ESM for Node 20 with a
 * source map, and the run-time assets under src/ (the jieba dictionaries in src/dict) are copied alongside. The
 * imports in src/ already name `./x.js`, so the output runs as it is. Plain JavaScript, so it needs no loader.
 * Types are not checked here (`npm run typecheck` does that).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const started = performance.now();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

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

const files = walk(SRC);
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const assets = files.filter((f) => f.split(path.sep)[0] === 'dict');

// A fresh tree each time, so no stale module of a deleted or renamed source survives.
fs.rmSync(DIST, { recursive: true, force: true });
const result = await build({
  entryPoints: sources.map((f) => path.join(SRC, f)),
  outbase: SRC,
  outdir: DIST,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
if (result.errors.length > 0) process.exit(1);
for (const f of assets) {
  fs.mkdirSync(path.join(DIST, path.dirname(f)), { recursive: true });
  fs.copyFileSync(path.join(SRC, f), path.join(DIST, f));
}
// dist/ inherits "type": "module" from the root package.json.
const ms = Math.round(performance.now() - started);
console.log(`build: ${sources.length} modules and ${assets.length} assets from src/ to dist/ in ${ms} ms`);
