/** The part of word-extractor's API that `doc.ts` uses (the package ships no types; DefinitelyTyped's lack `filterUnicode`). */
declare module 'word-extractor' {
  interface TextOptions {
    /** Turn curly quotes and dashes into ASCII (word-extractor's default: true). */
    filterUnicode?: boolean;
  }
  class WordExtractor {
    extract(source: string | Buffer): Promise<WordExtractor.Document>;
  }
  namespace WordExtractor {
    interface Document {
      getBody(options?: TextOptions): string;
      getFootnotes(options?: TextOptions): string;
      getEndnotes(options?: TextOptions): string;
    }
  }
  export = WordExtractor;
}
