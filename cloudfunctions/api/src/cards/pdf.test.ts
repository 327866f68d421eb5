import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_CHAR, parseFontFaceCss, textRuns, useFont } from './cjkFont';
import { cardRect, CARDS_PER_PAGE, LAYOUT, renderCardsPdf, type PrintableCard } from './pdf';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SHOT = path.join(ROOT, '.e2e-artifacts/shots/cards-page1.png');
const FIXED_DATE = new Date('2024-05-01T08:00:00Z');

const qrContent = (code: string) => `https://gridlink.example/card?scene=${code}`;

async function sampleCards(n: number): Promise<PrintableCard[]> {
  const names = ['王秀兰', '李强', '欧阳建国', '买买提·艾力'];
  const units = ['蛟河市委组织部', '中共蛟河市委政法委员会基层社会治理综合指挥调度中心（网格化服务管理中心）'];
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const cardCode = `GL-C${String(i + 1).padStart(4, '0')}`;
      return {
        name: names[i % names.length],
        workUnit: units[i % units.length],
        title: i % 3 ? '网格长' : '党支部书记、居委会主任',
        phone: `138-0000-${1000 + i}`,
        gridName: '第一网格（松江花园）',
        communityName: '松江社区',
        cardCode,
        qrPng: await QRCode.toBuffer(qrContent(cardCode), { margin: 2, scale: 4 }),
      };
    }),
  );
}

const pdfText = (pdf: Buffer) => pdf.toString('latin1');
const countPages = (pdf: Buffer) => (pdfText(pdf).match(/\/Type \/Page\b(?!s)/g) ?? []).length;

/** Reads a PDF literal string value of `/Key (...)` from the Info dictionary (direct or via `n 0 R`). */
function infoString(pdf: Buffer, key: string): string | null {
  const text = pdfText(pdf);
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(text);
  const src = ref ? text.slice(text.indexOf(`\n${ref[1]} 0 obj`)) : text.slice(text.indexOf(`/${key} (`));
  const start = src.indexOf('(');
  const bytes: number[] = [];
  for (let i = start + 1, depth = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[++i];
      const oct = /^[0-7]{1,3}/.exec(src.slice(i))?.[0];
      if (oct) {
        bytes.push(parseInt(oct, 8));
        i += oct.length - 1;
      } else bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[n] ?? n.charCodeAt(0));
    } else if (c === ')' && depth === 0) break;
    else {
      if (c === '(') depth++;
      if (c === ')') depth--;
      bytes.push(c.charCodeAt(0));
    }
  }
  const b = Buffer.from(bytes);
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  return b.toString('latin1');
}

describe('cjkFont', () => {
  it('splits mixed text into runs by font slice', () => {
    const runs = textRuns('王秀兰 138-0000 ABC');
    expect(runs.map((r) => r.text).join('')).toBe('王秀兰 138-0000 ABC');
    expect(runs.every((r) => r.font.startsWith('NotoSansSC-400-'))).toBe(true);
    // the Latin part stays in one run, in a different slice from at least one of the hanzi
    const latin = runs.find((r) => r.text.includes('138'))!;
    expect(latin.text).toMatch(/ ?138-0000 ABC$/);
    expect(runs.some((r) => /[王秀兰]/.test(r.text) && r.font !== latin.font)).toBe(true);
    // consecutive runs never share a font (they are merged)
    runs.slice(1).forEach((r, i) => expect(r.font).not.toBe(runs[i].font));
    expect(textRuns('干部联系卡', 700).every((r) => r.font.startsWith('NotoSansSC-700-'))).toBe(true);
    expect(textRuns('')).toEqual([]);
  });

  it('replaces uncovered characters with a fallback and drops invisible ones, without throwing', () => {
    const weird = 'A𠀀😀\u{10FFFF}\u200d\ufe0f\u0000B';
    const runs = textRuns(weird);
    expect(runs.map((r) => r.text).join('')).toBe(`A${FALLBACK_CHAR.repeat(3)}B`);
    expect(() => textRuns('\ud800 lone surrogate')).not.toThrow();
    // every run font can be registered and used by pdfkit
    const doc = new PDFDocument({ autoFirstPage: false });
    for (const r of [...runs, ...textRuns('网格连心，组团服务（松江花园）…·', 700)]) {
      expect(useFont(doc, r.font).fontSize(10).widthOfString(r.text)).toBeGreaterThan(0);
    }
  });

  it('reads the fontsource CSS into unicode-range slices', () => {
    const dir = path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
    const slices = parseFontFaceCss(readFileSync(path.join(dir, '400.css'), 'utf8'), dir, 400);
    expect(slices.length).toBeGreaterThan(50);
    for (const s of slices) {
      expect(s.ranges.length).toBeGreaterThan(0);
      expect(s.files[0]).toMatch(/\.woff$/);
      expect(existsSync(s.files[0])).toBe(true);
    }
  });
});

