/**
 * The file formats a seeds directory takes (README, "Adding reports"), told apart by the file's extension: shared by
 * ingestion (which reads them), the seed fingerprint, the file watcher and the document page (which names them).
 */

export type Format = 'txt' | 'md' | 'pdf' | 'docx' | 'doc' | 'html';

/** A report file, by its extension: `*.txt`, `*.md`, `*.pdf`, `*.docx`, `*.doc`, `*.html`, `*.htm`. */
export const REPORT_FILE = /\.(?:txt|md|pdf|docx|doc|html?)$/i;

/** How the document page names each format (in Simplified Chinese, as the pages are). */
export const FORMAT_LABELS: Record<Format, string> = {
  txt: '纯文本（TXT）',
  md: 'Markdown',
  pdf: 'PDF',
  docx: 'Word（DOCX）',
  doc: 'Word 97–2003（DOC）',
  html: '网页（HTML）',
};

/**
 * The format of a report file, from its extension; null when it is no report file.
 *
 * @example
 * formatOf('000_x.HTM') //=> 'html'
 */
export function formatOf(file: string): Format | null {
  const m = REPORT_FILE.exec(file);
  if (!m) return null;
  const ext = m[0].slice(1).toLowerCase();
  return ext === 'htm' ? 'html' : (ext as Format);
}
