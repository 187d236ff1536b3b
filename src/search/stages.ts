/**
 * Stages of a project (README, "Stages"): what the sentence holding a mention says of the project — planned,
 * started, under way or completed — by the stage words standing near the mention, and whether the paragraph sits in
 * a review chapter (工作回顾, 过去一年) or a plan chapter (工作安排, 主要任务).
 *
 * The rules were kept by their precision on the real-world corpus, checked by hand (the note of issue 13): a stage
 * word counts only in the mention's clause (between commas, semicolons and sentence ends, not 、, since a list of
 * projects shares its verb: `长江三峡和黄河小浪底水利枢纽工程顺利截流`) and within `NEAR` characters of it, so
 * that a sentence reviewing several projects does not lend one project's 建成 to another.
 */
import type { Stage, StagePart, StageTag } from '../core/types.js';

/** Stages from weakest to strongest: a year's strongest stage is the highest one stated. */
export const STAGES: readonly Stage[] = ['plan', 'start', 'progress', 'completion'];

/** How each stage reads on a page. */
export const STAGE_LABELS: Record<Stage, string> = { plan: '谋划', start: '开工', progress: '建设', completion: '建成' };
export const PART_LABELS: Record<StagePart, string> = { review: '回顾', plan: '安排' };

/** Farthest a stage word may stand from the mention, in characters, within its sentence. */
const NEAR = 24;

/**
 * The stage words, most specific first within each stage (a longer word wins where two overlap: 主体完工 is
 * progress although it holds 完工).
 */
const WORDS: Record<Stage, readonly string[]> = {
  completion: ['胜利完成', '顺利完成', '建成投产', '建成通车', '建成通水', '建成投运', '全线通车', '全线贯通', '全面建成', '基本建成', '建成', '竣工', '通车', '通水', '投运', '投入运营', '投入使用', '投入运行', '投产', '并网发电', '落成', '交付使用', '正式运行', '开通运营', '开通', '完工', '贯通', '实现供气', '供气'],
  progress: ['即将完成', '取得新进展', '取得重大进展', '取得进展', '主体工程完工', '主体完工', '加快建设', '加紧建设', '抓紧建设', '继续建设', '推进建设', '加快推进', '扎实推进', '稳步推进', '顺利推进', '进展顺利', '全面展开', '在建', '续建', '截流', '施工', '工程建设'],
  start: ['着手建设', '兴建', '启动建设', '开始建设', '开工建设', '正式开工', '开工', '动工', '开建', '破土', '奠基', '上马'],
  plan: ['推进前期', '前期工作', '前期', '谋划', '规划', '可行性研究', '论证', '立项', '筹建', '争取', '批准', '核准', '决定兴建', '列入', '审查', '准备工作', '勘察设计'],
};

/** Words before a stage word, in its clause, that make it an aim rather than a fact (`确保…通水`). */
const AIM = /(确保|力争|争取|计划|预计|力求|尽快|年内|年底前|今年|明年|将|要|拟)[^，,、；;]{0,16}$/;

/** One regular expression over every stage word, longest first, remembering which stage it is. */
const ALL = Object.entries(WORDS)
  .flatMap(([stage, words]) => words.map((w) => ({ w, stage: stage as Stage })))
  .sort((a, b) => b.w.length - a.w.length);
const STAGE_OF = new Map(ALL.map((x) => [x.w, x.stage]));
const STAGE_RE = new RegExp(ALL.map((x) => x.w).join('|'), 'g');

const SENTENCE_END = /[。！？；!?;\n]/;
const CLAUSE_END = /[。！？；!?;\n，,：:]/;

const REVIEW = /回顾|过去一年|过去的一年|过去五年|过去的五年|工作总结|主要成就|取得的成就|上一年|一年来|五年来/;
const PLAN = /工作安排|主要任务|总体要求|工作任务|目标任务|重点工作|主要目标|部署|今后|今年|明年|建议|意见|规划/;

