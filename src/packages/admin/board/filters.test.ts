import { describe, expect, it } from 'vitest';
import { parse } from '../../../core/schemas';
import { BoardInput } from '../../../core/workflowSchemas';
import { NO_FILTERS, activeCount, boardInput } from './filters';

describe('调度台 filters', () => {
  it('send only what is set, and the server’s schema accepts it', () => {
    expect(boardInput(NO_FILTERS, 0)).toEqual({ page: 0 });
    const f = { ...NO_FILTERS, level: 'street' as const, overdue: true, itemClass: 'hard' as const, category: '物业服务', gridId: 'JH01-01-01' };
    const input = boardInput(f, 2);
    expect(input).toEqual({ page: 2, level: 'street', overdue: true, itemClass: 'hard', category: '物业服务', gridId: 'JH01-01-01' });
    expect(parse(BoardInput, input).ok).toBe(true);
    expect(activeCount(f)).toBe(5);
    expect(activeCount(NO_FILTERS)).toBe(0);
  });
});
