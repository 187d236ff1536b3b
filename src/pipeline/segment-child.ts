/**
 * A segmentation child process (see `segment-children.ts`): loads jieba, then segments each document it is sent,
 * writes it to the segmentation cache when asked, and answers with the tokens. Exits when its parent disconnects.
 */
import { loadSegmenter, segmentMany } from '../text/segment.js';
import { writeJoined } from './segcache.js';
import type { SegmentReply, SegmentRequest } from './segment-children.js';

function serve(): void {
  loadSegmenter();
  process.on('message', (m: SegmentRequest) => {
    try {
      const tokens = segmentMany(m.norms).map((t) => t.join(' '));
      if (m.cacheFile) writeJoined(m.cacheFile, tokens);
      process.send!({ id: m.id, tokens } satisfies SegmentReply);
    } catch (e) {
      process.send!({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies SegmentReply);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send) serve();
