import { describe, expect, it } from 'vitest';
import { normaliseForMatch, sensitiveHit } from './sensitiveWords';

describe('the emulated msgSecCheck word list', () => {
  it('is not bypassed by spaces, zero-width characters, punctuation or full-width forms', () => {
    for (const t of ['有人赌博', '有人赌 博', '有人赌\u200B博', '有人赌\u3000博', '有人赌*博', '有人赌\uFEFF博', '有人赌\n博']) expect(sensitiveHit(t), t).toBe('赌博');
    expect(normaliseForMatch('ＡＢＣ １２３')).toBe('abc123');
  });

  it('passes ordinary text', () => {
    expect(sensitiveHit('楼道灯坏了，晚上看不见')).toBeUndefined();
  });
});
