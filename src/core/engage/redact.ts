// 回音壁 (echo wall) redaction: what the public may read of a closed item. Pure: no clock, no db.
// The public text never holds a name, a phone number, a room number or an OPENID. Redaction runs
// when the item is published (app/echoWall.ts), so the stored public copy is already clean; an
// admin may hide more words later (echoWall.moderate), which runs `hideWords` over that copy.

/** What replaces a hidden span: full-width asterisks, so the reader sees that something was removed. */
export const MASK = '＊';

const mask = (s: string) => MASK.repeat(Math.max(1, Math.min(s.length, 4)));

/** Common Chinese surnames, for 老王 / 小李 style mentions (the 100 most frequent cover ~85% of people). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

/** Words after a name: 张先生, 王阿姨, 李师傅 … (the honorific stays, the name goes). */
const HONORIFICS = '先生|女士|小姐|阿姨|叔叔|大爷|大妈|大娘|大叔|大姐|大哥|奶奶|爷爷|师傅|老师|同志|书记|主任|经理|老板|医生|警官|网格员|网格长|楼长';

const RULES: [RegExp, (m: string, ...g: string[]) => string][] = [
  // OPENIDs (o + 27 url-safe characters) and any other long account-like token.
  [/\bo[A-Za-z0-9_-]{20,}\b/g, () => '＊＊＊'],
  [/[A-Za-z0-9_-]{16,}/g, () => '＊＊＊'],
  // Mobile and landline numbers, ID card numbers: any run of 7 or more digits (spaces or dashes allowed inside).
  [/(?:\+?86[\s-]?)?\d(?:[\s-]?\d){6,}[\dXx]?/g, () => '＊＊＊'],
  // Room, unit and building numbers: 3栋2单元301室, 5号楼, 12幢, 3-2-301, 301室.
  [/\d+\s*-\s*\d+(?:\s*-\s*\d+)?/g, () => '＊'],
  [/(?:\d+|[一二三四五六七八九十两]+)\s*(号楼|栋|幢|座|单元|号院|室|户|层|楼)/g, (_m, unit) => `${MASK}${unit}`],
  [/(单元|栋|幢|号楼|楼)\s*(\d{3,4})/g, (_m, unit) => `${unit}${MASK}`],
  [/(家住|住在|住|门牌|房号|房间|门口|家)\s*(\d{2,4})/g, (_m, pre) => `${pre}${MASK}`],
  // A name before an honorific: 张先生 → 某先生, 王建国师傅 → 某师傅.
  [new RegExp(`[${SURNAMES}][\\u4e00-\\u9fa5]{0,2}?(${HONORIFICS})`, 'g'), (_m, h) => `某${h}`],
  // 老王, 小李 (a surname after 老/小, not followed by another character of a word like 老人 / 小区).
  [new RegExp(`(老|小)[${SURNAMES}]`, 'g'), (_m, p) => `${p}某`],
  // Names introduced explicitly: 我叫张三, 姓名：李四, 联系人王五.
  [/(我叫|我是|本人|名叫|叫做|姓名[:：]?|联系人[:：]?|户主[:：]?)\s*(?!住户|居民|业主|租户|网格|社区|楼长|这里|本楼)[\u4e00-\u9fa5]{2,3}/g, (_m, p) => `${p}${MASK}${MASK}`],
];

export interface RedactOptions {
  /** Names known to be in or around the item (its handlers, the submitter's household label …). */
  names?: readonly string[];
  /** Extra words an admin chose to hide. */
  words?: readonly string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Hides every occurrence of each word (longest first, so a word inside another goes with it). */
export function hideWords(text: string, words: readonly string[]): string {
  const list = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const w of list) out = out.replace(new RegExp(escape(w), 'g'), (m) => mask(m));
  return out;
}

/** The public form of a text: known names, then the rules (phones, rooms, OPENIDs, names by pattern), then the admin's words. */
export function redactText(text: string, opts: RedactOptions = {}): string {
  let out = hideWords(text, (opts.names ?? []).filter((n) => n.length >= 2));
  for (const [re, to] of RULES) out = out.replace(re, to as (m: string, ...g: string[]) => string);
  if (opts.words?.length) out = hideWords(out, opts.words);
  return out;
}

/** Whether a text still shows something the wall must never show (a check for tests and the publisher). */
export function leaksPersonalInfo(text: string): boolean {
  return /\d{7,}/.test(text.replace(/[\s-]/g, '')) || /\bo[A-Za-z0-9_-]{20,}\b/.test(text) || /\d+\s*(单元|室)/.test(text);
}
