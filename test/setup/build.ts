/**
 * Compiles src/ into dist/ once before the tests: the server, the CLI, the segmentation children and the hashing
 * thread all run compiled, as `npm start` and `npm run index` run them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed before the tests:\n${r.stderr}${r.stdout}`);
}
