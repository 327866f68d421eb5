import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIVACY_DECLARATIONS, PRIVACY_POLICY, consentAfter, hasSensitiveTags, privacyGuideLines, sensitiveTagsChanged, tagText } from './privacy';

// WeChat blocks its privacy APIs until the user agrees to the 用户隐私保护指引, and only for the
// kinds of information declared there. Every privacy API the app calls must be declared.
const SRC = path.resolve(__dirname, '..');
/** Privacy APIs (小程序隐私接口) an app of this kind could call. */
const PRIVACY_APIS = [
  'chooseImage', 'chooseMedia', 'chooseVideo', 'chooseMessageFile', 'setClipboardData', 'getClipboardData', 'getLocation', 'getFuzzyLocation',
  'chooseLocation', 'choosePoi', 'startLocationUpdate', 'chooseAddress', 'getUserProfile', 'getUserInfo', 'saveImageToPhotosAlbum',
  'saveVideoToPhotosAlbum', 'getRecorderManager', 'startRecord', 'createCameraContext', 'chooseInvoice', 'chooseInvoiceTitle', 'getWeRunData',
  'openBluetoothAdapter', 'scanCode', 'addPhoneContact', 'getPhoneNumber',
];

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|tsx)$/.test(e.name) && !e.name.includes('.test.')) out.push(p);
  }
  return out;
}

describe('privacy declarations', () => {
  const calls = new Map<string, string[]>();
  for (const f of sources(SRC)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\b(?:Taro|wx)\.(\w+)\s*\(/g)) {
      if (PRIVACY_APIS.includes(m[1])) calls.set(m[1], [...(calls.get(m[1]) ?? []), path.relative(SRC, f)]);
    }
  }

  it('every privacy API the app calls is declared in the privacy guide', () => {
    const declared = new Set(PRIVACY_DECLARATIONS.flatMap((d) => d.apis));
    const missing = [...calls].filter(([api]) => !declared.has(api)).map(([api, files]) => `${api} (${files.join(', ')})`);
    expect(missing).toEqual([]);
    expect(calls.has('chooseMedia')).toBe(true);
  });

  it('weapp takes photos with chooseMedia; the deprecated chooseImage is called nowhere (H5 uses a file input)', () => {
    expect((calls.get('chooseImage') ?? []).map((f) => f.split(path.sep).join('/'))).toEqual([]);
  });

  it('photos, camera, files and clipboard are declared, each with a purpose', () => {
    expect(PRIVACY_DECLARATIONS.map((d) => d.info)).toEqual(expect.arrayContaining(['选中的照片或视频信息', '摄像头', '选中的文件', '剪切板']));
    for (const line of privacyGuideLines()) expect(line).toMatch(/^开发者收集你的【.+】，用于【.+】/);
  });

  it('the policy says what is collected, why, who sees it, how long it is kept and how to ask', () => {
    const text = PRIVACY_POLICY.map((s) => `${s.title}${s.paragraphs.join('')}`).join('\n');
    for (const word of ['收集', '谁能看到', '保存多久', '删除', '敏感个人信息', '审计', '7 天']) expect(text).toContain(word);
  });
});

describe('consentAfter: one rule for 敏感标签 on the admin page and in the import', () => {
  const rec = { recordedBy: '李管理', recordedAt: new Date('2026-11-29T02:00:00Z') };
  const note = { by: '王大爷本人', at: '2026-11-01', purpose: '低保户关怀走访' };
  const stored = { ...note, recordedBy: '张管理', recordedAt: new Date('2026-11-02T02:00:00Z') };

  it('a newly added sensitive tag without a note is refused, naming the tag', () => {
    expect(consentAfter({ tags: ['党员'] }, ['党员', '低保', '残疾'], undefined, rec)).toEqual({ missing: ['低保', '残疾'] });
    expect(consentAfter(null, ['低保'], undefined, rec)).toEqual({ missing: ['低保'] });
  });

  it('a note given is recorded with who recorded it and when', () => {
    expect(consentAfter(null, ['低保'], note, rec)).toEqual({ consent: { ...note, ...rec } });
  });

  it('the stored note stays while a sensitive tag remains, also when the same note comes again', () => {
    expect(consentAfter({ tags: ['低保', '残疾'], tagConsent: stored }, ['低保'], undefined, rec)).toEqual({ consent: stored });
    expect(consentAfter({ tags: ['低保'], tagConsent: stored }, ['低保'], note, rec)).toEqual({ consent: stored });
    expect(consentAfter({ tags: ['低保'], tagConsent: stored }, ['低保'], { ...note, purpose: '残疾人帮扶' }, rec)).toEqual({ consent: { ...note, purpose: '残疾人帮扶', ...rec } });
  });

  it('the note goes with the last sensitive tag; plain tags need none', () => {
    expect(consentAfter({ tags: ['低保'], tagConsent: stored }, ['党员'], undefined, rec)).toEqual({ consent: undefined });
    expect(consentAfter(null, ['党员'], note, rec)).toEqual({ consent: undefined });
    expect(hasSensitiveTags(['党员', '独居老人'])).toBe(true);
    expect(hasSensitiveTags(undefined)).toBe(false);
  });
});

describe('tag changes the audit log records (admin page and import alike)', () => {
  it('tagText: one order, empty for none', () => {
    expect(tagText(['残疾', '低保'])).toBe(tagText(['低保', '残疾']));
    expect(tagText(['低保', '残疾'])).toBe('低保、残疾');
    expect(tagText(undefined)).toBe('');
    expect(tagText([])).toBe('');
  });

  it('a change is recorded when the set differs and a sensitive tag is before or after', () => {
    expect(sensitiveTagsChanged(undefined, ['低保'])).toBe(true);
    expect(sensitiveTagsChanged(['低保'], [])).toBe(true);
    expect(sensitiveTagsChanged(['低保'], ['低保', '党员'])).toBe(true);
    expect(sensitiveTagsChanged(['残疾', '低保'], ['低保', '残疾'])).toBe(false);
    expect(sensitiveTagsChanged(['党员'], ['党员', '退役军人'])).toBe(false);
    expect(sensitiveTagsChanged(undefined, [])).toBe(false);
  });
});
