/**
 * Child: the references every row of the benchmark is judged against, on the paragraphs the probe dumped
 * (`--texts FILE`): jieba alone in one process and in two (cutForSearch over every paragraph with the engine's
 * dictionaries, dictionary loading not timed), the resident memory of jieba's dictionary measured in a process of
 * its own, and plain MiniSearch (build and the same queries as the engine). The brute-force scan is timed by the
 * probe, in the engine's process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH } from '../paths.js';
import { measureMiniSearch } from '../peers.js';
import { PLAIN, SYNTAX } from '../queries.js';
import type { JiebaAlone, RefsResult } from '../results.js';
import type { RepeatOptions } from '../stats.js';
import { finish, flags, required } from './common.js';

const f = flags();
const textsFile = required(f, 'texts');
const reps = Number(f.get('reps') ?? 15);
const repeat: RepeatOptions = { warmup: 2, reps, budgetMs: Number(f.get('budget') ?? 3000), minReps: Math.min(3, reps) };

/** A message from a jieba-alone process, or an error once it exits without one. */
function next(child: ChildProcess, what: string): Promise<Record<string, number | boolean>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`bench refs: ${what} exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (m: Record<string, number | boolean>) => {
      child.off('exit', onExit);
      resolve(m);
    });
  });
}

/** jieba alone in `parts` processes at once: wall time from the go to the last one done, CPU summed. */
async function jiebaAlone(parts: number): Promise<JiebaAlone & { dictRssBytes: number }> {
  const script = path.join(BENCH, 'child', 'jieba-alone.mjs');
  const children = Array.from({ length: parts }, (_, part) =>
    fork(script, [textsFile, String(part), String(parts)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    const ready = await Promise.all(children.map((c, i) => next(c, `jieba process ${i + 1} of ${parts}`)));
    const done = children.map((c, i) => next(c, `jieba process ${i + 1} of ${parts}`));
    const t0 = performance.now();
    for (const c of children) c.send('go');
    const results = await Promise.all(done);
    const ms = performance.now() - t0;
    return {
      processes: parts,
      ms,
      cpuMs: results.reduce((s, r) => s + Number(r.cpuMs), 0),
      tokens: results.reduce((s, r) => s + Number(r.tokens), 0),
      chars: results.reduce((s, r) => s + Number(r.chars), 0),
      dictRssBytes: Math.min(...ready.map((r) => Number(r.dictRssBytes))),
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

const one = await jiebaAlone(1);
const two = await jiebaAlone(2);
const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8')) as string[];
let minisearch: RefsResult['minisearch'] = null;
let error: string | undefined;
if (f.get('skip') !== 'minisearch') {
  try {
    minisearch = measureMiniSearch(texts, PLAIN, SYNTAX, repeat);
  } catch (e) {
    error = (e as Error).message;
  }
}
const { dictRssBytes, ...jieba1 } = one;
const { dictRssBytes: _unused, ...jieba2 } = two;
void _unused;
finish(f, { paragraphs: texts.length, jieba1, jieba2, jiebaDictRssBytes: dictRssBytes, minisearch, ...(error ? { error } : {}) } satisfies RefsResult);
