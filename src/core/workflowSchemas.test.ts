import { describe, expect, it } from 'vitest';
import { parse } from './schemas';
import { AppealInput, BoardInput, MeetInput, TransferInput, VerifyInput, WhistleInput, WithdrawInput } from './workflowSchemas';

const ref = { id: 'i1', version: 2 };
const fields = (r: ReturnType<typeof parse>) => (r.ok ? {} : r.fields);

describe('workflow command inputs', () => {
  it('转办 goes to exactly one person or one grid, with a trimmed reason of 2–200 characters', () => {
    expect(parse(TransferInput, { ...ref, toPersonId: 'pC', reason: '  由王五处理 ' })).toEqual({ ok: true, value: { ...ref, toPersonId: 'pC', reason: '由王五处理' } });
    expect(parse(TransferInput, { ...ref, toGridId: 'G2', reason: '转二网格' }).ok).toBe(true);
    for (const to of [{}, { toPersonId: 'pC', toGridId: 'G2' }]) {
      expect(parse(TransferInput, { ...ref, ...to, reason: '转给别人' })).toMatchObject({ ok: false, message: '请选择转给哪位干部或哪个网格' });
    }
    expect(fields(parse(TransferInput, { ...ref, toPersonId: 'pC', reason: ' 转 ' }))).toEqual({ reason: '请填写转办原因' });
    expect(fields(parse(TransferInput, { ...ref, toPersonId: 'pC', reason: '转'.repeat(201) }))).toEqual({ reason: '转办原因最多 200 字' });
    expect(fields(parse(TransferInput, { ...ref, toPersonId: 'pC' }))).toHaveProperty('reason');
  });

  it('核单 needs a class and a category from the lists; the note is optional and defaults to empty', () => {
    expect(parse(VerifyInput, { ...ref, itemClass: 'major', category: '公共设施' })).toEqual({ ok: true, value: { ...ref, itemClass: 'major', category: '公共设施', note: '' } });
    expect(fields(parse(VerifyInput, { ...ref, itemClass: 'huge', category: '公共设施' }))).toEqual({ itemClass: '请选择事项分级' });
    expect(fields(parse(VerifyInput, { ...ref, itemClass: 'major', category: '外星人' }))).toEqual({ category: '请选择事项分类' });
  });

  it('吹哨 calls 1 to 5 departments', () => {
    expect(parse(WhistleInput, { ...ref, kind: 'tough', departmentIds: ['D1'] }).ok).toBe(true);
    expect(fields(parse(WhistleInput, { ...ref, kind: 'tough', departmentIds: [] }))).toEqual({ departmentIds: '请选择职能部门' });
    expect(fields(parse(WhistleInput, { ...ref, kind: 'tough', departmentIds: ['1', '2', '3', '4', '5', '6'] }))).toEqual({ departmentIds: '一次最多召集 5 个部门' });
    expect(fields(parse(WhistleInput, { ...ref, kind: 'loud', departmentIds: ['D1'] }))).toEqual({ kind: '请选择哨型' });
  });

  it('会商 names 1 to 20 attending units and a plan', () => {
    expect(parse(MeetInput, { ...ref, attendees: [' 城管 ', '市监'], plan: '联合执法' })).toEqual({ ok: true, value: { ...ref, attendees: ['城管', '市监'], plan: '联合执法' } });
    expect(parse(MeetInput, { ...ref, attendees: [], plan: '联合执法' }).ok).toBe(false);
    expect(parse(MeetInput, { ...ref, attendees: Array(21).fill('城管'), plan: '联合执法' }).ok).toBe(false);
  });

  it('an appeal gives a reason of at least 5 characters; a withdrawal may give none', () => {
    expect(fields(parse(AppealInput, { ...ref, reason: '不同意' }))).toEqual({ reason: '请填写申诉理由' });
    expect(parse(AppealInput, { ...ref, reason: '问题并没有解决' }).ok).toBe(true);
    expect(parse(WithdrawInput, ref)).toEqual({ ok: true, value: { ...ref, reason: '' } });
  });

  it('the 调度台 filter pages from 0 to 1000', () => {
    expect(parse(BoardInput, {})).toEqual({ ok: true, value: { page: 0 } });
    expect(parse(BoardInput, { page: -1 }).ok).toBe(false);
    expect(parse(BoardInput, { page: 1001 }).ok).toBe(false);
    expect(parse(BoardInput, { page: 1000, level: 'department', group: 'waiting' }).ok).toBe(true);
  });
});
