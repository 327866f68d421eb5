import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  CardInput,
  MAX_PAGE,
  MineInput,
  RateInput,
  RejectInput,
  ResolveInput,
  SubmitInput,
  issuesByField,
  parse,
} from './schemas';

const CHINESE = /[\u4e00-\u9fff]/;
/** valibot's own English defaults must never reach a person. */
const ENGLISH_DEFAULT = /Invalid|Expected|received/;

const GOOD_SUBMIT = {
  clientRequestId: 'req_2026-11-20-abc',
  kind: 'complaint',
  category: '公共设施',
  description: '3号楼路灯坏了一周，晚上很黑',
  photos: ['cloud://env-1/uploads/o-res/a.jpg'],
  anonymous: false,
};

/** Parses and asserts a rejection on `field` with a Chinese message; returns that message. */
function rejected(schema: v.GenericSchema, input: unknown, field: string): string {
  const r = parse(schema, input);
  expect(r.ok, `expected ${JSON.stringify(input)} to be rejected`).toBe(false);
  if (r.ok) throw new Error('unreachable');
  const msg = r.fields[field];
  expect(msg, `no message for ${field}: ${JSON.stringify(r.fields)}`).toBeDefined();
  expect(msg).toMatch(CHINESE);
  expect(msg).not.toMatch(ENGLISH_DEFAULT);
  expect(r.message).toMatch(CHINESE);
  return msg;
}

function accepted<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const r = parse(schema, input);
  expect(r.ok ? null : r.fields).toBeNull();
  if (!r.ok) throw new Error('unreachable');
  return r.value;
}

describe('SubmitInput', () => {
  it('accepts a good payload', () => {
    expect(accepted(SubmitInput, GOOD_SUBMIT)).toEqual(GOOD_SUBMIT);
  });

  it('accepts an optional contact-card code', () => {
    expect(accepted(SubmitInput, { ...GOOD_SUBMIT, cardCode: 'CARDA' }).cardCode).toBe('CARDA');
  });

  it('trims the description', () => {
    expect(accepted(SubmitInput, { ...GOOD_SUBMIT, description: '  路灯坏了一周  ' }).description).toBe('路灯坏了一周');
  });

  it('drops fields it does not know, so identity can never ride in the request', () => {
    const out = accepted(SubmitInput, { ...GOOD_SUBMIT, openid: 'o-someone-else', submitterOpenid: 'x' });
    expect(out).not.toHaveProperty('openid');
    expect(out).not.toHaveProperty('submitterOpenid');
  });

  it.each<[string, string, unknown, RegExp]>([
    ['clientRequestId', 'too short', 'abc1234', /请求编号/],
    ['clientRequestId', 'bad characters', 'req 2026/11/20', /请求编号/],
    ['clientRequestId', 'too long', 'a'.repeat(65), /请求编号/],
    ['clientRequestId', 'not a string', 12345678, /请求编号/],
    ['kind', 'unknown kind', 'praise', /事项类型/],
    ['category', 'unknown category', '乱七八糟', /事项分类/],
    ['description', 'under 5 characters after trimming', '  路灯坏  ', /至少 5 个字/],
    ['description', 'over 500 characters', '字'.repeat(501), /最多 500 字/],
    ['description', 'not a string', 42, /描述/],
    ['photos', 'four photos', Array.from({ length: 4 }, (_, i) => `cloud://env/u/${i}.jpg`), /最多上传 3 张/],
    ['photos', 'not an array', 'cloud://env/u/1.jpg', /图片/],
    ['photos.0', 'an https URL', ['https://example.com/a.jpg'], /图片无效/],
    ['photos.0', 'a local path', ['/tmp/a.jpg'], /图片无效/],
    ['photos.1', 'the second photo bad', ['cloud://env/u/1.jpg', 'cloud://'], /图片无效/],
    ['anonymous', 'a string', 'false', /匿名/],
    ['cardCode', 'a Chinese code', '干部卡', /联系卡编号无效/],
  ])('rejects %s: %s', (field, _why, value, expected) => {
    const root = field.split('.')[0];
    expect(rejected(SubmitInput, { ...GOOD_SUBMIT, [root]: value }, field)).toMatch(expected);
  });

  it.each(['clientRequestId', 'kind', 'category', 'description', 'photos', 'anonymous'])(
    'a missing %s gets a Chinese "缺少…" message',
    (key) => {
      const { [key as keyof typeof GOOD_SUBMIT]: _drop, ...rest } = GOOD_SUBMIT;
      expect(rejected(SubmitInput, rest, key)).toMatch(/^缺少/);
    },
  );

  it('an empty object reports every required field in Chinese', () => {
    const r = parse(SubmitInput, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fields).sort()).toEqual(['anonymous', 'category', 'clientRequestId', 'description', 'kind', 'photos']);
    for (const m of Object.values(r.fields)) {
      expect(m).toMatch(CHINESE);
      expect(m).not.toMatch(ENGLISH_DEFAULT);
    }
  });

  it.each([[null], [undefined], ['text'], [42]])('a non-object body (%j) gets a Chinese message', (body) => {
    expect(rejected(SubmitInput, body, '_')).toMatch(/输入/);
  });

  it('accepts 0 to 3 cloud:// photos', () => {
    for (const n of [0, 1, 3]) {
      const photos = Array.from({ length: n }, (_, i) => `cloud://env-1/uploads/o-res/${i}.jpg`);
      expect(accepted(SubmitInput, { ...GOOD_SUBMIT, photos }).photos).toEqual(photos);
    }
  });
});

