/**
 * The formats beside text: a file's bytes → its extracted lines, by the extractor of its format. The bytes are
 * checked against the extension first, so that a Word file named `.pdf` or a password-protected `.docx` is refused
 * with a reason a user can act on, rather than with a parser's error.
 */
import type { Format } from '../../core/formats.js';
import { extractDoc } from './doc.js';
import { extractDocx } from './docx.js';
import { UnreadableFileError, type Extracted, type SourceLine } from './extracted.js';
import { extractHtml } from './html.js';
import { extractPdf } from './pdf.js';

export { linesToBlocks } from './blocks.js';
export { applyProperties } from './properties.js';
export { UnreadableFileError, type DocProps, type Extracted, type SourceLine } from './extracted.js';

/** The formats read here; text and markdown are decoded as text. */
export type BinaryFormat = Exclude<Format, 'txt' | 'md'>;

/** The source files of the extractors, relative to the root: what an index holds depends on them (`store/stamp.ts`). */
export const FORMAT_SOURCES = [
  'src/ingest/formats/index.ts',
  'src/ingest/formats/extracted.ts',
  'src/ingest/formats/blocks.ts',
  'src/ingest/formats/properties.ts',
  'src/ingest/formats/pdf.ts',
  'src/ingest/formats/pdf-layout.ts',
  'src/ingest/formats/docx.ts',
  'src/ingest/formats/docx-numbering.ts',
  'src/ingest/formats/doc.ts',
  'src/ingest/formats/html.ts',
  'src/ingest/formats/html-lines.ts',
] as const;

/** The libraries that extract text: a new version may extract differently, so an index records their versions. */
export const FORMAT_PACKAGES = ['pdfjs-dist', 'mammoth', 'word-extractor', 'linkedom', '@mozilla/readability'] as const;

type Container = 'pdf' | 'zip' | 'ole' | 'encrypted-office' | 'rtf' | 'other';

/** What the bytes are, from their signature. */
function sniff(buf: Uint8Array): Container {
  const head = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)) return 'zip';
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    // An encrypted .docx is an OLE file holding the encrypted package (its stream names are UTF-16).
    const all = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
    return all.includes(Buffer.from('EncryptedPackage', 'utf16le')) ? 'encrypted-office' : 'ole';
  }
  if (head.subarray(0, 5).toString('latin1') === '{\\rtf') return 'rtf';
  return 'other';
}

/** What a container would be as a file, to tell the user what to rename it to. */
const AS_FILE: Record<Exclude<Container, 'other'>, string> = {
  pdf: 'a PDF (.pdf)',
  zip: 'a zip archive (a .docx?)',
  ole: 'a Word 97–2003 document (.doc)',
  'encrypted-office': 'a password-protected Office document',
  rtf: 'an RTF document (save it as .docx)',
};

/** The container each format must be in. */
const EXPECTED: Record<BinaryFormat, Container | null> = { pdf: 'pdf', docx: 'zip', doc: 'ole', html: null };

/**
 * Extracts the text of a file in one of the binary formats.
 *
 * @throws UnreadableFileError with the reason, when the file cannot be read as its extension says.
 */
export async function extract(buf: Uint8Array, format: BinaryFormat): Promise<Extracted> {
  if (buf.length === 0) throw new UnreadableFileError('empty file');
  const found = sniff(buf);
  if (found === 'encrypted-office') throw new UnreadableFileError('password-protected Word document: it needs a password to open');
  const expected = EXPECTED[format];
  if (expected !== null && found !== expected) {
    const what = found === 'other' ? 'its bytes are no such file' : `it is ${AS_FILE[found]}`;
    throw new UnreadableFileError(`not a .${format} file: ${what}; rename it to its real extension or convert it`);
  }
  if (format === 'html' && found !== 'other') throw new UnreadableFileError(`not a web page: it is ${AS_FILE[found]}`);
  let extracted: Extracted;
  try {
    extracted = await EXTRACTORS[format](buf);
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    // A parser's own error on a damaged file: the file is skipped, never the build.
    throw new UnreadableFileError(`unreadable .${format} (${(e as Error).message ?? String(e)})`);
  }
  const bad = garbledShare(extracted.lines);
  if (bad > MAX_GARBLED) {
    throw new UnreadableFileError(
      `the text reads as garbage (${Math.round(bad * 100)}% unprintable or private-use characters: encrypted, or fonts without a Unicode map); it needs OCR`,
    );
  }
  return extracted;
}

const EXTRACTORS: Record<BinaryFormat, (buf: Uint8Array) => Promise<Extracted>> = {
  pdf: extractPdf,
  docx: extractDocx,
  doc: extractDoc,
  html: extractHtml,
};

/** More than this share of characters that no text holds (controls, private use, U+FFFD) is no text. */
const MAX_GARBLED = 0.1;

/** The share of the extracted characters that are controls, private-use code points or replacement characters. */
function garbledShare(lines: readonly SourceLine[]): number {
  let all = 0;
  let bad = 0;
  for (const l of lines) {
    const s = typeof l === 'string' ? l : l.heading;
    for (const ch of s) {
      if (ch === '\t' || ch === ' ') continue;
      all++;
      const c = ch.codePointAt(0)!;
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000 || c === 0xfffd) bad++;
    }
  }
  return all === 0 ? 0 : bad / all;
}
