import { describe, expect, it } from 'vitest';
import { compareSentences, partParagraphs, sentencesOf } from '../../src/search/chapters.js';
import { makeDoc } from '../fixtures/engine/docs.js';

const report = (year: number, review: string, plan: string) =>
  makeDoc({ id: `r${year}`, year }, [
    { text: `一、${year - 1}年工作回顾`, level: 1, chapter: `一、${year - 1}年工作回顾` },
    { text: review, chapter: `一、${year - 1}年工作回顾` },
    { text: `二、${year}年工作安排`, level: 1, chapter: `二、${year}年工作安排` },
    { text: plan, chapter: `二、${year}年工作安排` },
  ]).paragraphs;

describe('partParagraphs and sentencesOf', () => {
  it('cuts the review part of a report into its sentences', () => {
    const ps = report(2024, '经济增长5.2%。引黄入呼三期开工；盛乐机场加快建设', '确保盛乐机场建成。');
    expect(sentencesOf(partParagraphs(ps, { part: 'review' }))).toEqual(['经济增长5.2%。', '引黄入呼三期开工；', '盛乐机场加快建设']);
    expect(sentencesOf(partParagraphs(ps, { part: 'plan' }))).toEqual(['确保盛乐机场建成。']);
    expect(sentencesOf(partParagraphs(ps, { chapter: '工作安排' }))).toEqual(['确保盛乐机场建成。']);
  });
});

describe('compareSentences', () => {
  it('gives the added and dropped sentences, a sentence whose numbers changed kept', () => {
    const blocks = compareSentences(['经济增长5.2%。', '引黄入呼三期开工。', '盛乐机场加快建设。'], ['经济增长5.5%。', '盛乐机场加快建设。', '盛乐国际机场建成投运。']);
    expect(blocks).toEqual([
      { change: 'same', sentences: ['经济增长5.5%。'] },
      { change: 'dropped', sentences: ['引黄入呼三期开工。'] },
      { change: 'same', sentences: ['盛乐机场加快建设。'] },
      { change: 'added', sentences: ['盛乐国际机场建成投运。'] },
    ]);
  });
});