/**
 * Whether a paragraph's chapter (or, failing that, section) reviews the past or sets the plan; null when neither says.
 * @example
 * partOf('一、2024年工作回顾', '') //=> 'review'
 */
export function partOf(chapter: string, section: string): StagePart | null {
  for (const h of [chapter, section]) {
    if (REVIEW.test(h)) return 'review';
    if (PLAN.test(h)) return 'plan';
  }
  return null;
}

/** Longest evidence sentence kept, in characters; a longer one is cut around the mention. */
const MAX_SENTENCE = 240;
/** How far before and after a mention its clause is looked for: stage words count within NEAR, the aim before them. */
const CLAUSE_WINDOW = 120;

/**
 * The stage the sentence around `text[start, end)` states for the mention there, with that sentence as evidence;
 * `stage` is null when no stage word stands near.
 * @example
 * tagStage('南水北调东线一期工程建成通水。', 0, 4, '', '').stage //=> 'completion'
 */
export function tagStage(text: string, start: number, end: number, chapter: string, section: string): StageTag {
  // Sentence and clause are looked for within a window around the mention: a text without punctuation (an OCR run,
  // a hostile file) would otherwise be scanned whole for each of its mentions.
  const sFrom = Math.max(0, start - MAX_SENTENCE);
  const sTo = Math.min(text.length, end + MAX_SENTENCE);
  let a = start;
  while (a > sFrom && !SENTENCE_END.test(text[a - 1]!)) a--;
  let b = end;
  while (b < sTo && !SENTENCE_END.test(text[b]!)) b++;
  const sentence = text.slice(a, Math.min(text.length, b + 1)).trim();
  let ca = start;
  while (ca > Math.max(0, start - CLAUSE_WINDOW) && !CLAUSE_END.test(text[ca - 1]!)) ca--;
  let cb = end;
  while (cb < Math.min(text.length, end + CLAUSE_WINDOW) && !CLAUSE_END.test(text[cb]!)) cb++;
  let best: { stage: Stage; word: string; at: number; dist: number } | null = null;
  const span = text.slice(ca, cb);
  STAGE_RE.lastIndex = 0;
  for (let m = STAGE_RE.exec(span); m; m = STAGE_RE.exec(span)) {
    const at = ca + m.index;
    const stop = at + m[0].length;
    // The mention's own characters are not a stage word (三峡工程 holds no verb, but 规划 could be part of a name).
    if (at < end && stop > start) continue;
    const dist = stop <= start ? start - stop : at - end;
    if (dist > NEAR) continue;
    const stage = STAGE_OF.get(m[0])!;
    if (!best || STAGES.indexOf(stage) > STAGES.indexOf(best.stage) || (stage === best.stage && dist < best.dist)) best = { stage, word: m[0], at, dist };
  }
  const part = partOf(chapter, section);
  if (!best) return { stage: null, word: null, aim: false, part, sentence: clipSentence(sentence, start - a) };
  const aim = AIM.test(text.slice(ca, best.at));
  return { stage: best.stage, word: best.word, aim, part, sentence: clipSentence(sentence, start - a) };
}


function clipSentence(s: string, at: number): string {
  if (s.length <= MAX_SENTENCE) return s;
  const from = Math.max(0, Math.min(s.length - MAX_SENTENCE, at - MAX_SENTENCE / 2));
  return `${from > 0 ? '…' : ''}${s.slice(from, from + MAX_SENTENCE)}${from + MAX_SENTENCE < s.length ? '…' : ''}`;
}

/**
 * Orders two tags for a year's timeline: the stronger stage first, then a fact before an aim, then a review before
 * a plan chapter. Negative when `a` is the better evidence.
 */
export function compareTags(a: StageTag, b: StageTag): number {
  const sa = a.stage === null ? -1 : STAGES.indexOf(a.stage);
  const sb = b.stage === null ? -1 : STAGES.indexOf(b.stage);
  if (sa !== sb) return sb - sa;
  if (a.aim !== b.aim) return a.aim ? 1 : -1;
  return (a.part === 'review' ? 0 : 1) - (b.part === 'review' ? 0 : 1);
}
