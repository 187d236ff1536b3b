/**
 * Pieces of words in a paragraph: for a word the paragraph does not hold verbatim, the longest stretches of it (two
 * characters or more) the paragraph holds, left to right: what a snippet marks then. Found in time linear in the
 * paragraph, whatever the words: one suffix automaton over all the words of a query (built once per query), one
 * pass over each paragraph. Asking `includes` of every stretch of every word would take about L·w² per paragraph.
 */

/**
 * The words' suffix automaton (all their substrings, several words in one automaton), and where each word's
 * prefixes end in it. Characters are UTF-16 code units, as `String.prototype.includes` compares them.
 */
export class PieceFinder {
  /** Per state: the length of its longest string, its suffix link, its transitions by code unit. */
  private readonly len: number[] = [0];
  private readonly link: number[] = [-1];
  private readonly next: Map<number, number>[] = [new Map()];
  /** Code units that occur in some word: any other one breaks every match. */
  private readonly inWords = new Uint8Array(0x10000);
  /** Per word: the state reached by reading each of its prefixes (index t for the prefix of length t). */
  private readonly prefixStates: Int32Array[];
  /** The states, longest strings first. */
  private readonly byLength: number[];

  constructor(readonly words: readonly string[]) {
    for (const w of words) {
      let last = 0;
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        this.inWords[c] = 1;
        last = this.extend(last, c);
      }
    }
    this.prefixStates = words.map((w) => {
      const states = new Int32Array(w.length + 1);
      for (let t = 1; t <= w.length; t++) states[t] = this.next[states[t - 1]!]!.get(w.charCodeAt(t - 1))!;
      return states;
    });
    this.byLength = [...this.len.keys()].sort((a, b) => this.len[b]! - this.len[a]!);
  }

  private addState(len: number, link: number, next: Map<number, number>): number {
    this.len.push(len);
    this.link.push(link);
    this.next.push(next);
    return this.len.length - 1;
  }

  /** Splits off a copy of `q` of length `len[p] + 1` for the transitions on `c` that lead from `p` (and its links) to `q`. */
  private clone(p: number, q: number, c: number): number {
    const copy = this.addState(this.len[p]! + 1, this.link[q]!, new Map(this.next[q]));
    for (let v = p; v !== -1 && this.next[v]!.get(c) === q; v = this.link[v]!) this.next[v]!.set(c, copy);
    this.link[q] = copy;
    return copy;
  }

  /** Adds `c` after the state `last` (the generalised construction: several words share the automaton). */
  private extend(last: number, c: number): number {
    const existing = this.next[last]!.get(c);
    if (existing !== undefined) {
      return this.len[last]! + 1 === this.len[existing] ? existing : this.clone(last, existing, c);
    }
    const cur = this.addState(this.len[last]! + 1, 0, new Map());
    let p = last;
    while (p !== -1 && !this.next[p]!.has(c)) {
      this.next[p]!.set(c, cur);
      p = this.link[p]!;
    }
    if (p !== -1) {
      const q = this.next[p]!.get(c)!;
      this.link[cur] = this.len[p]! + 1 === this.len[q] ? q : this.clone(p, q, c);
    }
    return cur;
  }

  /**
   * The pieces of each word `text` holds (see the module's comment), for the words whose index is in `which`.
   * One pass over `text`, then work bounded by the words' lengths.
   *
   * @example
   * new PieceFinder(['盛乐机场']).pieces('盛乐国际机场', [0]) //=> [['盛乐', '机场']]
   */
  pieces(text: string, which: readonly number[]): string[][] {
    // The longest match of a string of each state seen in the text.
    const seen = new Int32Array(this.len.length);
    let v = 0;
    let l = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!this.inWords[c]) {
        v = 0;
        l = 0;
        continue;
      }
      while (v !== 0 && !this.next[v]!.has(c)) {
        v = this.link[v]!;
        l = this.len[v]!;
      }
      const t = this.next[v]!.get(c);
      if (t === undefined) {
        v = 0;
        l = 0;
        continue;
      }
      v = t;
      l++;
      if (l > seen[v]!) seen[v] = l;
    }
    // A string seen in the text brings all its suffixes: the whole of each state on its link path.
    for (const s of this.byLength) {
      const up = this.link[s]!;
      if (seen[s]! > 0 && up > 0 && seen[up]! < this.len[up]!) seen[up] = this.len[up]!;
    }
    return which.map((wi) => this.piecesOf(this.words[wi]!, this.prefixStates[wi]!, seen));
  }

  /** Greedy left to right: from each start, the longest stretch of the word the text holds (two characters or more). */
  private piecesOf(word: string, states: Int32Array, seen: Int32Array): string[] {
    // held[t]: the length of the longest suffix of word[0, t) that the text holds.
    const held = new Int32Array(word.length + 1);
    for (let t = 1; t <= word.length; t++) {
      for (let s = states[t]!; s > 0; s = this.link[s]!) {
        if (seen[s]! > this.len[this.link[s]!]!) {
          held[t] = Math.min(seen[s]!, t);
          break;
        }
      }
    }
    const out: string[] = [];
    for (let i = 0; i < word.length - 1;) {
      // The furthest end t such that word[i, t) is held: word[i, t) is a suffix of word[0, t).
      let best = 0;
      for (let t = word.length; t >= i + 2; t--) {
        if (t - held[t]! <= i) {
          best = t;
          break;
        }
      }
      if (best > 0) {
        out.push(word.slice(i, best));
        i = best;
      } else i++;
    }
    return out;
  }
}
