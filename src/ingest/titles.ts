/**
 * Titles as layouts break them: a title set over two or three short lines (an issuer, then `关于…`, then `…的通知`;
 * `云南省国民经济和社会发展` / `第十个五年计划纲要`), and a notice that issues another document
 * (`关于印发《…规划纲要》的通知`), whose kind is the issued document's when that is a report or a plan.
 */
import type { Kind } from '../core/types.js';

/** How a title ends: the word for its kind of document. */
export const DOC_TYPE_END = /(?:通知|报告|纲要|计划|规划|建议|意见|方案|决定|公报|办法|决议|条例|规定|讲话|细则|批复)(?:[（(][^（）()]{1,12}[）)])?$/;
/** A document number line (`宁政办发〔2019〕55号`). */
const DOC_NUMBER = /[〔[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号|^\S{0,12}发\s*\d{4}\s*\d+\s*号$/;
/** An issuer set on its own line above the title. */
const ISSUER_END = /(?:人民政府|人民政府办公室|人民政府办公厅|办公室|办公厅|委员会|国务院|人民代表大会)$/;
/** Where a fragment of a title cannot be: sentence and list punctuation, a heading's numbering. */
const NOT_A_FRAGMENT = /[。！？；：:，,、]|^[—－-]|^[（(]?[一二三四五六七八九十\d]+[、.．)）]/;
/** The longest title joined from lines. */
const MAX_TITLE = 90;

const fragment = (l: string | undefined): l is string => l !== undefined && l.trim().length >= 2 && l.trim().length <= 40 && !NOT_A_FRAGMENT.test(l) && !DOC_NUMBER.test(l);

/**
 * The whole title whose line `i` of the head holds `title`: the lines after it while it does not yet end with a kind
 * of document (and only if the joined text then does), the lines before it that open it (`关于…`, or the document's
 * first line when it names an issuer or a place). `opensTitle` says whether a first line names a place.
 *
 * @example
 * joinTitleLines(['重庆市人民政府办公厅', '关于印发方案的通知'], 1, '关于印发方案的通知', () => false) //=> '重庆市人民政府办公厅关于印发方案的通知'
 */
export function joinTitleLines(head: readonly string[], i: number, title: string, namesPlace: (line: string) => boolean): string {
  let t = title.replace(/[·•．.]+$/, '');
  let joined = t;
  for (let j = i + 1; j <= i + 2 && !DOC_TYPE_END.test(joined) && fragment(head[j]); j++) joined += head[j]!.trim();
  if (joined !== t && DOC_TYPE_END.test(joined) && joined.length <= MAX_TITLE) t = joined;
  let k = i - 1;
  while (k >= 0 && i - k <= 2 && fragment(head[k]) && !DOC_TYPE_END.test(head[k]!.trim())) {
    const line = head[k]!.trim();
    const opens = /关于/.test(line) || (k === 0 && (ISSUER_END.test(line) || namesPlace(line)));
    if (!opens || line.length + t.length > MAX_TITLE) break;
    t = line + t;
    k--;
  }
  return t;
}

/** `关于印发《X》的通知`, `印发X的通知`: the document a notice issues. */
const ISSUES = /印发(.+)的通知$/;

/**
 * The document a notice issues, and its kind: a report or a plan issued by a notice is that report or plan (its
 * title is the document's); anything else issued (a task list, an action plan, rules) makes the notice 其他.
 *
 * @example
 * issuedDocument('市政府关于印发《南京市文化创意产业“十一五”发展规划纲要》的通知') //=> { title: '南京市文化创意产业“十一五”发展规划纲要', kind: '规划纲要' }
 */
export function issuedDocument(title: string | null): { title: string; kind: Kind } | null {
  const m = title ? ISSUES.exec(title) : null;
  if (!m) return null;
  const inner = m[1]!.trim();
  const whole = /^《([^《》]+)》$/.exec(inner)?.[1];
  const kind: Kind = !whole ? '其他' : /政府工作报告$/.test(whole) ? '政府工作报告' : /(?:规划|计划)的?建议$/.test(whole) ? '规划建议' : /(?:规划纲要|计划纲要|五年规划|五年计划|发展规划)$/.test(whole) ? '规划纲要' : '其他';
  return { title: kind === '其他' ? title! : whole!, kind };
}

/** A plan's first sentence naming it: `中华人民共和国…第十二个五年（2011—2015年）规划纲要，根据…编制`. */
const SELF_NAMED_PLAN = /^\s*([^，。；,\s]{6,70}?(?:规划纲要|计划纲要|远景目标纲要))(?=[，,]|根据|是|主要|阐明)/;

/**
 * The title a plan without a title line gives itself in its first sentence, or null.
 *
 * @example
 * selfNamedPlan('中华人民共和国国民经济和社会发展第十二个五年（２０１１—２０１５年）规划纲要，根据《建议》编制') //=> '中华人民共和国国民经济和社会发展第十二个五年规划纲要'
 */
export function selfNamedPlan(firstParagraph: string): string | null {
  // Its period in brackets is not part of its title (`第十二个五年规划纲要`).
  return SELF_NAMED_PLAN.exec(firstParagraph)?.[1]?.replace(/[（(][^（）()]*[\d０-９][^（）()]*[）)]/g, '').trim() ?? null;
}
