/**
 * Segmentation, decided in this one place for documents and queries alike.
 *
 * Text is normalised with `norm` first, then cut into runs: a run of Han characters goes to jieba's `cutForSearch`
 * (with the user dictionary in `src/text/dict/`), a run of letters and digits stays whole (`6.5%`, `5g-a`, `pm2.5`), and
 * everything else (punctuation, symbols) separates runs and yields no token. Because no run crosses punctuation,
 * segmenting a text equals segmenting its punctuation-separated pieces one by one.
 *
 * On top of jieba's pieces, a `Lexicon` (`lexicon.ts`) adds every verbatim occurrence of a known name (the user dictionary
 * plus terms learned from the corpus, such as those quoted “…” in the reports) as a whole token. That overlay is a
 * plain substring rule, so it is the same for a report and for a query, and it runs after jieba: the per-document
 * segmentation cache (jieba's output) stays valid when another report brings new quoted terms.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import nodejieba from 'nodejieba';
import { DICT } from '../core/paths.js';
import { Lexicon, learnTerms } from './lexicon.js';
import { norm } from './normalize.js';

/** Bump when a rule below changes: the index stamps it (through {@link segmenterId}) and rebuilds on a change. */
const RULES_VERSION = 5;

/** The user dictionary loaded into jieba for names it would break apart (`引黄入呼`, `呼包鄂乌`, `十五五`…). */
const USER_DICT_PATH = path.join(DICT, 'user.dict.utf8');

/**
 * Runs are found by a scanner, not by one regular expression: `(\p{Script=Han}+)` over a 10-million-character run
 * overflows V8's regexp stack. Each expression below takes a bounded chunk; the scanner joins the chunks.
 */
/** Where the next run starts: a Han character, or a letter or digit. */
const RUN_START = /[\p{Script=Han}\p{L}\p{N}]/gu;
/** A chunk of a Han run. */
const HAN_CHUNK = /\p{Script=Han}{1,4096}/uy;
/** A chunk of a letters-and-digits run (not Han). */
const WORD_CHUNK = /(?:(?!\p{Script=Han})[\p{L}\p{N}]){1,4096}/uy;
/** Joins two letters-and-digits runs into one (`5g-a`, `6.5`, `pm2.5`). */
const JOINERS = ".-+/_·'";
/**
 * The longest Han run handed to jieba as one: a longer one (no real sentence is) is cut into runs of this length, so
 * that jieba's time and memory stay linear in the text.
 */
