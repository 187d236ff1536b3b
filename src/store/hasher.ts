/**
 * Hashing on the other core while this thread parses the index (see `generations.ts`).
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { compiledModule } from '../core/paths.js';
import { readSeedSync } from '../ingest/listing.js';

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * SHA-256 on the other core while this thread parses the index: a worker thread hashing buffers shared with it
 * (read into a `SharedArrayBuffer`, so not copied) and seed files it reads itself. Without a worker (or when it
 * fails, e.g. before `npm run build`) the same hashes are computed here.
 */
export class Hasher {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; local: () => unknown }>();
  private next = 0;

  constructor() {
    try {
      this.worker = new Worker(compiledModule('store/hash-worker.js'), { execArgv: [] });
      this.worker.unref();
      this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
      });
      this.worker.on('error', () => this.fallBack());
      this.worker.on('exit', () => this.fallBack());
    } catch {
      this.worker = null;
    }
  }

  /** Computes here whatever the worker had not answered, and everything from now on. */
  private fallBack(): void {
    this.worker = null;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      try {
        p.resolve(p.local());
      } catch (e) {
        p.reject(e as Error);
      }
    }
  }

  private ask<T>(message: object, local: () => T): Promise<T> {
    if (!this.worker) {
      try {
        return Promise.resolve(local());
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, local });
      this.worker!.postMessage({ id, ...message });
    });
  }

  /** sha256 of a buffer; hashed in the worker when the buffer is shared memory. */
  bytes(buf: Buffer): Promise<string> {
    const local = (): string => sha256(buf);
    if (!(buf.buffer instanceof SharedArrayBuffer)) return Promise.resolve().then(local);
    return this.ask({ shared: buf.buffer, offset: buf.byteOffset, length: buf.length }, local);
  }

  /**
   * Size and sha256 of each seed file, read as `readSeedSync` reads it (never blocking on a pipe, at most
   * `MAX_SEED_BYTES`); null for a file that cannot be read so.
   */
  files(paths: readonly string[]): Promise<({ size: number; sha256: string } | null)[]> {
    return this.ask({ files: paths }, () => paths.map((f) => {
      try {
        const b = readSeedSync(f);
        return { size: b.length, sha256: sha256(b) };
      } catch {
        return null;
      }
    }));
  }

  close(): void {
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
  }
}
