/**
 * A small binary container for typed arrays and strings: `PSIX`, a uint32 header length, a JSON header naming each
 * section's type, offset and length, then the sections, each 8-byte aligned so typed arrays load as views.
 */

export type Section = Uint8Array | Uint16Array | Uint32Array | Int32Array | string;
const MAGIC = 'PSIX';
const TYPES = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array } as const;
type TypeName = keyof typeof TYPES | 'utf8';

function typeOf(s: Section): TypeName {
  if (typeof s === 'string') return 'utf8';
  if (s instanceof Uint16Array) return 'u16';
  if (s instanceof Uint32Array) return 'u32';
  if (s instanceof Int32Array) return 'i32';
  return 'u8';
}

/** Packs named sections: `PSIX`, a uint32 header length, a JSON header, then each section 8-byte aligned. */
export function packSections(sections: Record<string, Section>): Buffer {
  const bodies = Object.entries(sections).map(([name, s]) => {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    return { name, type: typeOf(s), bytes, length: typeof s === 'string' ? bytes.length : s.length };
  });
  const align = (n: number): number => Math.ceil(n / 8) * 8;
  // The header's own length decides where the data starts; offsets are relative to the data start.
  let at = 0;
  const entries = bodies.map((b) => {
    const e = { name: b.name, type: b.type, offset: at, length: b.length, bytes: b.bytes.length };
    at = align(at + b.bytes.length);
    return e;
  });
  const header = Buffer.from(JSON.stringify(entries), 'utf8');
  const dataStart = align(8 + header.length);
  const out = Buffer.alloc(dataStart + at);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  bodies.forEach((b, i) => b.bytes.copy(out, dataStart + entries[i]!.offset));
  return out;
}

/** Reads what `packSections` wrote; typed arrays are views on `buf` when aligned. Throws on a malformed file. */
export function unpackSections(buf: Buffer, what: string): Record<string, Section> {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error(`${what}: not an index file`);
  const headerLen = buf.readUInt32LE(4);
  if (8 + headerLen > buf.length) throw new Error(`${what}: truncated header`);
  const entries = JSON.parse(buf.toString('utf8', 8, 8 + headerLen)) as { name: string; type: TypeName; offset: number; length: number; bytes: number }[];
  const dataStart = Math.ceil((8 + headerLen) / 8) * 8;
  const out: Record<string, Section> = {};
  for (const e of entries) {
    const from = dataStart + e.offset;
    if (from + e.bytes > buf.length) throw new Error(`${what}: section ${e.name} runs past the end`);
    if (e.type === 'utf8') {
      out[e.name] = buf.toString('utf8', from, from + e.bytes);
      continue;
    }
    const T = TYPES[e.type];
    const abs = buf.byteOffset + from;
    out[e.name] = abs % T.BYTES_PER_ELEMENT === 0
      ? new T(buf.buffer as ArrayBuffer, abs, e.length)
      : new T(new Uint8Array(buf.subarray(from, from + e.bytes)).buffer as ArrayBuffer, 0, e.length);
  }
  return out;
}
