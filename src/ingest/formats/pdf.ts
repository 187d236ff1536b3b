/**
 * PDF → lines of text, with pdfjs-dist (Mozilla's PDF.js): the text runs of each page with their positions, CJK
 * fonts decoded through the CMaps the package ships; the layout (columns, lines, headers, footers) is rebuilt by
 * `pdf-layout.ts`. A PDF without a text layer (a scan) cannot be read without OCR and is refused as such.
 */
import { createRequire } from 'node:module';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import path from 'node:path';
import { UnreadableFileError, type DocProps, type Extracted } from './extracted.js';
import { layoutLines, type PageRuns, type TextRun } from './pdf-layout.js';

/** A page with fewer characters than this has no text layer to speak of: a scanned page (or a blank one). */
const MIN_PAGE_CHARS = 5;

type Pdfjs = typeof PdfjsModule;
let pdfjs: Promise<Pdfjs> | undefined;

/** pdfjs is large: loaded on the first PDF, not when a build has none. The legacy build is the one for Node. */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** Where the package keeps its CMaps (CJK encodings) and standard fonts, as pdfjs wants them: directories with a slash. */
function assets(): { cMapUrl: string; standardFontDataUrl: string } {
  const dir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMapUrl: path.join(dir, 'cmaps') + path.sep, standardFontDataUrl: path.join(dir, 'standard_fonts') + path.sep };
}

/** Why pdfjs refused a file, in the words a user understands. */
function reason(e: unknown): string {
  const name = (e as Error)?.name;
  const message = (e as Error)?.message ?? String(e);
  if (name === 'PasswordException') return 'encrypted PDF: it needs a password to open';
  if (name === 'InvalidPDFException') return `not a readable PDF (${message})`;
  return `unreadable PDF (${message})`;
}

/** A PDF Info string, or undefined when absent or empty. */
function infoString(info: Record<string, unknown>, key: string): string | undefined {
  const v = info[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Reads a PDF's text.
 *
 * @throws UnreadableFileError when the file is encrypted, corrupt, or has no text layer (needs OCR).
 */
export async function extractPdf(buf: Uint8Array): Promise<Extracted> {
  const { getDocument, Util } = await loadPdfjs();
  // pdfjs takes ownership of the array it is given: a copy keeps the caller's buffer whole.
  const task = getDocument({ data: new Uint8Array(buf), ...assets(), cMapPacked: true, isEvalSupported: false, verbosity: 0 });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy();
    throw new UnreadableFileError(reason(e));
  }
  try {
    const pages: PageRuns[] = [];
    const empty: number[] = [];
    let total = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, c, d, x, y] = Util.transform(viewport.transform, item.transform) as number[];
        // Rotated text is a watermark or a margin note, never the report's running text.
        if (Math.abs(b!) > 1e-3 * Math.abs(a!) || Math.abs(c!) > 1e-3 * Math.abs(d!)) continue;
        runs.push({ str: item.str, x: x!, y: y!, w: item.width, size: Math.abs(d!) || item.height });
      }
      const chars = runs.reduce((s, r) => s + r.str.replace(/\s/g, '').length, 0);
      if (chars < MIN_PAGE_CHARS) empty.push(n);
      total += chars;
      pages.push({ height: viewport.height, runs });
      page.cleanup();
    }
    if (empty.length === doc.numPages) {
      throw new UnreadableFileError(
        `no text layer (${total} characters on ${doc.numPages} page${doc.numPages === 1 ? '' : 's'}): a scanned PDF needs OCR first`,
      );
    }
    const notes = empty.length > 0 ? [`${empty.length} of ${doc.numPages} pages have no text layer (scanned?) and are not indexed: page ${pageList(empty)}`] : [];
    const { info } = (await doc.getMetadata().catch(() => ({ info: {} }))) as { info: Record<string, unknown> };
    const props: DocProps = {
      title: infoString(info, 'Title'),
      subject: infoString(info, 'Subject'),
      keywords: infoString(info, 'Keywords'),
    };
    return { lines: layoutLines(pages), props, pages: doc.numPages, notes };
  } finally {
    await doc.destroy();
  }
}

/** `1-3, 7`: page numbers as ranges. */
function pageList(ns: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    parts.push(i === j ? `${ns[i]}` : `${ns[i]}-${ns[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
