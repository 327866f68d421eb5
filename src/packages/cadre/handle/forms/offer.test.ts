import { describe, expect, it } from 'vitest';
import { buttonsFor, type Issuer } from '../../../../core/workflow/table';
import { offeredForms } from './offer';

const as = (...i: Issuer[]) => new Set(i);
const keys = (item: Parameters<typeof offeredForms>[0]) => offeredForms(item).map((f) => f.key);

describe('handle page forms', () => {
  it('follow the server’s allowed commands in order, one form per command', () => {
    const actions = buttonsFor('submitted', as('holder'));
    expect(keys({ actions, level: 'grid' })).toEqual(['verify', 'reject', 'transfer', 'sendUp']);
    expect(offeredForms({ actions, level: 'grid' }).map((f) => f.label)).toEqual(['核单受理', '退回', '转办', '上报社区']);
  });

  it('name 上报 by level, and offer 吹哨 only at the street, where nothing goes further up', () => {
    const actions = buttonsFor('submitted', as('holder'));
    expect(offeredForms({ actions, level: 'community' }).find((f) => f.key === 'sendUp')?.label).toBe('派单到街道');
    expect(keys({ actions, level: 'street' })).toEqual(['verify', 'reject', 'transfer', 'whistle']);
    expect(keys({ actions: buttonsFor('accepted', as('holder')), level: 'department' })).not.toContain('sendUp');
  });

  it('join approve/deny and uphold/reopen into one review form each', () => {
    expect(offeredForms({ actions: buttonsFor('pausePending', as('above')), level: 'grid' })).toEqual([{ key: 'pauseReview', label: '挂起审批' }]);
    expect(offeredForms({ actions: buttonsFor('appealing', as('reviewer')), level: 'grid' })).toEqual([{ key: 'appealReview', label: '申诉审核' }]);
  });

  it('put the step that moves the item forward first, then the rest in the server’s order', () => {
    const accepted = buttonsFor('accepted', as('holder'));
    expect(keys({ actions: accepted, level: 'grid' }).slice(0, 2)).toEqual(['start', 'resolve']);
    expect(keys({ actions: accepted, level: 'grid' })).toContain('transfer');
    expect(keys({ actions: buttonsFor('inProgress', as('holder')), level: 'grid' })[0]).toBe('resolve');
  });

  it('leave the resident’s own commands to the item page', () => {
    expect(keys({ actions: ['rate', 'withdraw', 'appeal'], level: 'grid' })).toEqual([]);
    expect(keys({ actions: buttonsFor('whistled', as('whistled')), level: 'department' })).toEqual(['report', 'return']);
  });
});
