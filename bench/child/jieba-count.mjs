// Preloaded with `node --import` (through NODE_OPTIONS, so the build's own worker processes load it too) when the
// benchmark wants to know how much text a build segments: it wraps nodejieba's segmenters and keeps, per process, a
// count of calls and characters in BENCH_JIEBA_COUNT_DIR/<pid>.json, with the CPU time the process has used (so the
// benchmark can add up a build's CPU over its processes: Node reports no child's usage). Plain JavaScript so it needs
// no loader itself. It only counts; it never changes what the segmenters return.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.BENCH_JIEBA_COUNT_DIR;
if (dir) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  let jieba;
  try {
    jieba = createRequire(path.join(root, 'package.json'))('nodejieba');
  } catch {
    jieba = undefined;
  }
  if (jieba) {
    const file = path.join(dir, `${process.pid}.json`);
    let calls = 0;
    let chars = 0;
    let flushedAt = 0;
    const flush = () => {
      try {
        const cpu = process.cpuUsage();
        fs.writeFileSync(file, JSON.stringify({ pid: process.pid, calls, chars, cpuMs: (cpu.user + cpu.system) / 1000 }));
      } catch {
        // the counting folder is gone: the benchmark ended
      }
    };
    for (const name of ['cut', 'cutAll', 'cutHMM', 'cutForSearch', 'cutSmall', 'tag', 'extract', 'textRankExtract']) {
      const original = jieba[name];
      if (typeof original !== 'function') continue;
      jieba[name] = function counted(text, ...rest) {
        calls++;
        if (typeof text === 'string') chars += text.length;
        // Flush on the first call and then at most every 250 ms: a worker that is killed loses little.
        const now = Date.now();
        if (now - flushedAt > 250) {
          flushedAt = now;
          flush();
        }
        return original.call(this, text, ...rest);
      };
    }
    process.on('exit', flush);
  }
}
