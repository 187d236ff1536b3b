/**
 * Word 97–2003 documents (.doc) → lines of text, with word-extractor: the body's paragraphs one a line and table
 * cells apart by tabs, as a text file of the document holds them; footnotes and endnotes follow the body. Headers
 * and footers (running titles, page numbers) are left out. The format keeps no heading levels word-extractor reads:
 * the outline comes from the text (`一、`, `（一）`).
 */
import type WordExtractor from 'word-extractor';
import { type Extracted } from './extracted.js';

type WordExtractorClass = typeof WordExtractor;
let lib: Promise<WordExtractorClass> | undefined;

function loadLib(): Promise<WordExtractorClass> {
  lib ??= import('word-extractor').then((m) => ((m as { default?: WordExtractorClass }).default ?? m) as WordExtractorClass);
  return lib;
}

/** Reads a .doc file; word-extractor's errors (not an OLE file, damaged streams) reach the caller. */
export async function extractDoc(buf: Uint8Array): Promise<Extracted> {
  const WordExtractor = await loadLib();
  const doc = await new WordExtractor().extract(Buffer.from(buf.buffer, buf.byteOffset, buf.length));
  // Curly quotes and dashes stay as written: word-extractor turns them into ASCII unless told not to.
  const raw = { filterUnicode: false };
  const notes = [doc.getFootnotes(raw), doc.getEndnotes(raw)].filter((t) => t.trim() !== '');
  const text = [doc.getBody(raw), ...notes].join('\n\n');
  // Word ends paragraphs with \r in places and uses \v for a line break inside one.
  const lines = text.replace(/\r\n?|\v/g, '\n').split('\n');
  return { lines, props: {}, notes: [] };
}
