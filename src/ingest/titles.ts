/**
 * Titles as layouts break them: a title set over two or three short lines (an issuer, then `关于…`, then `…的通知`;
 * `云南省国民经济和社会发展` / `第十个五年计划纲要`), and a notice that issues another document
 * (`关于印发《…规划纲要》的通知`), whose kind is the issued document's when that is a report or a plan.
 */
import type { Kind } from '../core/types.js';

/** How a title ends: the word for its kind of document, perhaps with a note in brackets or `全文`. */
export const DOC_TYPE_END = /(?:通知|报告|纲要|计划|规划|建议|意见|方案|决定|公报|办法|决议|条例|规定|讲话|细则|批复)(?:[（(][^（）()]{1,12}[）)]|全文)?$/;
/** A document number line (`宁政办发〔2019〕55号`). */
const DOC_NUMBER = /[〔[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号|^\S{0,12}发\s*\d{4}\s*\d+\s*号$/;
/** An issuer set on its own line above the title. */
const ISSUER_END = /(?:人民政府|人民政府办公室|人民政府办公厅|办公室|办公厅|委员会|国务院|人民代表大会)$/;
/** Where a fragment of a title cannot be: sentence and list punctuation, a heading's numbering. */
const NOT_A_FRAGMENT = /[。！？；：:，,、]|^[—－-]|^[（(]?[一二三四五六七八九十\d]+[、.．)）]/;
/** The longest title joined from lines. */
const MAX_TITLE = 90;

const fragment = (l: string | undefined): l is string => l !== undefined && l.trim().length >= 2 && l.trim().length <= 40 && !NOT_A_FRAGMENT.test(l) && !DOC_NUMBER.test(l);

/** The longest line read as a title. */
const HEAD_LINE_CHARS = 90;
/** Lines that name neither a title nor a field: datelines, photo captions, salutations. */
export const NOT_A_TITLE = /^(?:新华社|本报讯|人民网|中新网|央视网).{0,20}电|摄$|^各位代表|^同志们|^[—－-]|^\(|^（\d/;
/** Words a title carries. */
const TITLE_WORDS = /政府工作报告|工作报告|纲要|规划|计划|建议|意见|通知|决定|方案|公报|报告|讲话|决议/;
/** A title that names nothing but the kind of document (`政府工作报告`, `2004年政府工作报告（全文）`). */
export const GENERIC_TITLE = /^(?:政府工作报告|工作报告|规划纲要|报告)(?:（(?:全文|摘要|节选)）|\((?:全文|摘要|节选)\))?$/;
/** A web annotation after a title: `（全文）`. */
const ANNOTATION = /\s*[（(](?:全文|图文|附全文|视频)[）)]\s*$/;
/** A portal's label that names who delivered the report (`温家宝所作政府工作报告（十一届人大三次会议）`): not a title. */
const SPEAKER_LABEL = /所作的?(?:政府)?(?:工作)?报告/;
/**
 * A sentence whose full stop was lost (OCR): it dates an event (`中华人民共和国于一九五三年开始…`) or says what
 * something is (`《纲要》是…`, `第二个五年计划是…`). A title does neither.
 */
export const SENTENCE = /(?<!关)于\s*[〇○零一二三四五六七八九\d０-９]{4}\s*年|(?<!求)是/;
/** A portal's label glued to the speech's own title: `1956年国务院政府工作报告关于1955年国家决算…的报告`. */
const GLUED = /^.{2,30}?工作报告(关于.{4,}(?:报告|纲要|建议|决议))$/;
/** The subtitle of a speech under a slogan title: `——在中国共产党第十九次全国代表大会上的报告`. */
const SPEECH_SUBTITLE = /^[—－-]{1,2}\s*在.{2,40}上的(?:报告|讲话)$/;

/**
 * A title line as a head holds it: cut before a delivery line it runs into, without a web annotation; the speech's
 * own title when a portal label is glued to it. Null for a line that is no title: a sentence, a speaker label.
 */
export function asTitle(raw: string): string | null {
  const l = raw.trim();
  if (l.length < 4 || l.length > HEAD_LINE_CHARS || NOT_A_TITLE.test(l) || /[。！？]/.test(l) || !TITLE_WORDS.test(l)) return null;
  if (SPEAKER_LABEL.test(l) || SENTENCE.test(l)) return null;
  const cut = l.split(/\s*(?:——|--|—\s)/)[0]!.replace(ANNOTATION, '').trim();
  const own = GLUED.exec(cut)?.[1] ?? cut;
  return own.length >= 4 ? own : null;
}

/** A slogan title over one or two lines with its speech subtitle under it, joined as printed: `A B——在…上的报告`. */
function sloganTitle(head: readonly string[]): string | null {
  const i = head.findIndex((l) => SPEECH_SUBTITLE.test(l.trim()));
  const above = head[i - 1];
  if (i < 1 || !fragment(above)) return null;
  const before = head[i - 2];
  const lines = i >= 2 && fragment(before) && !DOC_TYPE_END.test(before.trim()) ? [before, above] : [above];
  return `${lines.map((l) => l.trim()).join(' ')}${head[i]!.trim()}`;
}

/**
 * The title of the head. A page often names the report in its own words first (`1955年国务院政府工作报告`) and then
 * gives the speech's own title beside its delivery line (`关于发展国民经济的第一个五年计划的报告——1955年7月5日…`): the
 * speech's title wins when it says more than the kind and the year. A title ends with the word for its kind of
 * document: a slogan (`为提前实现全国农业发展纲要而奋斗`) is none, unless a speech subtitle stands under it.
 */
export function findTitle(head: readonly string[], delivery: string | null, namesPlace: (line: string) => boolean): string | null {
  const slogan = sloganTitle(head);
  if (slogan) return slogan;
  let first: string | null = null;
  for (let i = 0; i < head.length; i++) {
    const line = asTitle(head[i]!);
    if (line === null) continue;
    const t = joinTitleLines(head, i, line, namesPlace);
    if (!DOC_TYPE_END.test(t)) continue;
    first ??= t;
    const attached = head[i] === delivery || head[i + 1] === delivery;
    if (attached && t !== first && !/^(?:\d{4}年)?(?:国务院)?政府工作报告$/.test(t)) return t;
  }
  return first;
}

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

/** A plan naming itself where it gives its short name: `制定《…远景目标纲要》（以下简称《纲要》）`. */
const SHORT_NAMED = /《([^《》]{6,80}?(?:规划纲要|计划纲要|远景目标纲要|五年计划|五年规划))》[（(]以下简称/;

/**
 * The title a plan without a title line gives itself in its opening: its first sentence, or the name it shortens
 * (`制定《X》（以下简称《纲要》）`); null if neither.
 *
 * @example
 * selfNamedPlan('中华人民共和国国民经济和社会发展第十二个五年（２０１１—２０１５年）规划纲要，根据《建议》编制') //=> '中华人民共和国国民经济和社会发展第十二个五年规划纲要'
 */
export function selfNamedPlan(opening: string): string | null {
  const named = SELF_NAMED_PLAN.exec(opening)?.[1] ?? SHORT_NAMED.exec(opening)?.[1];
  // Its period in brackets is not part of its title (`第十二个五年规划纲要`).
  return named?.replace(/[（(][^（）()]*[\d０-９][^（）()]*[）)]/g, '').trim() ?? null;
}
