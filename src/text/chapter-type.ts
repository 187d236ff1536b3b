/**
 * Chapter types: what a chapter of a report is for, from its heading, so that one filter means the same across
 * reports whose headings differ (`一、2024年工作回顾`, `第一章 发展基础`, `过去五年的工作`).
 */
import type { ChapterType } from '../core/types.js';

// Checked in this order: the first rule that matches decides (`今年工作的总体要求和主要目标` is 总体要求).
const RULES: [ChapterType, RegExp][] = [
  ['总体要求', /总体要求|指导思想|总体思路|基本原则|发展思路|总体战略|战略导向|战略定位/],
  ['工作安排', /工作安排|重点工作|主要任务|重点任务|工作任务|年工作(?!回顾)|今年(?:的)?工作|工作部署/],
  ['发展目标', /目标|远景|愿景/],
  ['形势分析', /形势|环境|机遇|挑战/],
  ['工作回顾', /回顾|过去|成就|成绩|发展基础|工作总结|取得/],
  ['政府建设', /政府自身建设|自身建设|政府建设|作风建设|依法行政/],
  ['保障措施', /保障|组织实施|规划实施|实施机制/],
];

/**
 * The type of a chapter from its heading, or null when no rule knows it (a plan's thematic chapter such as
 * `第五章 构建现代化产业体系`).
 * @example
 * chapterType('一、2024年工作回顾') //=> '工作回顾'
 * chapterType('二、2025年工作安排') //=> '工作安排'
 * chapterType('第五章 构建现代化产业体系') //=> null
 */
export function chapterType(heading: string): ChapterType | null {
  if (heading === '') return null;
  for (const [type, rule] of RULES) if (rule.test(heading)) return type;
  return null;
}
