/**
 * The corpus a relevance run searches: the report files of a real-world corpus folder (the files its `truth.tsv`
 * lists, laid out as bench/realworld.md says) plus the shipped seeds, copied into one folder and indexed by the
 * project's own pipeline. Every system is run over the paragraphs of that one index, so they differ only in how they
 * match and rank.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DocMeta, Paragraph } from '../../src/core/types.js';
import { openIndex } from '../../src/pipeline/open.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { norm } from '../../src/text/normalize.js';

export interface CorpusParagraph {
  doc: DocMeta;
  p: Paragraph;
  /** The judgment key: a hash of the normalised text, so a grade survives renumbering and covers identical copies. */
  key: string;
}

export interface RelevanceCorpus {
  engine: SearchEngine;
  paragraphs: CorpusParagraph[];
  byLocation: Map<string, CorpusParagraph>;
  bytes: number;
}

export function paragraphKey(text: string): string {
  return crypto.createHash('sha1').update(norm(text)).digest('hex').slice(0, 12);
}

/** The files `truth.tsv` lists (its first column), which must all exist in `dir`. */
function listedFiles(dir: string): string[] {
  const truth = path.join(dir, 'truth.tsv');
  if (!fs.existsSync(truth)) throw new Error(`${dir}: no truth.tsv (bench/realworld.md says how a corpus folder is laid out)`);
  const rows = fs.readFileSync(truth, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]!.trim()).filter(Boolean);
  for (const f of rows) if (!fs.existsSync(path.join(dir, f))) throw new Error(`${dir}: truth.tsv lists ${f}, which is missing`);
  return rows;
}

/**
 * Copies the corpus and the seeds into `work/seeds` (once; kept between runs when `work` is given) and opens the index
 * in `work/index`, building it when the files changed.
 */
export async function openRelevanceCorpus(corpusDir: string, seedsDir: string, work: string, log: (m: string) => void): Promise<RelevanceCorpus> {
  const seeds = path.join(work, 'seeds');
  fs.mkdirSync(seeds, { recursive: true });
  const wanted = new Map<string, string>();
  for (const f of listedFiles(corpusDir)) wanted.set(f, path.join(corpusDir, f));
  for (const f of fs.readdirSync(seedsDir)) wanted.set(f, path.join(seedsDir, f));
  for (const f of fs.readdirSync(seeds)) if (!wanted.has(f)) fs.rmSync(path.join(seeds, f), { recursive: true });
  let bytes = 0;
  for (const [f, src] of wanted) {
    const dst = path.join(seeds, f);
    const st = fs.statSync(src);
    bytes += st.size;
    if (!fs.existsSync(dst) || fs.statSync(dst).size !== st.size) fs.copyFileSync(src, dst);
  }
  const opened = await openIndex({ seeds, index: path.join(work, 'index'), log: (m) => log(m) });
  const engine = opened.engine;
  const paragraphs: CorpusParagraph[] = [];
  const byLocation = new Map<string, CorpusParagraph>();
  for (const meta of engine.docs()) {
    const d = await engine.doc(meta.id);
    if (!d) continue;
    for (const p of d.paragraphs) {
      const cp = { doc: d.doc, p, key: paragraphKey(p.text) };
      paragraphs.push(cp);
      byLocation.set(`${meta.id}#${p.n}`, cp);
    }
  }
  return { engine, paragraphs, byLocation, bytes };
}
