/**
 * Child: build throughput for the formats beside text. For each format, the fixtures of test/fixtures/formats (seed
 * 000 in that format and the real documents) copied `--copies` times into a seeds directory; then `ingestDir` alone
 * (extraction, cleaning, outline, metadata) and a full `buildIndex` of it, each timed once in this fresh process.
 * Pages: a PDF's own; a Word file's as Word recorded them (docProps/app.xml), when it did.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { ROOT, SRC } from '../paths.js';
import { loadStore } from '../project.js';
import type { FormatResult } from '../results.js';
import type * as IngestModule from '../../src/ingest/index.js';
import type * as PdfModule from '../../src/ingest/formats/pdf.js';
import { finish, flags, required } from './common.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/formats');
const SAMPLES: Record<string, string[]> = {
  pdf: ['000_cacabed7aa6ec20d.pdf', 'real/云南省国民经济和社会发展第十个五年计划纲要（第1-3页）.pdf'],
  docx: ['000_cacabed7aa6ec20d.docx', '003-plan.docx', 'real/2025年北京市政府工作报告.docx'],
  doc: ['000_cacabed7aa6ec20d.doc', 'real/市政府办公厅关于印发南京市打造软件和信息服务产业地标行动计划的通知.doc'],
  html: ['000_cacabed7aa6ec20d.html', 'real/宜春市2022年国民经济和社会发展统计公报 _ 中国宜春.html'],
};

const f = flags();
const dir = required(f, 'dir');
const copies = Number(f.get('copies') ?? 10);
const store = await loadStore();
const ingest = (await import(pathToFileURL(path.join(SRC, 'ingest', 'index.ts')).href)) as typeof IngestModule;
const { extractPdf } = (await import(pathToFileURL(path.join(SRC, 'ingest', 'formats', 'pdf.ts')).href)) as typeof PdfModule;

/** The pages of a file: a PDF's count, a .docx's as recorded by Word; null when the file does not say. */
async function pages(file: string): Promise<number | null> {
  const buf = fs.readFileSync(file);
  if (file.endsWith('.pdf')) return (await extractPdf(buf)).pages ?? null;
  if (file.endsWith('.docx')) {
    const app = await (await JSZip.loadAsync(buf)).file('docProps/app.xml')?.async('string');
    const m = app ? /<Pages>(\d+)<\/Pages>/.exec(app) : null;
    return m ? Number(m[1]) : null;
  }
  return null;
}

const results: FormatResult[] = [];
for (const [format, samples] of Object.entries(SAMPLES)) {
  const seeds = path.join(dir, format, 'seeds');
  fs.mkdirSync(seeds, { recursive: true });
  let bytes = 0;
  let pageCount = 0;
  let pagedBytes = 0;
  for (const s of samples) {
    const src = path.join(FIXTURES, s);
    const p = await pages(src);
    const size = fs.statSync(src).size;
    for (let i = 0; i < copies; i++) fs.copyFileSync(src, path.join(seeds, `c${String(i).padStart(3, '0')}_${path.basename(s)}`));
    bytes += size * copies;
    if (p !== null) {
      pageCount += p * copies;
      pagedBytes += size * copies;
    }
  }
  const t0 = performance.now();
  const ingested = await ingest.ingestDir(seeds);
  const ingestMs = performance.now() - t0;
  const t1 = performance.now();
  await store.buildIndex({ seeds, out: path.join(dir, format, 'index') });
  const buildMs = performance.now() - t1;
  results.push({
    format,
    files: samples.length * copies,
    bytes,
    pages: pageCount || null,
    pagedBytes,
    docs: ingested.docs.length,
    paragraphs: ingested.docs.reduce((s, d) => s + d.paragraphs.length, 0),
    ingestMs,
    buildMs,
  });
}
finish(f, results);