describe('cardCode (QR scene): at most 32 letters, digits, _ or -, upper-cased', () => {
  it('accepts 1 and 32 characters, trimmed', () => {
    expect(accepted(CardInput, { scene: 'A' }).scene).toBe('A');
    expect(accepted(CardInput, { scene: 'A'.repeat(32) }).scene).toBe('A'.repeat(32));
    expect(accepted(CardInput, { scene: ' CARD_a-1 ' }).scene).toBe('CARD_A-1'); // typed codes are upper-cased
  });

  it.each(['A'.repeat(33), '', 'CARD/1', 'CARD=1', 'CARD 1'])('rejects %j', (scene) => {
    expect(rejected(CardInput, { scene }, 'scene')).toMatch(/联系卡/);
  });

  it('a missing scene asks for the card number in Chinese', () => {
    expect(rejected(CardInput, {}, 'scene')).toMatch(/缺少联系卡编号/);
  });
});

describe('RateInput', () => {
  const GOOD = { id: 'item-1', version: 3, stars: 4, solved: true };

  it.each([1, 2, 3, 4, 5])('accepts %i stars', (stars) => {
    expect(accepted(RateInput, { ...GOOD, stars }).stars).toBe(stars);
  });

  it.each<[unknown, RegExp]>([
    [0, /1 到 5 星/],
    [6, /1 到 5 星/],
    [-1, /1 到 5 星/],
    [2.5, /星级无效/],
    ['5', /星级/],
    [Number.NaN, /星级/],
  ])('rejects stars=%j', (stars, expected) => {
    expect(rejected(RateInput, { ...GOOD, stars }, 'stars')).toMatch(expected);
  });

  it('requires solved to be a boolean', () => {
    expect(rejected(RateInput, { ...GOOD, solved: 'yes' }, 'solved')).toMatch(/是否已解决/);
    expect(rejected(RateInput, { id: 'item-1', version: 3, stars: 4 }, 'solved')).toMatch(/缺少/);
  });

  it('takes an optional comment up to 200 characters, trimmed', () => {
    expect(accepted(RateInput, GOOD).comment).toBeUndefined();
    expect(accepted(RateInput, { ...GOOD, comment: '字'.repeat(200) }).comment).toHaveLength(200);
    expect(accepted(RateInput, { ...GOOD, comment: '  很好  ' }).comment).toBe('很好');
    expect(rejected(RateInput, { ...GOOD, comment: '字'.repeat(201) }, 'comment')).toMatch(/最多 200 字/);
    rejected(RateInput, { ...GOOD, comment: 5 }, 'comment');
  });

  it.each<[string, unknown]>([
    ['negative', -1],
    ['fractional', 1.5],
    ['string', '3'],
  ])('rejects a %s version', (_why, version) => {
    expect(rejected(RateInput, { ...GOOD, version }, 'version')).toMatch(/版本号/);
  });

  it('a missing version or id gets a Chinese message', () => {
    expect(rejected(RateInput, { id: 'item-1', stars: 4, solved: true }, 'version')).toMatch(/缺少版本号/);
    expect(rejected(RateInput, { version: 3, stars: 4, solved: true }, 'id')).toMatch(/缺少事项编号/);
  });

  it('rejects a blank or over-long id', () => {
    expect(rejected(RateInput, { ...GOOD, id: '   ' }, 'id')).toMatch(/缺少编号/);
    expect(rejected(RateInput, { ...GOOD, id: 'x'.repeat(65) }, 'id')).toMatch(/编号过长/);
  });
});

