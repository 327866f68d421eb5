import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIVACY_DECLARATIONS, PRIVACY_POLICY, privacyGuideLines } from './privacy';

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
