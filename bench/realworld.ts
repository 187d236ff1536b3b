/**
 * Measures ingestion against a real-world corpus and its truth table (bench/realworld.md says how to build one):
 * metadata accuracy per field with every miss listed, page-chrome paragraphs, repeated paragraphs inside a document
 * (copies apart from short lines said again in another place, both listed),
 * the longest paragraphs, tables of contents left in, the outline found against the headings of the source, and
 * clause coverage.
 *
 *   npx tsx bench/realworld.ts --corpus DIR [--json FILE] [--verbose]
 *
 * DIR holds the report files and `truth.tsv` (file, title, city, district, year, kind, notes). Files of a format the
 * engine does not read yet are counted as skipped. The checks here are written independently of the ingestion rules
 * they measure: they look for the symptoms, not for what a rule does.
 *
 * How a field counts as right: a title when `norm()` of both is equal (NFKC, lower case, traditional to simplified,
 * whitespace dropped; nothing else is forgiven, `2010` is not `二○一○`); city, district, year and kind when equal as
 * written (an empty cell is null). The truth table's title convention (own words; a generic or missing title as
 * `{地区}{年份}年{类型}`) is written down in the corpus's truth-notes.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocMeta, IngestedDoc } from '../src/core/types.js';
import { ingestDir } from '../src/ingest/index.js';
import { norm } from '../src/text/normalize.js';
import { decode } from '../src/ingest/decode.js';

interface Truth {
  file: string;
  title: string;
  city: string;
  district: string;
  year: string;
  kind: string;
}

const FIELDS = ['title', 'city', 'district', 'year', 'kind'] as const;
type Field = (typeof FIELDS)[number];

/** Symptoms of web-page furniture, export escapes, editor lines, watermarks and bare page numbers in a paragraph. */
const CHROME: [string, RegExp][] = [
  ['breadcrumb', /当前位置|您的位置|首页\s*[>＞»]/],
  ['font switch', /字体[:：]?\s*[【[]?\s*大\s*中\s*小|【\s*大\s*中\s*小\s*】/],
  ['editor line', /(责任编辑|编辑|审核|校对)\s*[:：]/],
  ['share/print', /E-?mail推荐|打印本页|关闭窗口|打印此页|关闭本页|分享到|【打印】|【关闭】/i],
  ['html comment', /<!--|-->/],
  ['html entity', /&(nbsp|amp|lt|gt|quot|#\d+);/],
  ['export escape', /<U\+[0-9A-Fa-f]{4,5}>/],
  ['portal line', /^.{0,40}(门户网站|www\.[a-z0-9-]+\.[a-z.]+).{0,60}$/i],
  ['watermark', /中国知网|cnki|万方数据|维普资讯|https?:\/\/\S+\s*$/i],
  ['page number', /^[\s\-—－]*(第\s*)?\d{1,4}(\s*页)?[\s\-—－]*$/],
  ['posting date', /^\s*(发布时间|发布日期|时间)[:：]\s*\d{4}/],
];

/** Lines of a table of contents: a title, then leaders or wide spacing, then a page number. */
const TOC_LINE = /^.{2,60}?(?:[.．·•_…⋯]{3,}|[ \t\u3000]{2,}|\t)\s*\d{1,4}\s*$/;

/** Chapter-style headings in the source: `一、…` or `第X章 …` at the start of a short line. */
const SOURCE_CHAPTER = /^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[章篇])[^\n。]{1,40}$/;

/** Paragraphs a report repeats on purpose (a salutation, a closing call), not copies. */
const SHORT_REPEAT = 16;
/** The longest line a document may say again in another place on purpose (reported apart from copies, and listed). */
const ON_PURPOSE_MAX = 100;

function readTruth(dir: string): Truth[] {
  const lines = fs.readFileSync(path.join(dir, 'truth.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const head = lines[0]!.split('\t');
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`truth.tsv: no column ${name}`);
    return i;
  };
  const at = Object.fromEntries(['file', ...FIELDS].map((f) => [f, col(f)]));
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return Object.fromEntries(Object.entries(at).map(([f, i]) => [f, (c[i] ?? '').trim()])) as unknown as Truth;
  });
}

function got(meta: DocMeta, f: Field): string {
  const v = meta[f];
  return v === null || v === undefined ? '' : String(v);
}

