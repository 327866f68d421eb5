// WeChat subscription-message field rules, keyed by the field's type prefix (thing1 → thing).
// Values breaking them make WeChat answer 47003; we check before sending.

export type FieldType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const len = (s: string) => [...s].length;

const RULES: Record<FieldType, (v: string) => string | null> = {
  thing: (v) => (len(v) <= 20 ? null : '超过 20 个字'),
  number: (v) => (/^\d+(\.\d+)?$/.test(v) && len(v) <= 32 ? null : '只能是 32 位以内数字'),
  letter: (v) => (/^[A-Za-z]{1,32}$/.test(v) ? null : '只能是 32 位以内字母'),
  symbol: (v) => (len(v) <= 5 && /^[^\w\s\u3400-\u9fff]+$/.test(v) ? null : '只能是 5 位以内符号'),
  character_string: (v) => (/^[\x21-\x7e]{1,32}$/.test(v) ? null : '只能是 32 位以内数字、字母或符号'),
  time: (v) =>
    /^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}(:\d{2})?$/.test(v) || /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(v)
      ? null
      : '时间格式不正确',
  date: (v) => (/^\d{4}年\d{1,2}月\d{1,2}日$/.test(v) || /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : '日期格式不正确'),
  amount: (v) => (/^[¥$]?\d+(\.\d{1,2})?元?$/.test(v) ? null : '金额格式不正确'),
  phone_number: (v) => (/^[\d+\-() ]{1,17}$/.test(v) ? null : '电话格式不正确'),
  car_number: (v) => (len(v) <= 8 ? null : '车牌超过 8 位'),
  name: (v) => (CJK.test(v) ? (len(v) <= 10 ? null : '姓名超过 10 个汉字') : /^[A-Za-z ]{1,20}$/.test(v) ? null : '姓名格式不正确'),
  phrase: (v) => ([...v].every((c) => CJK.test(c)) && len(v) >= 1 && len(v) <= 5 ? null : '只能是 5 个以内汉字'),
};

export function fieldType(key: string): FieldType | null {
  const m = /^([a-z_]+?)\d+$/.exec(key);
  if (!m) return null;
  return (m[1] in RULES ? m[1] : null) as FieldType | null;
}

/** Returns a map of key → problem; empty when the payload may be sent. */
export function checkTemplateData(
  keys: readonly string[],
  data: Record<string, { value: string } | undefined>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const k of keys) {
    const t = fieldType(k);
    const val = data[k]?.value;
    if (!t) problems[k] = '未知字段类型';
    else if (val === undefined || val === '') problems[k] = '缺少值';
    else {
      const p = RULES[t](val);
      if (p) problems[k] = p;
    }
  }
  for (const k of Object.keys(data)) if (!keys.includes(k)) problems[k] = '模板中没有这个字段';
  return problems;
}

/** Cut to a thing field's 20 characters with an ellipsis, so long text never breaks a send. */
export function fitThing(s: string, max = 20): string {
  const chars = [...s.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}
