/** Where the benchmark finds the project and writes its results. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The project's sources under test. */
export const SRC = path.join(ROOT, 'src');
/** The benchmark's own folder. */
export const BENCH = path.join(ROOT, 'bench');
/** The default output folder (gitignored). */
export const RESULTS = path.join(BENCH, 'results');