/** The clauses of a source (split at blank lines and 。！？；，), six chars or more after norm(), chrome left out. */
function clauses(text: string): string[] {
  return text
    .split(/\n[ \t\u3000]*\n|[。！？；，\n]/)
    .filter((c) => !CHROME.some(([, re]) => re.test(c)) && !TOC_LINE.test(c))
    .map((c) => norm(c.replace(/<[^>]{1,200}>/g, '')))
    .filter((c) => c.length >= 6);
}

interface Row {
  file: string;
  truth: Truth;
  meta: DocMeta | null;
  paragraphs: number;
  chrome: { kind: string; text: string }[];
  repeated: number;
  repeatedExamples: string[];
  onPurpose: number;
  onPurposeExamples: string[];
  longest: number;
  tocLeft: number;
  sourceChapters: number;
  chapters: number;
  clauses: number;
  missing: string[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = flag('--corpus');
  if (!dir) throw new Error('usage: npx tsx bench/realworld.ts --corpus DIR [--json FILE] [--verbose]');
  const verbose = args.includes('--verbose');
  const truth = readTruth(dir);
  // A seeds folder of the corpus files only (the corpus folder holds notes too).
  const seeds = fs.mkdtempSync(path.join(os.tmpdir(), 'realworld-'));
  for (const t of truth) fs.copyFileSync(path.join(dir, t.file), path.join(seeds, t.file));
  const t0 = performance.now();
  const { docs, warnings } = await ingestDir(seeds);
  const ms = performance.now() - t0;
  fs.rmSync(seeds, { recursive: true, force: true });
  const byFile = new Map<string, IngestedDoc>(docs.map((d) => [d.meta.file, d]));

  const rows: Row[] = [];
  for (const t of truth) {
    const doc = byFile.get(t.file);
    const raw = fs.readFileSync(path.join(dir, t.file));
    const decoded = decode(raw);
    const source = decoded.ok ? decoded.text : '';
    const row: Row = {
      file: t.file, truth: t, meta: doc?.meta ?? null, paragraphs: doc?.paragraphs.length ?? 0, chrome: [], repeated: 0,
      repeatedExamples: [], onPurpose: 0, onPurposeExamples: [], longest: 0, tocLeft: 0, sourceChapters: 0, chapters: 0, clauses: 0, missing: [],
    };
    if (doc) {
      // Each paragraph seen, with the paragraphs that stood before it wherever it stood.
      const seen = new Map<string, Set<string>>();
      let before = '';
      for (const p of doc.paragraphs) {
        const hit = CHROME.find(([, re]) => re.test(p.text));
        if (hit) row.chrome.push({ kind: hit[0], text: p.text.slice(0, 80) });
        const n = norm(p.text);
        const befores = seen.get(n);
        if (n.length > SHORT_REPEAT && befores) {
          // Said again on purpose: a short body line (not a heading) in another place, after another paragraph than
          // every time before (`责任单位：…` under each task of a task list). Anything else is a copy.
          const onPurpose = p.level === 0 && p.text.length <= ON_PURPOSE_MAX && !befores.has(before);
          if (onPurpose) row.onPurpose++;
          else row.repeated++;
          const ex = onPurpose ? row.onPurposeExamples : row.repeatedExamples;
          if (ex.length < 2) ex.push(p.text.slice(0, 40));
        }
        if (befores) befores.add(before);
        else seen.set(n, new Set([before]));
        before = n;
        row.longest = Math.max(row.longest, p.text.length);
        if (TOC_LINE.test(p.text)) row.tocLeft++;
      }
      row.chapters = new Set(doc.paragraphs.map((p) => p.chapter).filter(Boolean)).size;
      const all = norm(doc.paragraphs.map((p) => p.text).join('\n'));
      const cs = [...new Set(clauses(source))];
      row.clauses = cs.length;
      row.missing = cs.filter((c) => !all.includes(c));
      row.sourceChapters = new Set(source.split('\n').filter((l) => SOURCE_CHAPTER.test(l)).map((l) => norm(l))).size;
    }
    rows.push(row);
  }

  const read = rows.filter((r) => r.meta);
  const lines: string[] = [];
  lines.push(`# Real-world ingestion: ${truth.length} files, ${read.length} read, ${truth.length - read.length} skipped; ${(ms / 1000).toFixed(1)} s to ingest`);
  lines.push('');
  lines.push('| field | right | of | accuracy |', '|---|---|---|---|');
  const misses: string[] = [];
  for (const f of FIELDS) {
    let right = 0;
    for (const r of read) {
      const want = f === 'title' ? norm(r.truth.title) : r.truth[f];
      const have = f === 'title' ? norm(got(r.meta!, f)) : got(r.meta!, f);
      if (want === have) right++;
      else misses.push(`${f}\t${r.file}\twant ${r.truth[f] || '∅'}\tgot ${got(r.meta!, f) || '∅'}`);
    }
    lines.push(`| ${f} | ${right} | ${read.length} | ${((100 * right) / Math.max(1, read.length)).toFixed(1)}% |`);
  }
  const sum = (k: (r: Row) => number): number => read.reduce((s, r) => s + k(r), 0);
  const paragraphs = sum((r) => r.paragraphs);
  const clauseTotal = sum((r) => r.clauses);
  const missingTotal = sum((r) => r.missing.length);
  const longest = [...read].sort((a, b) => b.longest - a.longest).slice(0, 3);
  lines.push('');
  lines.push('| measure | figure |', '|---|---|');
  lines.push(`| paragraphs | ${paragraphs} |`);
  lines.push(`| page-chrome paragraphs | ${sum((r) => r.chrome.length)} |`);
  lines.push(`| repeated paragraphs inside a document (over ${SHORT_REPEAT} chars), copies | ${sum((r) => r.repeated)} |`);
  lines.push(`| short lines said again in another place (≤ ${ON_PURPOSE_MAX} chars, not headings; listed below) | ${sum((r) => r.onPurpose)} |`);
  lines.push(`| paragraphs over 1,500 chars | ${read.reduce((s, r) => s + (r.longest > 1500 ? 1 : 0), 0)} documents; longest ${longest.map((r) => `${r.longest} (${r.file.slice(0, 24)})`).join(', ')} |`);
  lines.push(`| table-of-contents lines left in | ${sum((r) => r.tocLeft)} |`);
  lines.push(`| chapters found / chapter headings in the sources | ${sum((r) => r.chapters)} / ${sum((r) => r.sourceChapters)} |`);
  lines.push(`| clause coverage | ${clauseTotal - missingTotal} / ${clauseTotal} = ${((100 * (clauseTotal - missingTotal)) / Math.max(1, clauseTotal)).toFixed(2)}% |`);
  lines.push(`| warnings | ${warnings.length} (${warnings.filter((w) => w.skipped).length} files skipped) |`);
  const dups = read.filter((r) => r.meta!.duplicateOf !== null);
  lines.push(`| documents marked duplicateOf another | ${dups.length}: ${dups.map((r) => `${r.file.slice(0, 12)} → ${r.meta!.duplicateOf!.slice(0, 12)}`).join(', ')} |`);
  lines.push('', '## Metadata misses', '', ...misses.map((m) => `- ${m.replace(/\t/g, ' · ')}`));
  const chromeRows = read.filter((r) => r.chrome.length > 0);
  lines.push('', '## Page chrome left', '');
  for (const r of chromeRows) lines.push(`- ${r.file}: ${r.chrome.length} (${[...new Set(r.chrome.map((c) => c.kind))].join(', ')}) e.g. ${r.chrome[0]!.text}`);
  lines.push('', '## Repeated paragraphs', '');
  for (const r of read.filter((x) => x.repeated > 0)) lines.push(`- ${r.file}: ${r.repeated}, e.g. ${r.repeatedExamples.join(' | ')}`);
  lines.push('', '## Short lines said again in another place', '');
  for (const r of read.filter((x) => x.onPurpose > 0)) lines.push(`- ${r.file}: ${r.onPurpose}, e.g. ${r.onPurposeExamples.join(' | ')}`);
  lines.push('', '## Clause coverage below 99.5%', '');
  for (const r of read.filter((x) => x.clauses > 0 && x.missing.length / x.clauses > 0.005)) {
    lines.push(`- ${r.file}: ${r.clauses - r.missing.length}/${r.clauses}${verbose ? `: ${r.missing.slice(0, 12).join(' | ')}` : ''}`);
  }
  lines.push('', '## Outline: chapters found vs chapter headings in the source (where they differ)', '');
  for (const r of read.filter((x) => x.chapters !== x.sourceChapters)) lines.push(`- ${r.file}: ${r.chapters} vs ${r.sourceChapters}`);
  lines.push('', '## Skipped', '', ...warnings.filter((w) => w.skipped).map((w) => `- ${w.reason}`));
  console.log(lines.join('\n'));
  const json = flag('--json');
  if (json) fs.writeFileSync(json, JSON.stringify({ rows: rows.map((r) => ({ ...r, missing: r.missing.length })), warnings }, null, 1));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
