/**
 * What a format's extractor hands on to cleaning: the lines of the report's text, as a text file of it would hold
 * them, with the headings the file itself marks, and the file's own properties.
 */
import type { Level } from '../../core/types.js';

/**
 * One line of extracted text: a line of body text (`''` is a blank line, a paragraph break; a tab separates table
 * cells), or a heading the file marks as one (a Word heading style, an `<h2>`) with the level that gives it.
 */
export type SourceLine = string | { heading: string; level: Level };

/** Document properties (PDF Info, DOCX core properties, HTML `<title>` and meta tags): a weak metadata source. */
export interface DocProps {
  title?: string;
  subject?: string;
  keywords?: string;
  /** The site or organisation that published the file (an HTML page's site name, a document's company). */
  publisher?: string;
}

export interface Extracted {
  lines: SourceLine[];
  props: DocProps;
  /** Pages, for the formats that have them (PDF). */
  pages?: number;
  /** Problems that leave the document readable (pages without a text layer), said to the user as warnings. */
  notes: string[];
}

/** A file the extractor cannot read (encrypted, corrupt, a scan without text): the message is the reason. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
}
