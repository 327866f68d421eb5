import { describe, expect, it, vi } from 'vitest';
import { createShownErrors } from './shown';

describe('errors shown under fields', () => {
  it('a message counts as shown in each scope of the field until it goes', () => {
    const s = createShownErrors();
    const page = {};
    const form = {};
    const stop = s.add([page, form], '请选择网格类型');
    expect(s.has(page, '请选择网格类型')).toBe(true);
    expect(s.has(form, '请选择网格类型')).toBe(true);
    expect(s.has({}, '请选择网格类型')).toBe(false);
    expect(s.has(page, '请填写名称')).toBe(false);
    stop();
    expect(s.has(page, '请选择网格类型')).toBe(false);
  });

  it('two fields with the same message: shown until both are gone', () => {
    const s = createShownErrors();
    const page = {};
    const a = s.add([page], '请填写原因');
    const b = s.add([page], '请填写原因');
    a();
    expect(s.has(page, '请填写原因')).toBe(true);
    b();
    expect(s.has(page, '请填写原因')).toBe(false);
  });

  it('listeners hear each change; an empty message is never shown', () => {
    const s = createShownErrors();
    const l = vi.fn();
    const off = s.subscribe(l);
    s.add([1], '')();
    expect(l).not.toHaveBeenCalled();
    s.add([1], 'x')();
    expect(l).toHaveBeenCalledTimes(2);
    off();
    s.add([1], 'y');
    expect(l).toHaveBeenCalledTimes(2);
    expect(s.has(1, '')).toBe(false);
  });
});
