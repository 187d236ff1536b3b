/**
 * Unsigned LEB128 varints: 7 bits a byte, low bits first, the high bit set on every byte but the last. The codec of
 * the posting lists' gaps.
 */

/** Bytes the varint of `v` (≥ 0, < 2³²) takes. */
export function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/**
 * Writes the varint of `v` at `at`; returns where the next one goes.
 * @example
 * writeVarint(bytes, 0, 300) //=> 2 (bytes 0xac 0x02)
 */
export function writeVarint(bytes: Uint8Array, at: number, v: number): number {
  while (v >= 0x80) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/**
 * Decodes `count` varints from `at` as gaps, each added to the previous value (the first to `start`): what a
 * posting list stores, turned back into its pids.
 */
export function readGaps(bytes: Uint8Array, at: number, count: number, start: number, out: Int32Array): void {
  let v = start;
  for (let j = 0; j < count; j++) {
    let b = bytes[at++]!;
    let gap = b & 0x7f;
    for (let shift = 7; b & 0x80; shift += 7) {
      b = bytes[at++]!;
      gap |= (b & 0x7f) << shift;
    }
    v += gap;
    out[j] = v;
  }
}
