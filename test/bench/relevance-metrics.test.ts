import { describe, expect, it } from 'vitest';
import { parseJudgments, scoreList } from '../../bench/relevance/metrics.js';
import { cjkBigrams } from '../../bench/relevance/systems.js';

describe('relevance metrics', () => {
  const grades = new Map([
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ]);

  it('gives 1 to the ideal order and less to any other', () => {
    expect(scoreList(['a', 'b', 'c'], grades).ndcg).toBeCloseTo(1);
    expect(scoreList(['b', 'a', 'c'], grades).ndcg).toBeLessThan(1);
    expect(scoreList(['c'], grades).ndcg).toBe(0);
  });

  it('gives nothing for a repeated copy and counts unjudged hits as 0', () => {
    const once = scoreList(['a', 'x'], grades);
    const twice = scoreList(['a', 'a'], grades);
    expect(twice.ndcg).toBeCloseTo(once.ndcg);
    expect(once.unjudged).toBe(1);
    expect(twice.unjudged).toBe(0);
  });

  it('counts P@5 over the first five, fresh relevant hits only', () => {
    expect(scoreList(['a', 'a', 'b', 'c', 'x', 'a'], grades).p5).toBeCloseTo(2 / 5);
  });

  it('rejects a grade outside 0–2', () => {
    expect(() => parseJudgments('q1\tk\t3\n')).toThrow(/bad line/);
    expect(parseJudgments('qid\tkey\tgrade\nq1\tk\t2\n').get('q1')?.get('k')).toBe(2);
  });
});

describe('the cjk-analyzer peer', () => {
  it('makes bigrams of Han runs, keeps a lone character, folds width and keeps Latin and digit runs', () => {
    expect(cjkBigrams('南水北调')).toEqual(['南水', '水北', '北调']);
    expect(cjkBigrams('G６京藏高速，城')).toEqual(['g6', '京藏', '藏高', '高速', '城']);
  });
});
