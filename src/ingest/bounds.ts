/**
 * Bounds on what one file can put into the index, so that a hostile or broken file costs the build and every
 * request a bounded amount: no paragraph longer than {@link MAX_PARAGRAPH_CHARS} (a file with no line breaks, or a
 * run of text with no sentence end, becomes many paragraphs), no document of more than {@link MAX_DOC_PARAGRAPHS}
 * paragraphs (such a file is skipped). Both come with a warning naming the file. Real reports are far below both.
 */
import type { IngestWarning, Paragraph } from '../core/types.js';

/** The longest paragraph, in characters (UTF-16 code units); a longer one is cut. */
export const MAX_PARAGRAPH_CHARS = 20_000;
/** The most paragraphs a document may have; a file with more is skipped. */
export const MAX_DOC_PARAGRAPHS = 50_000;

const SENTENCE_END = new Set('。！？!?；;…');
const CLAUSE_END = new Set('，、,：:');

/**
 * Where to cut `text` in `[from, from + max)`: after the last sentence end in the second half of that stretch, else
 * after the last clause end there, else at `from + max` (never between the halves of a surrogate pair).
 */
function cutAt(text: string, from: number, max: number): number {
  const end = from + max;
  const half = from + (max >> 1);
  for (const ends of [SENTENCE_END, CLAUSE_END]) {
    for (let i = end - 1; i >= half; i--) if (ends.has(text[i]!)) return i + 1;
  }
  const c = text.charCodeAt(end);
  return c >= 0xdc00 && c <= 0xdfff ? end - 1 : end;
}

/**
 * Cuts `text` into pieces of at most `max` characters, at sentence ends where it can, else at clause ends, else
 * anywhere between characters. Joined, the pieces are `text`.
 * @example
 * cutText('一二三。四五六。七', 4) //=> ['一二三。', '四五六。', '七']
 */
export function cutText(text: string, max = MAX_PARAGRAPH_CHARS): string[] {
  const out: string[] = [];
  let from = 0;
  while (text.length - from > max) {
    const to = cutAt(text, from, max);
    out.push(text.slice(from, to));
    from = to;
  }
  out.push(text.slice(from));
  return out;
}

/**
 * A document's paragraphs within the bounds: each paragraph over {@link MAX_PARAGRAPH_CHARS} cut into consecutive
 * paragraphs (the first keeps its level, the others are body text of the same chapter and section), all numbered
 * again; `skip` when there are more than {@link MAX_DOC_PARAGRAPHS} of them.
 */
export function boundParagraphs(paragraphs: Paragraph[], file: string): { paragraphs: Paragraph[]; warnings: IngestWarning[]; skip?: IngestWarning } {
  const long = paragraphs.filter((p) => p.text.length > MAX_PARAGRAPH_CHARS);
  const warnings: IngestWarning[] = [];
  let out = paragraphs;
  if (long.length > 0) {
    out = [];
    for (const p of paragraphs) {
      if (p.text.length <= MAX_PARAGRAPH_CHARS) out.push({ ...p, n: out.length + 1 });
      else cutText(p.text).forEach((text, i) => out.push({ ...p, n: out.length + 1, text, level: i === 0 ? p.level : 0 }));
    }
    const longest = Math.max(...long.map((p) => p.text.length));
    warnings.push({
      file,
      reason: `${file}: ${long.length} paragraph(s) longer than ${MAX_PARAGRAPH_CHARS.toLocaleString('en-US')} characters cut into shorter ones (the longest had ${longest.toLocaleString('en-US')})`,
      skipped: false,
    });
  }
  if (out.length > MAX_DOC_PARAGRAPHS) {
    return {
      paragraphs: [],
      warnings,
      skip: {
        file,
        reason: `${file}: skipped, too many paragraphs (${out.length.toLocaleString('en-US')}; at most ${MAX_DOC_PARAGRAPHS.toLocaleString('en-US')})`,
        skipped: true,
      },
    };
  }
  return { paragraphs: out, warnings };
}
