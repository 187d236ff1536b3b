/**
 * nDCG@k and P@k over graded judgments (0 not relevant, 1 partly, 2 highly; bench/relevance/rubric.md).
 *
 * A paragraph is judged by its normalised text, so identical copies share a grade; a copy of a text already shown
 * higher in the same list gains nothing (a researcher learns nothing from it), which is how repeated copies cost a
 * system. Unjudged paragraphs count as 0 and are reported, so a reader can see how far the pool covers a system.
 */
export type Judgments = Map<string, Map<string, number>>;

export interface QueryScore {
  ndcg: number;
  p5: number;
  unjudged: number;
}

const gain = (g: number): number => 2 ** g - 1;
const discount = (i: number): number => 1 / Math.log2(i + 2);

export function scoreList(keys: readonly string[], grades: ReadonlyMap<string, number> | undefined, k = 10): QueryScore {
  const seen = new Set<string>();
  let dcg = 0;
  let rel5 = 0;
  let unjudged = 0;
  keys.slice(0, k).forEach((key, i) => {
    const g = grades?.get(key);
    if (g === undefined) unjudged++;
    const fresh = !seen.has(key);
    seen.add(key);
    const grade = fresh ? (g ?? 0) : 0;
    dcg += gain(grade) * discount(i);
    if (i < 5 && grade > 0) rel5++;
  });
  const ideal = [...(grades?.values() ?? [])].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + gain(g) * discount(i), 0);
  return { ndcg: idcg > 0 ? dcg / idcg : 0, p5: rel5 / 5, unjudged };
}

export function parseJudgments(tsv: string): Judgments {
  const out: Judgments = new Map();
  for (const line of tsv.split('\n')) {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('qid\t')) continue;
    const [qid, key, grade] = line.split('\t');
    const g = Number(grade);
    if (!qid || !key || !Number.isInteger(g) || g < 0 || g > 2) throw new Error(`judgments: bad line: ${line}`);
    let m = out.get(qid);
    if (!m) out.set(qid, (m = new Map()));
    m.set(key, g);
  }
  return out;
}
