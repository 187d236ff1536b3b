/**
 * The hashing thread (see `hasher.ts`): sha256 of a buffer shared with it, or of files it reads itself. Runs as a
 * worker thread, compiled (`dist/store/hash-worker.js`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { openSeed } from '../ingest/listing.js';

/** A request: hash `length` bytes of shared memory from `offset`, or the files at `files`. */
export interface HashRequest {
  id: number;
  shared?: SharedArrayBuffer;
  offset?: number;
  length?: number;
  files?: string[];
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
// Files are read into one reused buffer: the thread's freed allocations would stay in the process's memory.
let buf = Buffer.allocUnsafeSlow(1 << 20);

/** Size and sha256 of a seed file, opened as `openSeed` opens it; null when it cannot be read so. */
function hashFile(file: string): { size: number; sha256: string } | null {
  let opened: { fd: number; size: number };
  try {
    opened = openSeed(file);
  } catch {
    return null;
  }
  const { fd, size } = opened;
  try {
    if (size > buf.length) buf = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let n = 1; at < size && n > 0; at += n) n = fs.readSync(fd, buf, at, size - at, at);
    return { size: at, sha256: sha(buf.subarray(0, at)) };
  } finally {
    fs.closeSync(fd);
  }
}

parentPort?.on('message', (m: HashRequest) => {
  try {
    const result = m.shared ? sha(new Uint8Array(m.shared, m.offset, m.length)) : (m.files ?? []).map(hashFile);
    parentPort!.postMessage({ id: m.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
