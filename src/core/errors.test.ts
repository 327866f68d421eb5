import { describe, expect, it } from 'vitest';
import { DomainError, fail } from './errors';

describe('fail', () => {
  it('throws a DomainError with the code, the Chinese message and the details, named so in logs', () => {
    let caught: unknown;
    try {
      fail('INVALID_INPUT', '请填写描述', { description: '必填' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const e = caught as DomainError;
    expect([e.code, e.message, e.details]).toEqual(['INVALID_INPUT', '请填写描述', { description: '必填' }]);
    expect(e.name).toBe('DomainError');
    expect(String(e)).toBe('DomainError: 请填写描述');
  });
});
