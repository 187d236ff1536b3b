/**
 * What the mentions page and its exports make of a series answer: the columns of the timeline chart in the unit
 * asked for (raw, per report, per 10,000 characters), the links that repeat a request, and the stage line per
 * series and place.
 */
import type { Per } from '../core/params.js';
import type { MentionParams, MentionsResult, StageStep } from '../core/types.js';
import { PART_LABELS, STAGE_LABELS } from '../search/stages.js';
import type { TimelineColumn } from './chart.js';
import { href, linkParams } from './render.js';

type Params = Record<string, string | number | null | undefined>;

/** Units of the timeline, as the page names them. */
export const PER_UNITS: Record<Per, string> = { raw: '次', report: '次/份报告', '10k': '次/万字' };
export const PER_LABELS: Record<Per, string> = { raw: '提及次数', report: '每份报告', '10k': '每万字' };

/**
 * The parameters of a mentions request as a link gives them again (`series` is `q` itself; switches as `1`).
 * @example
 * mentionLinks({ q: 'a | b', series: […], timeline: true }) //=> { q: 'a | b', timeline: 1 }
 */
export function mentionLinks(params: MentionParams): Params {
  const { series: _series, timeline, stages, ...rest } = params;
  return { ...linkParams(rest), ...(timeline ? { timeline: 1 } : {}), ...(stages ? { stages: 1 } : {}) };
}

/**
 * One value of the timeline in the unit asked for; null when the unit has nothing to divide by (no report that year).
 * @example
 * perValue(6, 3, 150_000, 'report') //=> 2
 */
export function perValue(count: number, reports: number, chars: number, per: Per): number | null {
  if (per === 'raw') return count;
  if (per === 'report') return reports === 0 ? null : count / reports;
  return chars === 0 ? null : (count * 10_000) / chars;
}

/** The timeline's columns: every year with its reports, then the 年份不详 bucket when any document lacks a year. */
export function timelineColumns(result: MentionsResult, per: Per, link: (year: number) => string): TimelineColumn[] {
  const t = result.timeline;
  if (!t) return [];
  const cols: TimelineColumn[] = t.years.map((y) => ({
    label: String(y.year),
    values: y.counts.map((c) => perValue(c, y.reports, y.chars, per)),
    counts: y.counts,
    reports: y.reports,
    href: link(y.year),
  }));
  if (t.unknown.reports > 0) {
    cols.push({ label: '年份不详', values: t.unknown.counts.map((c) => perValue(c, t.unknown.reports, t.unknown.chars, per)), counts: t.unknown.counts, reports: t.unknown.reports });
  }
  return cols;
}

/** A stage step as the page prints it: `2024 开工`, with its marks. */
export interface StageChip {
  year: string;
  label: string;
  stage: string | null;
  aim: boolean;
  part: string | null;
  sentence: string;
  href: string;
  mentions: number;
  untagged: number;
}

/** The stage line of each series and place: `2023 谋划 → 2024 开工 → 2025 建成`, each step linking to its evidence. */
export function stageLines(steps: readonly StageStep[], series: readonly { label: string; aliases: string[] }[]): { series: number; label: string; city: string; chips: StageChip[] }[] {
  const lines = new Map<string, { series: number; label: string; city: string; chips: StageChip[] }>();
  for (const s of steps) {
    const key = `${s.series}\u0000${s.city}`;
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { series: s.series, label: series[s.series]?.label ?? '', city: s.city, chips: [] }));
    // The document page highlights every name of the series (`|` is "either" in the search syntax).
    const q = series[s.series]?.aliases.join(' | ') ?? '';
    const [path, hash] = s.url.split('#') as [string, string];
    line.chips.push({
      year: s.year === null ? '年份不详' : String(s.year),
      label: s.tag.stage === null ? '未提阶段' : STAGE_LABELS[s.tag.stage],
      stage: s.tag.stage,
      aim: s.tag.aim,
      part: s.tag.part === null ? null : PART_LABELS[s.tag.part],
      sentence: s.tag.sentence,
      href: href(path, { q }, hash),
      mentions: s.mentions,
      untagged: s.untagged,
    });
  }
  return [...lines.values()];
}
