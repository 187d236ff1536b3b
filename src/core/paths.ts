/**
 * Where the project's files are. This module sits two levels below the root both as TypeScript (`src/core/`) and
 * compiled (`dist/core/`), so every path here is the same whichever runs.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (where package.json is). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The TypeScript sources. */
export const SRC = path.join(ROOT, 'src');
/** The compiled JavaScript (`npm run build`), which the server, the CLI and every child process run. */
const DIST = path.join(ROOT, 'dist');
/** The EJS templates. */
export const VIEWS = path.join(ROOT, 'views');
/** Static files served under `/static`. */
export const PUBLIC = path.join(ROOT, 'public');
/** jieba's dictionaries (the user dictionary and the one-line stand-ins), kept with the segmentation rules. */
export const DICT = path.join(SRC, 'text', 'dict');

/**
 * The compiled module at `rel` under dist/ (`pipeline/segment-child.js`), for a child process or a worker thread to
 * run: those start plain Node, which runs JavaScript, whether the parent runs compiled code or tests run the sources.
 */
export function compiledModule(rel: string): string {
  return path.join(DIST, rel);
}
