/**
 * Saved web pages → lines of text: the page parsed by linkedom (a DOM without a browser), its main text found by
 * Mozilla's Readability (the reader view of Firefox), which leaves navigation, breadcrumbs, share links, scripts and
 * styles out. `<h1>`–`<h6>` give the outline; the page's `<title>` and meta tags are its properties. linkedom
 * rather than jsdom: several times faster for the same article text (bench/README.md).
 */
import type * as ReadabilityModule from '@mozilla/readability';
import iconv from 'iconv-lite';
import type * as LinkedomModule from 'linkedom';
import type { Level } from '../../core/types.js';
import { decode } from '../decode.js';
import { UnreadableFileError, type DocProps, type Extracted } from './extracted.js';
import { htmlLines } from './html-lines.js';

type Libs = [typeof LinkedomModule, typeof ReadabilityModule];
let libs: Promise<Libs> | undefined;

/** The parser and Readability, loaded on the first page (a build of text files never needs them). */
function loadLibs(): Promise<Libs> {
  libs ??= Promise.all([import('linkedom'), import('@mozilla/readability')]);
  return libs;
}

/** Readability's main text shorter than this (in characters, or half the page's) is a miss: the whole body is read. */
const MIN_ARTICLE_CHARS = 200;

/** The charset a page declares in its first bytes (`<meta charset="gb2312">`, `content="text/html; charset=gbk"`). */
function declaredCharset(buf: Uint8Array): string | null {
  const head = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

/** Bytes → the page's markup: the declared charset when iconv knows it, else detected as a text file's is. */
export function decodeHtml(buf: Uint8Array): string {
  const bom = buf[0] === 0xef || buf[0] === 0xff || buf[0] === 0xfe;
  const charset = bom ? null : declaredCharset(buf);
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset)) {
    // GB2312 and GBK pages often hold characters of their superset: GB18030 reads them all.
    const cs = /^(gb2312|gbk|x-gbk|gb_2312-80)$/.test(charset) ? 'gb18030' : charset;
    return iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.length), cs);
  }
  const d = decode(buf);
  if (!d.ok) throw new UnreadableFileError(d.reason);
  return d.text;
}

/** Text without any whitespace, to compare headings and titles. */
const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s/g, '');

const meta = (doc: Document, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = doc.querySelector(`meta[name="${n}" i], meta[property="${n}" i]`)?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return undefined;
};

/**
 * The page's title without the site's name: `万载县2022年…统计公报 _ 万载县人民政府` → `万载县2022年…统计公报`; the
 * longest of the parts a separator leaves.
 */
function pageTitle(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const parts = raw
    .split(/\s+[|_—–-]+\s+|\s*[|｜]\s*|——/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return parts.sort((a, b) => b.length - a.length)[0];
}

/** Heading levels by rank: the highest heading tag the main text uses is a chapter, the next a section, then lower. */
function headingLevels(root: Element, title: string): (heading: Element) => Level | null {
  const headings = [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => squash(h.textContent) !== title);
  const used = [...new Set(headings.map((h) => h.tagName.toUpperCase()))].sort();
  return (h) => {
    const rank = squash(h.textContent) === title ? -1 : used.indexOf(h.tagName.toUpperCase());
    return rank === -1 ? null : (Math.min(rank + 1, 3) as Level);
  };
}

/** Reads a saved web page. */
export async function extractHtml(buf: Uint8Array): Promise<Extracted> {
  const [{ parseHTML }, { Readability }] = await loadLibs();
  const html = decodeHtml(buf);
  const { document } = parseHTML(html);
  const title = pageTitle(meta(document, 'ArticleTitle', 'og:title') ?? document.querySelector('title')?.textContent ?? undefined);
  const props: DocProps = {
    title,
    keywords: meta(document, 'keywords', 'Keywords'),
    subject: meta(document, 'description', 'Description'),
    publisher: meta(document, 'SiteName', 'og:site_name'),
  };
  // linkedom does not rebuild a malformed page as a browser would: markup before <head> can leave an empty <body>
  // beside the real one. The body is the one holding the text.
  const body = [...document.querySelectorAll('body')].sort((x, y) => squash(y.textContent).length - squash(x.textContent).length)[0];
  if (!body) throw new UnreadableFileError('no <body> in the page');
  const pageChars = squash(body.textContent).length;
  // The title as the page shows it (a heading, a title box): Readability drops a heading that repeats the page's
  // <title>, but it is the report's text and stays its first line.
  const shown = title === undefined ? undefined : [...body.querySelectorAll('*')].find((e) => squash(e.textContent) === squash(title));
  const titleText = shown?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  // Readability edits the tree it reads: it gets a copy, and the body stays whole for the fallback.
  const article = new Readability(document.cloneNode(true) as Document, { charThreshold: MIN_ARTICLE_CHARS, serializer: (n: Node) => n }).parse();
  const main = article?.content as Element | null | undefined;
  const mainChars = squash(main?.textContent).length;
  const root = main && mainChars >= Math.min(MIN_ARTICLE_CHARS, pageChars / 2) ? main : body;
  // The title heading is a body line where it stands, not a chapter: metadata takes the title from it.
  const lines = htmlLines(root, headingLevels(root, squash(titleText)));
  if (titleText && !lines.slice(0, 5).some((l) => typeof l === 'string' && squash(l) === squash(titleText))) lines.unshift(titleText, '');
  if (!lines.some((l) => typeof l !== 'string' || l.trim() !== '')) throw new UnreadableFileError('no text in the page');
  return { lines, props, notes: [] };
}
