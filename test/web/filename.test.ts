import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downloadName } from '../../src/web/filename.js';

describe('downloadName', () => {
  it('cuts after whole characters, never half a surrogate pair', () => {
    expect(downloadName(`m-${'字'.repeat(45)}😀`, '.csv')).toBe(`m-${'字'.repeat(45)}😀.csv`);
    expect(downloadName(`m-${'字'.repeat(46)}😀`, '.csv')).toBe(`m-${'字'.repeat(46)}.csv`);
  });

  it('replaces lone surrogates, controls, slashes and quotes', () => {
    expect(downloadName('a\uD800b\u0001c/d\\e"f', '.csv')).toBe('a\uFFFDb_c_d_e_f.csv');
  });

  it('gives a name that percent-encodes (as res.attachment does) for any text at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const name = downloadName(`mentions-${s}`, '.csv');
        expect(() => encodeURIComponent(name)).not.toThrow();
        expect(Array.from(name).length).toBeLessThanOrEqual(48 + 4);
      }),
      { numRuns: 2000 },
    );
  });
});
