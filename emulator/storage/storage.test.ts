import { describe, expect, it } from 'vitest';
import { ContentMismatchError, contentMatches, createStorage, TEMP_URL_TTL_MS } from '.';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const HTML = Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>');
const NOW = Date.parse('2026-03-02T09:00:00Z');

const storage = () => createStorage({ env: 'env', publicUrl: () => 'http://127.0.0.1:8710', secret: 's3cret' });

describe('temp URLs', () => {
  it('are signed and expire after 10 minutes', () => {
    const s = storage();
    const url = new URL(s.tempUrl('cloud://env/uploads/o-1/a.png', NOW)!);
    expect(url.pathname).toBe('/storage/uploads/o-1/a.png');
    const [exp, sig] = [url.searchParams.get('expires'), url.searchParams.get('sig')];
    expect(Number(exp) * 1000).toBe(Math.floor((NOW + TEMP_URL_TTL_MS) / 1000) * 1000);
    expect(s.checkUrl('uploads/o-1/a.png', exp, sig, NOW)).toBe('ok');
    expect(s.checkUrl('uploads/o-1/a.png', exp, sig, NOW + TEMP_URL_TTL_MS + 1000)).toBe('expired');
  });

  it('cannot be reused for another file, extended, or made without the secret', () => {
    const s = storage();
    const url = new URL(s.tempUrl('cloud://env/exports/a.csv', NOW)!);
    const [exp, sig] = [url.searchParams.get('expires')!, url.searchParams.get('sig')];
    expect(s.checkUrl('exports/b.csv', exp, sig, NOW)).toBe('invalid');
    expect(s.checkUrl('exports/a.csv', String(Number(exp) + 3600), sig, NOW)).toBe('invalid');
    expect(s.checkUrl('exports/a.csv', null, null, NOW)).toBe('invalid');
    expect(s.checkUrl('exports/a.csv', exp, 'x', NOW)).toBe('invalid');
    const other = createStorage({ env: 'env', publicUrl: () => '', secret: 'other' });
    expect(other.checkUrl('exports/a.csv', exp, sig, NOW)).toBe('invalid');
  });
});

describe('content sniffing', () => {
  it('knows each type by its bytes', () => {
    expect(contentMatches('a.png', PNG)).toBe(true);
    expect(contentMatches('a.jpg', JPG)).toBe(true);
    expect(contentMatches('a.jpeg', JPG)).toBe(true);
    expect(contentMatches('a.gif', Buffer.from('GIF89a....'))).toBe(true);
    expect(contentMatches('a.webp', Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe(true);
    expect(contentMatches('a.pdf', Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(contentMatches('a.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe(true);
    expect(contentMatches('a.csv', Buffer.from('\uFEFF编号,名称\nJH01,河南街道\n'))).toBe(true);
    expect(contentMatches('a.png', JPG)).toBe(false);
    expect(contentMatches('a.jpg', PNG)).toBe(false);
  });

  it('refuses HTML under any type', () => {
    for (const name of ['a.png', 'a.jpg', 'a.gif', 'a.webp', 'a.pdf', 'a.xlsx', 'a.csv']) expect(contentMatches(name, HTML), name).toBe(false);
    expect(contentMatches('a.csv', Buffer.from('  <script>alert(1)</script>'))).toBe(false);
    expect(contentMatches('a.csv', Buffer.from('a,b\0c'))).toBe(false);
  });

  it('put refuses a mismatch', async () => {
    const s = storage();
    await expect(s.put('uploads/o-1/x.png', HTML)).rejects.toBeInstanceOf(ContentMismatchError);
    expect(await s.get('uploads/o-1/x.png')).toBeNull();
    expect(await s.put('uploads/o-1/y.png', PNG)).toBe('cloud://env/uploads/o-1/y.png');
  });
});
