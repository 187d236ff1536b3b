/** The queries every measurement runs, chosen from what the seed reports actually talk about. */

/** Twenty named projects and places: rare, exact strings a user looks up to find every mention. */
export const NAMED = [
  '引黄入呼三期', '盛乐国际机场', '中欧班列', '温暖工程', '呼包鄂乌',
  '老牛湾', '六大产业集群', '新质生产力', '马铃薯', '绿色算力',
  '跨境电商', '和林格尔', '乳业', '数字经济', '敕勒川',
  '大青山', '京蒙协作', '东数西算', '一刻钟便民生活圈', '营商环境',
] as const;

/** Common words: hundreds of mentions per copy of the seeds, the worst case for result size. */
export const COMMON = ['发展', '建设', '推进', '服务', '创新', '项目'] as const;

/** Queries using the ranked-search syntax of SPEC §4: phrases, exclusion, OR, several words, variant forms. */
export const SYNTAX = [
  '"引黄入呼三期"',
  '"盛乐国际机场" 航线',
  '盛乐机场 航线',
  '马铃薯 OR 燕麦',
  '乳业 | 奶业',
  '光伏 -"光伏产业"',
  '数字经济 -算力',
  '绿色 算力 数据中心',
  '新质生产力 科技 创新',
  '发展 -建设',
  '跨境 電商',
] as const;

/** The plain queries (named and common): the set on which mentions, search and the peers are compared. */
export const PLAIN: readonly string[] = [...NAMED, ...COMMON];

/** Paragraphs asked for per mentions request, in-process and over HTTP alike (totals still count all). */
export const MENTIONS_LIMIT = 20;
