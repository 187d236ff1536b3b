/**
 * Child: the peers on the paragraphs the probe dumped (`--texts FILE`), one after the other in this fresh process:
 * jieba alone, plain MiniSearch, FlexSearch for CJK (two configurations).
 */
import fs from 'node:fs';
import { jiebaReference, measureFlexCjk, measureFlexJieba, measureMiniSearch, type PeerResult } from '../peers.js';
import { PLAIN, SYNTAX } from '../queries.js';
import type { RepeatOptions } from '../stats.js';
import { finish, flags, required } from './common.js';

const f = flags();
const texts = JSON.parse(fs.readFileSync(required(f, 'texts'), 'utf8')) as string[];
const reps = Number(f.get('reps') ?? 15);
const repeat: RepeatOptions = { warmup: 2, reps, budgetMs: Number(f.get('budget') ?? 3000), minReps: Math.min(3, reps) };
const skip = new Set((f.get('skip') ?? '').split(',').filter(Boolean));

const jieba = jiebaReference(texts);
const peers: PeerResult[] = [];
const errors: Record<string, string> = {};
for (const [key, run] of [['minisearch', measureMiniSearch], ['flex-cjk', measureFlexCjk], ['flex-jieba', measureFlexJieba]] as const) {
  if (skip.has(key)) continue;
  try {
    peers.push(run(texts, PLAIN, SYNTAX, repeat));
  } catch (e) {
    errors[key] = (e as Error).message;
  }
}
finish(f, { jieba, peers, errors, paragraphs: texts.length });
