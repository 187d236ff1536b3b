import { describe, expect, it } from 'vitest';
import { chapterType } from '../../src/text/chapter-type.js';

describe('chapterType', () => {
  it.each([
    ['一、2024年工作回顾', '工作回顾'],
    ['一、过去五年的工作', '工作回顾'],
    ['第一章 发展基础', '工作回顾'],
    ['第二节 面临形势', '形势分析'],
    ['二、2025年工作安排', '工作安排'],
    ['三、今年工作的总体要求和主要目标', '总体要求'],
    ['第三节 主要目标', '发展目标'],
    ['四、加强政府自身建设', '政府建设'],
    ['第十六章 强化规划实施保障', '保障措施'],
  ])('calls %s a chapter of %s', (heading, type) => {
    expect(chapterType(heading)).toBe(type);
  });

  it('leaves a thematic chapter untyped rather than guess', () => {
    expect(chapterType('第五章 构建现代化产业体系')).toBeNull();
    expect(chapterType('')).toBeNull();
  });
});
