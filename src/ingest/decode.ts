/**
 * Bytes → text. Reports arrive as UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK from older Windows
 * tools; the encoding is detected, never assumed. Line ends become `\n`.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | string;

export type Decoded =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/**
 * Decodes a report file.
 *
 * @returns the text with `\n` line ends, or why the bytes are not a text report (empty, binary, undecodable).
 * @example
 * decode(Buffer.from('\uFEFF一、总体要求\r\n', 'utf8')) //=> { ok: true, text: '一、总体要求\n', encoding: 'utf-8' }
 */
export function decode(buf: Uint8Array): Decoded {
  if (buf.length === 0) return { ok: false, reason: 'empty file' };
  let text: string;
  let encoding: Encoding;
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = 'utf-16le';
    text = iconv.decode(Buffer.from(buf.buffer, buf.byteOffset + 2, buf.length - 2), 'utf-16le');
  } else if (buf[0] === 0xfe && buf[1] === 0xff) {
    encoding = 'utf-16be';
    text = iconv.decode(Buffer.from(buf.buffer, buf.byteOffset + 2, buf.length - 2), 'utf-16be');
  } else {
    if (looksBinary(buf)) {
      // UTF-16 without a byte order mark has NUL bytes in every ASCII character: read it when one byte order gives text.
      const utf16 = withoutBom16(buf);
      if (utf16) return finish(utf16.text, utf16.encoding);
      return { ok: false, reason: 'binary file (NUL or control bytes), not text' };
    }
    const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    const body = buf.subarray(start);
    try {
      text = utf8.decode(body);
      encoding = 'utf-8';
    } catch {
      const lenient = utf8Lenient.decode(body);
      const invalid = countChar(lenient, '\uFFFD');
      // GBK text is almost never valid UTF-8 for long: a few bad bytes in otherwise valid UTF-8 are damage, not GBK.
      if (invalid <= Math.max(1, lenient.length / 1000) && countCjk(lenient) >= invalid * 50) {
        return finish(lenient, 'utf-8');
      }
      // Not UTF-8: GB18030 (a superset of GBK and GB2312) is the other encoding Chinese text files come in, unless a
      // statistical detector finds another with more confidence (Big5 from Taiwan and Hong Kong decodes as GB18030
      // without errors, but as nonsense).
      encoding = otherEncoding(body) ?? 'gb18030';
      text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.length), encoding);
      const bad = countChar(text, '\uFFFD');
      if (bad > 0 && bad / text.length > 0.01) {
        return { ok: false, reason: `undecodable: neither UTF-8 nor ${encoding} (${bad} invalid sequences)` };
      }
    }
  }
  return finish(text, encoding);
}

function finish(decoded: string, encoding: Encoding): Decoded {
  const text = decoded.replace(/\r\n?/g, '\n');
  if (text.trim().length === 0) return { ok: false, reason: 'empty file (only whitespace)' };
  if (controlRatio(text) > 0.05) return { ok: false, reason: 'binary file (control characters), not text' };
  return { ok: true, text, encoding };
}

/** Encodings the detector may name instead of GB18030. */
const OTHER_CJK = new Set(['Big5', 'Shift_JIS', 'EUC-JP', 'EUC-KR']);

/**
 * An encoding chardet finds more likely than GB18030 for bytes that are not UTF-8, or null. Text whose double-byte
 * characters are mostly in GB2312's first level (the 3,755 commonest Han characters) is GB text: asked of no detector.
 */
function otherEncoding(body: Uint8Array): string | null {
  let pairs = 0;
  let common = 0;
  for (let i = 0; i + 1 < Math.min(body.length, 8192); i++) {
    const b = body[i]!;
    if (b < 0x81) continue;
    pairs++;
    if (b >= 0xb0 && b <= 0xd7 && body[i + 1]! >= 0xa1) common++;
    i++;
  }
  if (pairs > 0 && common >= pairs * 0.7) return null;
  const ranked = chardet.analyse(body.subarray(0, 8192));
  const gb = ranked.find((r) => r.name === 'GB18030')?.confidence ?? 0;
  const best = ranked.find((r) => OTHER_CJK.has(r.name));
  return best && best.confidence > gb && best.confidence >= 50 && iconv.encodingExists(best.name) ? best.name.toLowerCase() : null;
}

/**
 * Text in UTF-16 without a byte order mark, when one byte order decodes the buffer to printable text (Han, kana,
 * Latin, punctuation, line ends) with hardly any control character; else null.
 */
function withoutBom16(buf: Uint8Array): { text: string; encoding: Encoding } | null {
  if (buf.length < 4 || buf.length % 2 !== 0) return null;
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const text = iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.length), encoding);
    const sample = text.slice(0, 4096);
    let printable = 0;
    for (let i = 0; i < sample.length; i++) {
      const c = sample.charCodeAt(i);
      if (c === 10 || c === 13 || c === 9 || (c >= 32 && c < 127) || (c >= 0x2e80 && c < 0xa000) || (c >= 0x3000 && c < 0x3040) || (c >= 0xff00 && c < 0xfff0) || (c >= 0x2000 && c < 0x2070)) printable++;
    }
    if (printable >= sample.length * 0.95) return { text, encoding };
  }
  return null;
}

/** NUL bytes never occur in UTF-8 or GB18030 text; many other control bytes mean a binary format. */
function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control / n > 0.05;
}

function controlRatio(text: string): number {
  const n = Math.min(text.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12) || c === 0xfffd) control++;
  }
  return n === 0 ? 0 : control / n;
}

function countCjk(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x2e80 && c < 0xfffd) n++;
  }
  return n;
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
