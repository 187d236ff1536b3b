/**
 * Segmentation in child processes, to use every core when building a big index. nodejieba is a native addon that
 * does not work in worker threads, hence processes. Run as a script, this file is the child: it answers each
 * `{ id, norms }` message with `{ id, tokens }` (each paragraph's tokens space-joined, see `segmentNormalized`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadSegmenter, segmentNormalized } from './segment.js';

/** One unit of work: the normalised paragraphs of one document. */
export interface SegmentJob {
  norms: readonly string[];
}

interface Request {
  id: number;
  norms: readonly string[];
}
interface Reply {
  id: number;
  tokens?: string[];
  error?: string;
}

const THIS_FILE = fileURLToPath(import.meta.url);

/** The tsx loader, so the child can run this TypeScript file as the parent does. */
function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href;
}

/**
 * Segments the jobs in `workers` child processes, handing the next job to whichever child is free.
 *
 * @param onDone called after each job, with the number done so far
 * @returns for each job, each paragraph's base tokens
 */
export async function segmentInWorkers(
  jobs: readonly SegmentJob[],
  workers: number,
  onDone?: (done: number) => void,
): Promise<string[][][]> {
  const results: string[][][] = new Array(jobs.length);
  if (jobs.length === 0) return results;
  const children: ChildProcess[] = [];
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (child: ChildProcess): void => {
        if (next >= jobs.length) return;
        const id = next++;
        child.send({ id, norms: jobs[id]!.norms } satisfies Request);
      };
      const count = Math.max(1, Math.min(workers, jobs.length));
      for (let w = 0; w < count; w++) {
        const child = fork(THIS_FILE, [], {
          execArgv: ['--import', tsxLoader()],
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
        children.push(child);
        child.on('message', (m: Reply) => {
          if (m.error !== undefined || !m.tokens) {
            reject(new Error(`segment worker: job ${m.id} failed: ${m.error ?? 'no tokens'}`));
            return;
          }
          results[m.id] = m.tokens.map((t) => (t.length === 0 ? [] : t.split(' ')));
          done++;
          onDone?.(done);
          if (done === jobs.length) resolve();
          else feed(child);
        });
        child.on('error', reject);
        child.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`segment worker ${child.pid} exited with code ${code} before finishing`));
        });
        feed(child);
      }
    });
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
  }
  return results;
}

function serve(): void {
  loadSegmenter();
  process.on('message', (m: Request) => {
    try {
      const tokens = m.norms.map((n) => segmentNormalized(n).join(' '));
      process.send!({ id: m.id, tokens } satisfies Reply);
    } catch (e) {
      process.send!({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send && process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) serve();
