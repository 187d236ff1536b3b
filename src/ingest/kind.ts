/**
 * The kind of a document (README, "How metadata is decided"): from the words its title ends with, its delivery line
 * and signature, then what its body says of itself (`我代表国务院向大会报告政府工作`, `本纲要`, `提出关于…的建议`), its
 * headings (`一、2019年工作回顾`, `第二十一章`), and the marks of news.
 */
import type { Kind } from '../core/types.js';
import { norm } from '../text/normalize.js';
import { planNumber } from './plans.js';
import { DOC_TYPE_END } from './titles.js';

/** Where a value came from, strongest first. */
export type Evidence = 'catalog' | 'title' | 'delivery line' | 'signature' | 'heading' | 'body' | 'properties' | 'file name';
/** A signature of the speaker or issuer: `国务院总理 李克强`, `海拉尔区人民政府区长 张天喜`, `…人民政府代区长`. */
export const SIGNATURE = /(?:人民政府|国务院|行政公署|自治区|政府)(?:代?(?:省长|市长|区长|县长|旗长|州长|盟长|主席|总理|专员))/;
/** Kind from the title's words, then the head's; news from the marks of an interview or a dateline in the body. */
export function detectKind(title: string, head: string, body: string): Kind | null {
  return kindFrom(title, head, body, {}).value;
}

const KIND_RULES: [RegExp, Kind][] = [
  [/政府工作报告|行政公署工作报告|政府工作的报告|计划的报告|计划安排的报告/, '政府工作报告'],
  [/(?:规划|计划).{0,20}的建议$|(?:规划|计划)的建议|规划建议/, '规划建议'],
  [/规划纲要|计划纲要|远景目标纲要|五年规划|五年计划|规划$/, '规划纲要'],
];

/** How a government's report to its people's congress opens: `我代表国务院，向大会报告政府工作`. */
const REPORT_VOICE = /代表.{0,12}(?:人民政府|国务院|政府).{0,6}向大会.{0,4}(?:报告.{0,8}政府工作|作政府工作报告|作工作报告|报告工作)/;
/** How a plan without a title refers to itself (`本纲要`, `《纲要》`), and how often before that decides its kind. */
const PLAN_SELF = /本纲要|《纲要》/g;
const PLAN_SELF_MIN = 3;
/** A proposal saying what it is: `中国共产党第八次全国代表大会提出关于…第二个五年计划的建议`. */
const PROPOSAL_SELF = /提出(?:了|这个|以下)?关于.{2,40}?(?:规划|计划)的建议/;
/** The first part of a government work report: `一、2019年和今年以来工作回顾`, `一、过去五年工作回顾`. */
const REVIEW_HEADING = /^[一1][、.．]\s*.{0,14}工作回顾$/;
/** A plan's chapters (`第二十一章`): a text without a title laid out in this many of them and naming its plan is the plan. */
const PLAN_CHAPTER = /^第[一二三四五六七八九十百]{1,4}章/;
const PLAN_CHAPTERS_MIN = 8;

interface KindCues {
  signature?: string;
  /** The document's chapter headings. */
  chapters?: readonly string[];
  /** A byline from the file's properties: a posted article. */
  byline?: string;
}

export function kindFrom(titles: string, delivery: string, rawBody: string, cues: KindCues): { value: Kind | null; from: Evidence | null } {
  // Read as simplified (`政府工作報告` is a 政府工作报告); a report on a plan (`关于第六个五年计划的报告`) is a report.
  // Only a line that is a document's title (ends with the word for its kind) names the kind: a headline that quotes
  // one (`李克強《政府工作報告》未提…`) does not.
  const title = titles.split('\n').map(norm).filter((l) => DOC_TYPE_END.test(l)).join('\n');
  const body = norm(rawBody.slice(0, 3000));
  for (const [text, from] of [[title, 'title'], [norm(delivery), 'delivery line']] as const) {
    for (const [re, kind] of KIND_RULES) if (re.test(text)) return { value: kind, from };
  }
  // Delivered at a people's congress and signed by a government's head: a government work report.
  if (/人民代表大会/.test(delivery) && SIGNATURE.test(cues.signature ?? '')) return { value: '政府工作报告', from: 'signature' };
  // A posted article with a byline whose headline is no document's title: news.
  if (cues.byline && title === '') return { value: '新闻报道', from: 'properties' };
  if (REPORT_VOICE.test(body)) return { value: '政府工作报告', from: 'body' };
  if (PROPOSAL_SELF.test(body)) return { value: '规划建议', from: 'body' };
  if ((rawBody.match(PLAN_SELF)?.length ?? 0) >= PLAN_SELF_MIN) return { value: '规划纲要', from: 'body' };
  const chapters = cues.chapters ?? [];
  if (chapters.some((h) => REVIEW_HEADING.test(h.trim()))) return { value: '政府工作报告', from: 'heading' };
  if (title === '' && new Set(chapters.filter((h) => PLAN_CHAPTER.test(h.trim()))).size >= PLAN_CHAPTERS_MIN && planNumber(rawBody) !== null) {
    return { value: '规划纲要', from: 'heading' };
  }
  if (/——访|记者|本报讯|新华社.{0,12}电|\d{1,2}月\d{1,2}日电/.test(body)) return { value: '新闻报道', from: 'body' };
  // A document of another named type (an opinion, a notice, a plan of action…) is 其他, not unknown.
  if (/(意见|通知|方案|决定|办法|条例|规定|公告|细则|报告|纲要|规划|公报|讲话|决议)$/m.test(titles.replace(/\s+$/gm, ''))) return { value: '其他', from: 'title' };
  return { value: null, from: null };
}

