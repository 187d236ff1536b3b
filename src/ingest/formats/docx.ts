/**
 * Word documents (.docx) → lines of text, with mammoth: its HTML of the document keeps the paragraphs, the tables
 * and the heading styles (Heading 1/2/3, 标题 1/2/3 → `<h1>`–`<h3>`), which `html-lines.ts` reads as a web page's.
 * The numbering Word generates for headings and lists (一、 （一） 1.) is not text in the file: `docx-numbering.ts`
 * writes it into the paragraphs first. The core properties (title, subject, keywords) are the document's properties.
 */
import type { Level } from '../../core/types.js';
import type JSZip from 'jszip';
import type * as LinkedomModule from 'linkedom';
import type * as MammothModule from 'mammoth';
import { numberParagraphs, readXml } from './docx-numbering.js';
import { UnreadableFileError, type DocProps, type Extracted } from './extracted.js';
import { htmlLines } from './html-lines.js';

type Mammoth = typeof MammothModule;
type JSZipClass = typeof JSZip;
let libs: Promise<[Mammoth, JSZipClass, typeof LinkedomModule]> | undefined;

/** mammoth, JSZip and the DOM parser, loaded on the first Word document. */
function loadLibs(): Promise<[Mammoth, JSZipClass, typeof LinkedomModule]> {
  libs ??= Promise.all([
    import('mammoth').then((m) => (m.default ?? m) as Mammoth),
    import('jszip').then((m) => (m.default ?? m) as JSZipClass),
    import('linkedom'),
  ]);
  return libs;
}

/** Heading styles as Chinese Word and WPS name them, besides the English names mammoth maps already. */
const STYLE_MAP = [1, 2, 3, 4, 5, 6].flatMap((n) => [`p[style-name='标题 ${n}'] => h${n}:fresh`, `p[style-name='标题${n}'] => h${n}:fresh`]);

/** The core properties of the document (`docProps/core.xml`) and its company (`docProps/app.xml`). */
async function readProps(zip: JSZip): Promise<DocProps> {
  const text = async (file: string, tag: string): Promise<string | undefined> => {
    const xml = await zip.file(file)?.async('string');
    if (!xml) return undefined;
    const v = readXml(xml).getElementsByTagName(tag)[0]?.textContent?.trim();
    return v ? v : undefined;
  };
  return {
    title: await text('docProps/core.xml', 'dc:title'),
    subject: await text('docProps/core.xml', 'dc:subject'),
    keywords: await text('docProps/core.xml', 'cp:keywords'),
    publisher: await text('docProps/app.xml', 'Company'),
  };
}

/**
 * Reads a .docx file.
 *
 * @throws UnreadableFileError when it is no zip archive or holds no Word document.
 */
export async function extractDocx(buf: Uint8Array): Promise<Extracted> {
  const [mammoth, JSZip, { parseHTML }] = await loadLibs();
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch (e) {
    throw new UnreadableFileError(`corrupt .docx: not a readable zip archive (${(e as Error).message})`);
  }
  const document = zip.file('word/document.xml');
  if (!document) throw new UnreadableFileError('not a Word document: the archive has no word/document.xml');
  let input: Buffer;
  try {
    const numbered = await numberParagraphs(zip);
    input = numbered ? await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }) : Buffer.from(buf);
  } catch (e) {
    throw new UnreadableFileError(`corrupt .docx (${(e as Error).message})`);
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: input }, { styleMap: STYLE_MAP, ignoreEmptyParagraphs: false })).value;
  } catch (e) {
    throw new UnreadableFileError(`corrupt .docx (${(e as Error).message})`);
  }
  const { document: dom } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  // Heading 1 is a chapter and Heading 2 a section, as the outline's levels are; lower headings are level 3.
  const lines = htmlLines(dom.body as unknown as Element, (h) => Math.min(Number(h.tagName.slice(1)), 3) as Level);
  return { lines, props: await readProps(zip), notes: [] };
}