export const MAX_RUN = 10_000;
const SUBPIECE = /[-+/_·'%]/;
const DIGITS = /^\p{Nd}+$/u;

/**
 * One-line stand-ins for jieba's keyword-extraction dictionaries (idf, stop words): segmentation never reads them,
 * and the full ones cost time and memory at every start (bench/README.md, "Why the code is as it is").
 */
const UNUSED_IDF = path.join(DICT, 'idf.min.utf8');
const UNUSED_STOP_WORDS = path.join(DICT, 'stop_words.min.utf8');

let jiebaReady = false;

/** Loads jieba with the repository's user dictionary, once per process (the slowest part of a start). */
export function loadSegmenter(): void {
  if (jiebaReady) return;
  nodejieba.load({ userDict: USER_DICT_PATH, idfDict: UNUSED_IDF, stopWordDict: UNUSED_STOP_WORDS });
  jiebaReady = true;
}

let cachedId: string | undefined;

/**
 * A short hash of everything that decides segmentation: the rules version, the user dictionary, the jieba
 * version. Part of the index's format stamp and of every segmentation-cache key, so a changed option forces a
 * rebuild instead of silent misses.
 */
export function segmenterId(): string {
  if (cachedId) return cachedId;
  const h = createHash('sha256');
  h.update(`rules:${RULES_VERSION}\n`);
  h.update(readFileSync(USER_DICT_PATH));
  try {
    const require = createRequire(import.meta.url);
    h.update(`jieba:${(require('nodejieba/package.json') as { version: string }).version}`);
  } catch {
    h.update('jieba:?');
  }
  cachedId = h.digest('hex').slice(0, 16);
  return cachedId;
}

/** The words of the user dictionary (first column of each line). */
function userDictWords(): string[] {
  return readFileSync(USER_DICT_PATH, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((w) => w.length > 0 && !w.startsWith('#'));
}

/** Characters handed to jieba in one call: one call per run cost more than the segmentation itself. */
const BATCH_CHARS = 100_000;

/**
 * jieba's tokens for already normalised text: the part of segmentation worth caching.
 *
 * @example
 * segmentNormalized('增长6.5%，5g-a基站') //=> ['增长', '6.5%', '6.5', '5g-a', '5g', 'a', '基站']
 */
export function segmentNormalized(normText: string): string[] {
  return segmentMany([normText])[0]!;
}

/**
 * `segmentNormalized` of many texts at once. The Han runs of all of them go to jieba joined by newlines, which jieba
 * treats as sentence boundaries, so each run is cut exactly as on its own, in far fewer calls.
 */
export function segmentMany(normTexts: readonly string[]): string[][] {
  loadSegmenter();
  // Pass 1: each text as a list of pieces; a Han run is a number (its place in `runs`), the rest are tokens.
  const runs: string[] = [];
  const pieces: (number | string)[][] = normTexts.map((normText) => {
    const list: (number | string)[] = [];
    scanRuns(normText, (run) => {
      list.push(runs.length);
      runs.push(run);
    }, (w, at) => {
      list.push(w);
      if (SUBPIECE.test(w)) {
        for (const p of w.split(/[-+/_·'%]+/)) if (p.length > 0 && p !== w) list.push(p);
      }
      // `2025年` is how years are written and searched; keep it whole next to the bare number.
      if (DIGITS.test(w) && normText[at + w.length] === '年') list.push(`${w}年`);
    });
    return list;
  });
  // Pass 2: cut the runs in batches.
  const cut: string[][] = new Array(runs.length);
  for (let from = 0; from < runs.length;) {
    let to = from;
    let chars = 0;
    while (to < runs.length && (to === from || chars + runs[to]!.length <= BATCH_CHARS)) chars += runs[to++]!.length + 1;
    const tokens = nodejieba.cutForSearch(runs.slice(from, to).join('\n'));
    let at = from;
    let group: string[] = [];
    for (const t of tokens) {
      if (t === '\n') {
        cut[at++] = group;
        group = [];
      } else if (t.length > 0) group.push(t);
    }
    cut[at++] = group;
    if (at !== to) {
      // Not the boundaries expected: cut these runs one by one.
      for (let i = from; i < to; i++) cut[i] = nodejieba.cutForSearch(runs[i]!).filter((t) => t.length > 0);
    }
    from = to;
  }
  // Pass 3: put the pieces together, adding what long words leave uncovered.
  return pieces.map((list) => {
    const out: string[] = [];
    for (const p of list) {
      if (typeof p === 'string') {
        out.push(p);
        continue;
      }
      const tokens = cut[p]!;
      for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k]!;
        out.push(t);
        if (t.length >= 3) pushUncovered(t, tokens, k, out);
      }
    }
    return out;
  });
}

/**
 * Walks the runs of a normalised text, left to right: each Han run (cut into runs of at most {@link MAX_RUN}
 * characters, at a character boundary) to `han`, each letters-and-digits run to `word` with where it starts. A
 * letters-and-digits run is letters and digits other than Han, joined by single joiners (`.-+/_·'`) to more of them,
 * with an optional trailing `%`. Everything else separates runs. Time is linear in the text; no regular expression
 * here backtracks or recurses over more than 4,096 characters.
 *
 * @example
 * scanRuns('增长6.5%，5g-a基站', (r) => runs.push(r), (w) => words.push(w)) // runs: 增长, 基站; words: 6.5%, 5g-a
 */
export function scanRuns(text: string, han: (run: string) => void, word: (w: string, at: number) => void): void {
  RUN_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RUN_START.exec(text)) !== null) {
    const at = m.index;
    let end = chunksFrom(HAN_CHUNK, text, at);
    if (end > at) {
      for (let from = at; from < end;) {
        let to = Math.min(end, from + MAX_RUN);
        // Never between the halves of a surrogate pair.
        if (to < end && isLowSurrogate(text.charCodeAt(to))) to--;
        han(text.slice(from, to));
        from = to;
      }
    } else {
      // RUN_START matched a letter or digit that is not Han, so WORD_CHUNK matches at least it.
      end = Math.max(at + 1, chunksFrom(WORD_CHUNK, text, at));
      for (;;) {
        if (end + 1 >= text.length || !JOINERS.includes(text[end]!)) break;
        const next = chunksFrom(WORD_CHUNK, text, end + 1);
        if (next === end + 1) break;
        end = next;
      }
      if (text[end] === '%') end++;
      word(text.slice(at, end), at);
    }
    RUN_START.lastIndex = end;
  }
}

/** The end of the longest stretch from `at` made of `chunk`'s matches, one after another (`at` when none). */
function chunksFrom(chunk: RegExp, text: string, at: number): number {
  let end = at;
  for (;;) {
    chunk.lastIndex = end;
    if (!chunk.test(text)) return end;
    end = chunk.lastIndex;
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * `cutForSearch` emits a long word after the dictionary words inside it (`国际`, `机场`, then `盛乐国际机场`); the
 * characters no such piece covers (`盛`, `乐`) are added as single-character tokens, so that a query cut into
 * smaller pieces (`盛乐机场` → `盛`, `乐`, `机场`) still finds the long word.
 */
function pushUncovered(word: string, tokens: readonly string[], k: number, out: string[]): void {
  const covered = new Uint8Array(word.length);
  for (let j = k - 1; j >= 0; j--) {
    const sub = tokens[j]!;
    if (sub.length >= word.length || !word.includes(sub)) break;
    for (let i = word.indexOf(sub); i >= 0; i = word.indexOf(sub, i + 1)) covered.fill(1, i, i + sub.length);
  }
  for (let i = 0; i < word.length; i++) {
    if (covered[i]) continue;
    const c = word.charCodeAt(i);
    // Keep a surrogate pair together.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < word.length) {
      out.push(word.slice(i, i + 2));
      i++;
    } else out.push(word[i]!);
  }
}

/** The lexicon of a corpus: the user dictionary plus the terms it quotes. */
export function corpusLexicon(normTexts: Iterable<string>): Lexicon {
  return new Lexicon([...userDictWords(), ...learnTerms(normTexts)]);
}

/**
 * The tokens of a text, exactly as an index built with the same lexicon holds them. Use it for queries.
 *
 * @example
 * segment('引黄入呼三期', new Lexicon(['引黄入呼'])) //=> ['引黄', '引黄入呼', '入', '呼', '三期']
 */
export function segment(text: string, lexicon?: Lexicon): string[] {
  const n = norm(text);
  const base = segmentNormalized(n);
  return lexicon ? base.concat(lexicon.overlay(n, base)) : base;
}
