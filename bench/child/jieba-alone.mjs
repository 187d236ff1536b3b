// One process of the "jieba alone" reference (forked by bench/child/refs.ts): loads nodejieba with the engine's
// dictionaries (as src/text/segment.ts does), reads the paragraphs, and segments its share of them (every `parts`-th
// paragraph from `part`) with cutForSearch when told to go, so that two of these segment the corpus on two cores.
// Reports the resident memory jieba's dictionary took (measured apart from any index), then the segmentation's wall
// and CPU time. Plain JavaScript: it must start like the engine's own children, without a loader.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [textsFile, partArg, partsArg] = process.argv.slice(2);
const part = Number(partArg);
const parts = Number(partsArg);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dict = path.join(root, 'src', 'text', 'dict');
const gc = globalThis.gc ?? (() => {});

gc();
const rssBefore = process.memoryUsage().rss;
const jieba = createRequire(path.join(root, 'package.json'))('nodejieba');
jieba.load({
  userDict: path.join(dict, 'user.dict.utf8'),
  idfDict: path.join(dict, 'idf.min.utf8'),
  stopWordDict: path.join(dict, 'stop_words.min.utf8'),
});
jieba.cutForSearch('预热词典');
gc();
const dictRssBytes = process.memoryUsage().rss - rssBefore;
const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8')).filter((_, i) => i % parts === part);

process.on('message', (m) => {
  if (m !== 'go') return;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let tokens = 0;
  let chars = 0;
  for (const t of texts) {
    tokens += jieba.cutForSearch(t).length;
    chars += t.length;
  }
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  process.send({ done: true, ms, cpuMs: (c.user + c.system) / 1000, tokens, chars }, () => process.exit(0));
});
process.send({ ready: true, dictRssBytes });