describe('renderCardsPdf', () => {
  let cards: PrintableCard[];
  let pdf: Buffer;
  beforeAll(async () => {
    cards = await sampleCards(10);
    pdf = await renderCardsPdf(cards, { title: '松江社区干部联系卡', createdAt: FIXED_DATE });
  });

  it('renders a valid A4 PDF, 10 cards on 2 pages, with its title', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf).trimEnd().endsWith('%%EOF')).toBe(true);
    expect(countPages(pdf)).toBe(2);
    expect(pdfText(pdf)).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(infoString(pdf, 'Title')).toBe('松江社区干部联系卡');
  });

  it('embeds only subset Noto Sans SC TrueType fonts', () => {
    const text = pdfText(pdf);
    expect(text).toContain('/FontFile2');
    const baseFonts = [...text.matchAll(/\/BaseFont \/([^\s/]+)/g)].map((m) => m[1]);
    expect(baseFonts.length).toBeGreaterThan(0);
    for (const f of baseFonts) expect(f).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
    expect(text).toContain('/ToUnicode'); // text stays copyable/searchable
  });

  it('fills an A4 sheet with 8 cards (8 on 1 page, 9 on 2, 40 on 5) and handles an empty list', async () => {
    // Speed is for the bench, not for a timed test.
    const all = await sampleCards(40);
    expect(countPages(await renderCardsPdf(all.slice(0, 8)))).toBe(1);
    expect(countPages(await renderCardsPdf(all.slice(0, 9)))).toBe(2);
    expect(countPages(await renderCardsPdf(all))).toBe(5);
    expect(countPages(await renderCardsPdf([]))).toBe(1);
  });

  it('survives empty fields, overlong text and odd characters', async () => {
    const [base] = cards;
    const out = await renderCardsPdf([
      { ...base, name: '', workUnit: '', title: '', phone: '', gridName: '', communityName: '', cardCode: '' },
      {
        ...base,
        name: '阿卜杜热合曼·买买提依明·艾则孜😀',
        workUnit: '中共吉林省吉林市蛟河市委员会政法委员会基层社会治理综合指挥调度中心（网格化服务管理中心）第三科室'.repeat(3),
        title: 'Director of\nGrid Management\t𠀀',
        phone: '0432-12345678 / 138 0000 1000 转 8888',
      },
    ]);
    expect(countPages(out)).toBe(1);
  });

  it('rejects a card whose QR image is not an image', async () => {
    const bad = { ...cards[0], cardCode: 'GL-BAD', qrPng: new Uint8Array([1, 2, 3]) };
    await expect(renderCardsPdf([bad])).rejects.toThrow(/GL-BAD/);
  });
});

function findPdftoppm(): string | null {
  if (existsSync('/usr/bin/pdftoppm')) return '/usr/bin/pdftoppm';
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return 'pdftoppm';
  } catch {
    return null;
  }
}
const PDFTOPPM = findPdftoppm();

// A test dependency (.ci/run installs poppler-utils): without it these checks fail, they never skip.
describe('rendered page 1 (poppler pdftoppm)', () => {
  const DPI = 100;
  const px = (mm: number) => Math.round((mm / 25.4) * DPI);
  let png: PNG;
  let cards: PrintableCard[];

  const need = () => {
    if (!PDFTOPPM) throw new Error('pdftoppm not found: install poppler-utils (apt-get install poppler-utils; .ci/run does) to check the rendered cards');
  };
  beforeAll(async () => {
    if (!PDFTOPPM) return; // each test fails, saying why
    cards = await sampleCards(10);
    const pdf = await renderCardsPdf(cards, { title: '松江社区干部联系卡' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cards-'));
    try {
      writeFileSync(path.join(dir, 'cards.pdf'), pdf);
      execFileSync(PDFTOPPM!, ['-r', String(DPI), '-png', '-f', '1', '-l', '1', '-singlefile', 'cards.pdf', 'page'], { cwd: dir });
      const bytes = readFileSync(path.join(dir, 'page.png'));
      mkdirSync(path.dirname(SHOT), { recursive: true });
      writeFileSync(SHOT, bytes);
      png = PNG.sync.read(bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const pixel = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return [png.data[i], png.data[i + 1], png.data[i + 2]];
  };
  const near = (rgb: number[], target: number[], tol = 24) => rgb.every((v, k) => Math.abs(v - target[k]) <= tol);

  it('is an A4 page at the requested resolution', () => {
    need();
    expect(Math.abs(png.width - px(210))).toBeLessThanOrEqual(1); // poppler rounds page size up
    expect(Math.abs(png.height - px(297))).toBeLessThanOrEqual(1);
  });

  it('has the red header band on every card and white gutters between cards', () => {
    need();
    const red = [0xc8, 0x16, 0x1d];
    for (let slot = 0; slot < CARDS_PER_PAGE; slot++) {
      const r = cardRect(slot);
      // between the title and the community name, in the middle of the band
      let hits = 0;
      for (let dx = 40; dx <= 50; dx++) if (near(pixel(px(r.x + dx), px(r.y + LAYOUT.headerH / 2)), red)) hits++;
      expect(hits, `card ${slot} header`).toBeGreaterThanOrEqual(9);
      // the body below the band is white where nothing is printed (right of the rows, left of the QR)
      expect(near(pixel(px(r.x + 1.5), px(r.y + 30)), [255, 255, 255], 4), `card ${slot} body`).toBe(true);
    }
    // gutter between the two columns, mid-card height (crop marks only sit at card edges)
    const a = cardRect(0);
    expect(near(pixel(px(a.x + a.w + LAYOUT.gapX / 2), px(a.y + a.h / 2)), [255, 255, 255], 4)).toBe(true);
  });

  it('has a decodable QR code on every card', () => {
    need();
    for (let slot = 0; slot < CARDS_PER_PAGE; slot++) {
      const r = cardRect(slot);
      const pad = 1.5;
      const x0 = px(r.x + LAYOUT.qr.x - pad);
      const y0 = px(r.y + LAYOUT.qr.y - pad);
      const size = px(LAYOUT.qr.size + 2 * pad);
      const crop = new Uint8ClampedArray(size * size * 4);
      for (let y = 0; y < size; y++) {
        const from = ((y0 + y) * png.width + x0) * 4;
        crop.set(png.data.subarray(from, from + size * 4), y * size * 4);
      }
      const code = jsQR(crop, size, size);
      expect(code?.data, `card ${slot} QR`).toBe(qrContent(cards[slot].cardCode));
    }
  });
});
