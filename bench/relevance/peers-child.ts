/**
 * Runs the two peers in a process of their own, so that jieba segments with its own dictionary (the project's user
 * dictionary, once loaded, is global to a process): reads `{ texts, queries, k }` from the JSON file argv[2] and
 * writes `{ [peer]: { [query]: paragraph indices } }` to argv[3].
 */
import fs from 'node:fs';
import { bm25Bigrams, miniSearchJieba } from './systems.js';

const [input, output] = process.argv.slice(2);
const { texts, queries, k } = JSON.parse(fs.readFileSync(input!, 'utf8')) as { texts: string[]; queries: string[]; k: number };
const out: Record<string, Record<string, number[]>> = {};
for (const peer of [miniSearchJieba(texts), bm25Bigrams(texts)]) {
  out[peer.name] = Object.fromEntries(queries.map((q) => [q, peer.top(q, k)]));
}
fs.writeFileSync(output!, JSON.stringify(out));
