/** The part of wink-bm25-text-search's API the relevance peer uses (the package ships no types). */
declare module 'wink-bm25-text-search' {
  interface Bm25Engine {
    defineConfig(cfg: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number } }): boolean;
    definePrepTasks(tasks: ((input: string) => string[] | string)[], field?: string): number;
    addDoc(doc: Record<string, string>, id: number | string): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): [number | string, number][];
  }
  export default function bm25(): Bm25Engine;
}
