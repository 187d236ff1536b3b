/**
 * The text forms of search and mentions results for a terminal: marks as colour on a terminal, as nothing (or
 * 【brackets】) elsewhere.
 */
import type { MentionsResult, SearchResult } from '../core/types.js';

const ANSI = { mark: '\x1b[1;33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** A snippet's `<mark>` as colour on a terminal, as nothing elsewhere. */
function renderSnippet(html: string, colour: boolean): string {
  const parts = html.split(/(<mark>|<\/mark>)/);
  return parts
    .map((p) => (p === '<mark>' ? (colour ? ANSI.mark : '') : p === '</mark>' ? (colour ? ANSI.reset : '') : unescapeHtml(p)))
    .join('');
}

function paint(s: string, style: keyof typeof ANSI, colour: boolean): string {
  return colour ? `${ANSI[style]}${s}${ANSI.reset}` : s;
}

/** The text form of a search result. */
export function formatSearch(r: SearchResult, colour: boolean): string {
  const lines: string[] = [];
  const from = r.total === 0 ? 0 : (r.page - 1) * r.size + 1;
  lines.push(`${r.total} 条结果 (results) for ${r.query}${r.total > 0 ? `, ${from}–${from + r.hits.length - 1}` : ''}`);
  if (r.notice) lines.push(r.notice);
  r.hits.forEach((h, i) => {
    lines.push('');
    const where = [...new Set([h.chapter, h.section])].filter((s) => s !== '').join(' › ');
    lines.push(`${from + i}. ${paint(h.title, 'bold', colour)}  ${[h.city, h.year, h.kind].filter((x) => x !== null).join(' · ')}`);
    if (where) lines.push(`   ${paint(where, 'dim', colour)}`);
    lines.push(`   ${renderSnippet(h.snippet, colour)}`);
    lines.push(`   ${paint(`${h.url}  score ${h.score}`, 'dim', colour)}`);
    if (h.also) lines.push(`   ${paint(`另见 ${h.also} 处 (identical text elsewhere)`, 'dim', colour)}`);
    if (h.more) lines.push(`   ${paint(`本文另有 ${h.more} 处 (more in this document): ${(h.others ?? []).map((o) => `¶${o.n}`).join(' ')}`, 'dim', colour)}`);
  });
  return lines.join('\n') + '\n';
}

/** The text form of a mentions result: keyword in context, grouped by document. */
export function formatMentions(r: MentionsResult, colour: boolean): string {
  const lines: string[] = [];
  lines.push(`${r.query}: ${r.totalOccurrences} 次 (occurrences) in ${r.totalParagraphs} 段 (paragraphs)`);
  if (r.byYear.length > 0) lines.push(`按年份: ${r.byYear.map((y) => `${y.year} ${y.count}`).join(', ')}`);
  if (r.byCity.length > 0) lines.push(`按城市: ${r.byCity.map((c) => `${c.city} ${c.count}`).join(', ')}`);
  for (const d of r.docs) {
    lines.push('');
    lines.push(`${paint(`${d.year ?? '?'} ${d.city ?? '?'} ${d.title}`, 'bold', colour)} (${d.count})`);
    for (const p of d.paragraphs) {
      const where = [p.chapter, p.section].filter((s) => s !== '').join(' › ');
      lines.push(`  ¶${p.n}${where ? ` ${paint(where, 'dim', colour)}` : ''}`);
      for (const c of p.contexts) {
        const one = (s: string): string => s.replace(/\s+/g, ' ');
        lines.push(`    …${one(c.before)}${colour ? paint(c.match, 'mark', true) : `【${c.match}】`}${one(c.after)}…`);
      }
      if (p.count > p.contexts.length) lines.push(`    ${paint(`(${p.count - p.contexts.length} more in this paragraph)`, 'dim', colour)}`);
    }
  }
  if (r.nextOffset !== undefined) {
    lines.push('', paint(`more paragraphs from --offset ${r.nextOffset} (this answer stops at its bounds)`, 'dim', colour));
  }
  return lines.join('\n') + '\n';
}