describe('ResolveInput and RejectInput', () => {
  it('need a note / reason of at least 2 characters after trimming', () => {
    expect(accepted(ResolveInput, { id: 'i', version: 0, note: '已修', photos: [] }).note).toBe('已修');
    expect(rejected(ResolveInput, { id: 'i', version: 0, note: ' 修 ', photos: [] }, 'note')).toMatch(/办理情况/);
    expect(rejected(RejectInput, { id: 'i', version: 0, code: 'other' }, 'code')).toMatch(/退回原因/);
    expect(rejected(RejectInput, { id: 'i', version: 0, code: 'duplicate', note: '字'.repeat(201) }, 'note')).toMatch(/最多 200 字/);
  });

  it('resolve photos follow the same rules as submit photos', () => {
    rejected(ResolveInput, { id: 'i', version: 0, note: '已修好', photos: ['http://x/a.jpg'] }, 'photos.0');
  });
});

describe('fields without their own message still answer in Chinese', () => {
  it('RateInput comment', () => {
    expect(rejected(RateInput, { id: 'item-1', version: 3, stars: 4, solved: true, comment: 42 }, 'comment')).toBe('评价内容格式不正确，请检查后重试');
  });

  it('MineInput page defaults to 0 and is bounded, in Chinese', () => {
    expect(accepted(MineInput, {}).page).toBe(0);
    expect(accepted(MineInput, { page: MAX_PAGE }).page).toBe(MAX_PAGE);
    expect(rejected(MineInput, { page: 'two' }, 'page')).toBe('页码应为数字');
    for (const page of [1e308, Infinity, NaN, -1, 0.5, MAX_PAGE + 1]) expect(rejected(MineInput, { page }, 'page')).toMatch(/页码/);
  });

  it('issuesByField keeps only the first issue per field', () => {
    // page -0.5 is both not an integer and negative: two issues on one field, in that order.
    const r = v.safeParse(SubmitInput, { ...GOOD_SUBMIT, clientRequestId: 7, description: '短' });
    const p = v.safeParse(MineInput, { page: -0.5 });
    const issues = [...(r.issues ?? []), ...(p.issues ?? [])];
    expect(issues.filter((i) => i.path?.[0].key === 'page').map((i) => i.message)).toEqual(['页码应为整数', '页码不能为负数']);
    const fields = issuesByField(issues);
    expect(Object.keys(fields).sort()).toEqual(['clientRequestId', 'description', 'page']);
    expect(fields.clientRequestId).toBe('缺少请求编号');
    expect(fields.page).toBe('页码应为整数');
  });
});
