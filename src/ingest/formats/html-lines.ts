/**
 * A DOM tree → the lines of a text file: each block element (a paragraph, a list item, a table row) its own line,
 * `<br>` a line break and a run of them a paragraph break, table cells apart by tabs, headings marked with their
 * level. Shared by saved web pages and by Word documents (which mammoth turns into HTML).
 */
import type { Level } from '../../core/types.js';
import type { SourceLine } from './extracted.js';

/** Elements that start and end a line. */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CENTER', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'HEADER', 'HR', 'LI', 'MAIN', 'OL', 'P', 'SECTION', 'UL', 'CAPTION', 'TBODY', 'THEAD', 'TFOOT',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'TABLE', 'TR',
]);
/** Elements whose content is never report text. */
const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'NAV', 'FORM', 'BUTTON',
  'SELECT', 'INPUT', 'TEXTAREA', 'HEAD', 'TITLE', 'META', 'LINK', 'IMG', 'VIDEO', 'AUDIO', 'MAP',
]);
/** A footnote reference (`<sup><a href="#footnote-1">[1]</a></sup>`) or its back-link: kept out of sentences. */
const NOTE_LINK = /^#(?:foot|end)note(?:-ref)?-?\d+|^#_?(?:ftn|edn)(?:ref)?\d+/i;

/** Collapses HTML whitespace; no-break and full-width spaces stay (leading ones are an indent). */
const collapse = (s: string): string => s.replace(/[ \t\n\r\f]+/g, ' ');

/**
 * The lines of the text under `root`.
 *
 * @param levelOf - the outline level of a heading element (`<h1>`…`<h6>`), or null to read it as a body line.
 * @example
 * // <h2>总体要求</h2><p>推进引黄入呼<br>三期工程。</p><table><tr><td>指标</td><td>2025</td></tr></table>
 * htmlLines(body, (h) => (h.tagName === 'H2' ? 1 : null)) //=> [{ heading: '总体要求', level: 1 }, '推进引黄入呼', '三期工程。', '指标\t2025']
 */
export function htmlLines(root: Element, levelOf: (heading: Element) => Level | null): SourceLine[] {
  const out: SourceLine[] = [];
  let line = '';
  const flush = (): void => {
    // Two or more leading no-break or full-width spaces are an indent: a text file marks it with full-width ones.
    const indented = (/^\s*/.exec(line)![0].match(/[\u00a0\u3000]/g)?.length ?? 0) >= 2;
    const text = line.replace(/\u00a0/g, ' ').trim();
    if (text !== '') out.push(indented ? `\u3000\u3000${text}` : text);
    line = '';
  };
  const breakLine = (): void => {
    // A `<br>` on an empty line is a blank line: two in a row part paragraphs.
    if (line.trim() === '') out.push('');
    flush();
  };

  const walk = (node: Node, pre: boolean): void => {
    if (node.nodeType === 3) {
      const raw = node.nodeValue ?? '';
      if (pre) {
        const parts = raw.split('\n');
        parts.forEach((p, i) => {
          if (i > 0) flush();
          line += p;
        });
      } else {
        line += collapse(raw);
      }
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') return;
    if (tag === 'BR') return breakLine();
    if (tag === 'A' && NOTE_LINK.test(el.getAttribute('href') ?? '')) return;
    if (tag === 'SUP' && el.querySelector('a[href^="#"]') && /^\s*[[(（]?\d{1,3}[\])）]?\s*$/.test(el.textContent ?? '')) return;
    if (tag === 'TR') {
      flush();
      const cells = [...el.children].filter((c) => c.tagName.toUpperCase() === 'TD' || c.tagName.toUpperCase() === 'TH');
      const texts = cells.map((c) => cellText(c)).filter((t) => t !== '');
      if (texts.length > 0) out.push(texts.join('\t'));
      return;
    }
    if (/^H[1-6]$/.test(tag)) {
      const level = levelOf(el);
      if (level !== null) {
        flush();
        const text = collapse(el.textContent ?? '').replace(/\u00a0/g, ' ').trim();
        if (text !== '') out.push({ heading: text, level });
        return;
      }
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    // An empty paragraph (Word's, or `<p>&nbsp;</p>`) is a blank line, as in a text file.
    if (tag === 'P' && (el.textContent ?? '').trim() === '' && !el.querySelector('br')) {
      out.push('');
      return;
    }
    for (const child of el.childNodes) walk(child, pre || tag === 'PRE');
    if (block) flush();
  };
  walk(root, false);
  flush();
  return out;
}

/** A table cell's text on one line: its paragraphs and line breaks become spaces. */
function cellText(cell: Element): string {
  const lines = htmlLines(cell, () => null).filter((l): l is string => typeof l === 'string');
  return lines
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\t/g, ' ');
}
