/**
 * Posting lists: ascending pid lists keyed by a number, stored compactly as varint gaps.
 */
import { readGaps, varintSize, writeVarint } from './varint.js';

/**
 * Ascending pid lists keyed by a uint32 (ascending `keys`), each stored as the varint-encoded (LEB128) gaps between
 * its pids, the first gap counted from -1: about a third of the memory of Int32 arrays; a list is decoded when
 * looked up, which costs far less than a search.
 */
export class PostingLists {
  constructor(
    readonly keys: Uint32Array,
    /** Byte offset of each key's list in `bytes`, and the end of the last. */
    readonly starts: Uint32Array,
    /** Number of pids in each key's list. */
    readonly counts: Uint32Array,
    readonly bytes: Uint8Array,
  ) {
    if (starts.length !== keys.length + 1 || counts.length !== keys.length || starts[keys.length] !== bytes.length) {
      throw new Error('posting lists: sections of different lengths');
    }
  }

  /** Encodes lists laid out as `postings[offsets[i]…offsets[i + 1]]` for `keys[i]`. */
  static encode(keys: Uint32Array, offsets: Uint32Array, postings: Int32Array): PostingLists {
    const counts = new Uint32Array(keys.length);
    const starts = new Uint32Array(keys.length + 1);
    let size = 0;
    for (let i = 0; i < keys.length; i++) {
      counts[i] = offsets[i + 1]! - offsets[i]!;
      starts[i] = size;
      let prev = -1;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const gap = postings[j]! - prev;
        prev = postings[j]!;
        size += varintSize(gap);
      }
    }
    starts[keys.length] = size;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (let i = 0; i < keys.length; i++) {
      let prev = -1;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        at = writeVarint(bytes, at, postings[j]! - prev);
        prev = postings[j]!;
      }
    }
    return new PostingLists(keys, starts, counts, bytes);
  }

  /** The position of `key` in `keys`, or -1. */
  find(key: number): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The list at position `i` of `keys`, decoded. */
  decode(i: number): Int32Array {
    const out = new Int32Array(this.counts[i]!);
    readGaps(this.bytes, this.starts[i]!, out.length, -1, out);
    return out;
  }

  /** The list of `key`, decoded; empty when the key has none. */
  get(key: number): Int32Array {
    const i = this.find(key);
    return i < 0 ? new Int32Array(0) : this.decode(i);
  }

  /**
   * These lists with `more`'s appended, its pids shifted by `offset` (larger than every pid here): what encoding
   * the lists of both corpora end to end gives, without going back to the texts. Each list here is copied as it is
   * encoded; only where `more` has the key is its last pid decoded, to carry the gaps on.
   */
  append(more: PostingLists, offset: number): PostingLists {
    const keys: number[] = [];
    const counts: number[] = [];
    const starts: number[] = [];
    let bytes = new Uint8Array(this.bytes.length + more.bytes.length + 16);
    let at = 0;
    const room = (n: number): void => {
      if (at + n <= bytes.length) return;
      const b = new Uint8Array(Math.max(bytes.length * 2, at + n));
      b.set(bytes.subarray(0, at));
      bytes = b;
    };
    let i = 0;
    let j = 0;
    while (i < this.keys.length || j < more.keys.length) {
      const a = i < this.keys.length ? this.keys[i]! : Infinity;
      const b = j < more.keys.length ? more.keys[j]! : Infinity;
      keys.push(Math.min(a, b));
      starts.push(at);
      let prev = -1;
      let count = 0;
      if (a <= b) {
        const from = this.starts[i]!;
        const to = this.starts[i + 1]!;
        room(to - from);
        bytes.set(this.bytes.subarray(from, to), at);
        at += to - from;
        count += this.counts[i]!;
        if (a === b) {
          const list = this.decode(i);
          prev = list[list.length - 1]!;
        }
        i++;
      }
      if (b <= a) {
        const list = more.decode(j);
        room(list.length * 5);
        for (const pid of list) {
          at = writeVarint(bytes, at, pid + offset - prev);
          prev = pid + offset;
        }
        count += list.length;
        j++;
      }
      counts.push(count);
    }
    starts.push(at);
    return new PostingLists(Uint32Array.from(keys), Uint32Array.from(starts), Uint32Array.from(counts), bytes.slice(0, at));
  }
}
