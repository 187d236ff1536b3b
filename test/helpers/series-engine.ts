/**
 * The engine the series tests serve: the seed reports, the paragraphs of the national reports 1954–2020 that mention
 * the followed projects (`test/fixtures/projects/national.json`), and two small reports of one place to compare
 * chapters across years.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestedDoc } from '../../src/core/types.js';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { makeDoc } from '../fixtures/engine/docs.js';
import { loadSeedDocs } from './seed-docs.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/projects/national.json');

/** The three projects of the real-world corpus, as the mentions page takes them. */
export const PROJECTS = '南水北调 | 三峡工程 = 长江三峡 = 三峡水利枢纽 | 退耕还林';

export function nationalDocs(): IngestedDoc[] {
  return JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as IngestedDoc[];
}

/** Two reports of 示例市 whose review chapters differ by one sentence added and one dropped. */
export function compareDocs(): IngestedDoc[] {
  const report = (year: number, review: string[]) =>
    makeDoc({ id: `cmp_${year}`, title: `示例市${year}年政府工作报告`, city: '示例市', year, kind: '政府工作报告' }, [
      { text: `一、${year - 1}年工作回顾`, level: 1, chapter: `一、${year - 1}年工作回顾` },
      ...review.map((text) => ({ text, chapter: `一、${year - 1}年工作回顾` })),
      { text: `二、${year}年工作安排`, level: 1, chapter: `二、${year}年工作安排` },
      { text: '确保示例机场建成投运。', chapter: `二、${year}年工作安排` },
    ]);
  return [
    report(2023, ['地区生产总值增长5.2%。示例水库开工建设。老旧小区改造完成120个。']),
    report(2024, ['地区生产总值增长5.5%。老旧小区改造完成150个。示例机场主体完工。']),
  ];
}

export async function seriesEngine(): Promise<SearchEngine> {
  return createEngine([...(await loadSeedDocs()), ...nationalDocs(), ...compareDocs()]);
}
