import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/ingest/inspect.js';

describe('inspectFile', () => {
  it('renders metadata (catalog applied), the outline with paragraph numbers, and every paragraph', async () => {
    const out = await inspectFile(path.resolve('seeds/004_5b71bd7820752359.txt'));
    expect(out).toContain('city:       乌兰察布');
    expect(out).toContain('year:       2024');
    expect(out).toContain('kind:       政府工作报告');
    expect(out).toMatch(/^ {2}三、2024年重点工作 {2}\(¶25\)$/m);
    expect(out).toMatch(/^ {4}\(一\) 坚持政策靠前,扩大内需,推动经济稳中快进促进 {2}\(¶27\)$/m);
    expect(out).toMatch(/^27 \[2\] 三、2024年重点工作 › \(一\) 坚持政策靠前/m);
    expect(out).toMatch(/^1 \[0\] {2}\| 政府工作报告$/m);
  });

  it('shows detection and its warnings for a file outside the seeds', async () => {
    const out = await inspectFile(path.resolve('test/fixtures/ingest/district.txt'));
    expect(out).toContain('district:   昆都仑区');
  });

  it('lists the warnings of a file it cannot read metadata from, then the document', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-'));
    try {
      fs.writeFileSync(path.join(d, 'memo.txt'), '会议纪要\n\n大家讨论了下一步工作。');
      const out = await inspectFile(path.join(d, 'memo.txt'));
      expect(out).toMatch(/^warning: memo\.txt: could not detect city/m);
      expect(out).toContain('city:       (unknown)');
      expect(out).toMatch(/^2 \[0\] {2}\| 大家讨论了下一步工作。$/m);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
