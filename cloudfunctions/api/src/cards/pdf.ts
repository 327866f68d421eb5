// Printable 干部联系卡 sheets: A4 portrait, 2 × 4 business cards (90 × 54 mm) with crop marks.
import { textRuns, useFont, type TextRun, type Weight } from './cjkFont';

// pdfkit (and its fontkit) are required when the first PDF is drawn, not when this module loads.
type PDFDocumentClass = typeof import('pdfkit');
let pdfkit: PDFDocumentClass | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadPdfKit = (): PDFDocumentClass => (pdfkit ??= require('pdfkit') as PDFDocumentClass);

export interface PrintableCard {
  name: string; // 我叫
  workUnit: string; // 工作单位
  title: string; // 职务
  phone: string; // 联系电话
  gridName: string; // e.g. 第一网格（松江花园）
  communityName: string;
  cardCode: string; // printed small under the QR
  qrPng: Uint8Array; // PNG of the Mini Program code / QR
}

export interface RenderOptions {
  /** Document title (PDF metadata and page footer). */
  title?: string;
  /** PDF creation date; pass a fixed date for byte-identical output. */
  createdAt?: Date;
}

/** Sheet geometry in millimetres (exported for tests). */
export const LAYOUT = {
  pageW: 210,
  pageH: 297,
  cols: 2,
  rows: 4,
  cardW: 90,
  cardH: 54,
  gapX: 10,
  gapY: 10,
  bleed: 2, // the red header band runs this far past the trim line
  markOffset: 2.5, // crop marks start this far outside the trim line (beyond the bleed)
  markLen: 3,
  headerH: 10,
  qr: { x: 63, y: 12.5, size: 24 }, // relative to the card
} as const;

export const CARDS_PER_PAGE = LAYOUT.cols * LAYOUT.rows;
const MARGIN_X = (LAYOUT.pageW - LAYOUT.cols * LAYOUT.cardW - (LAYOUT.cols - 1) * LAYOUT.gapX) / 2;
const MARGIN_Y = (LAYOUT.pageH - LAYOUT.rows * LAYOUT.cardH - (LAYOUT.rows - 1) * LAYOUT.gapY) / 2;

/** Trim box of the card in slot `i` (0-based, row-major) of a page, in mm from the top-left corner. */
export function cardRect(i: number): { x: number; y: number; w: number; h: number } {
  const slot = i % CARDS_PER_PAGE;
  const col = slot % LAYOUT.cols;
  const row = Math.floor(slot / LAYOUT.cols);
  return {
    x: MARGIN_X + col * (LAYOUT.cardW + LAYOUT.gapX),
    y: MARGIN_Y + row * (LAYOUT.cardH + LAYOUT.gapY),
    w: LAYOUT.cardW,
    h: LAYOUT.cardH,
  };
}

export function pageCount(cards: number): number {
  return Math.max(1, Math.ceil(cards / CARDS_PER_PAGE));
}

const PT = 72 / 25.4; // points per mm
const RED = '#c8161d';
const INK = '#1f1f1f';
const MUTED = '#666666';
const SLOGANS = ['上下联动，平急结合', '网格连心，组团服务'];

interface Style {
  size: number; // pt
  weight: Weight;
  color: string;
}
/** A styled piece of one line. */
interface Seg {
  text: string;
  style: Style;
  /** May be shortened with '…' when the line cannot shrink enough. */
  truncatable?: boolean;
  /** Width (pt) of a write-in rule drawn instead of text, for empty fields as on the paper card. */
  rule?: number;
}

const LABEL: Style = { size: 7, weight: 400, color: MUTED };
const value = (size: number, weight: Weight = 400, color = INK): Style => ({ size, weight, color });

/** Text measurement and drawing over font-slice runs, in points. */
class Typesetter {
  private runCache = new Map<string, TextRun[]>();
  private widthCache = new Map<string, number>();

  constructor(private doc: PDFKit.PDFDocument) {}

  runs(text: string, weight: Weight): TextRun[] {
    const key = `${weight}|${text}`;
    let r = this.runCache.get(key);
    if (!r) this.runCache.set(key, (r = textRuns(text, weight)));
    return r;
  }

  /** Width of a run at 1 pt. */
  private runWidth(run: TextRun): number {
    const key = `${run.font}|${run.text}`;
    let w = this.widthCache.get(key);
    if (w === undefined) {
      w = useFont(this.doc, run.font).fontSize(1).widthOfString(run.text);
      this.widthCache.set(key, w);
    }
    return w;
  }

  width(segs: Seg[], scale = 1): number {
    let w = 0;
    for (const s of segs) {
      w += (s.rule ?? 0) * scale;
      for (const r of this.runs(s.text, s.style.weight)) w += this.runWidth(r) * s.style.size * scale;
    }
    return w;
  }

  /** Draws segments left to right with their baseline at `y`. Returns the end x. */
  draw(segs: Seg[], x: number, y: number, scale = 1): number {
    for (const s of segs) {
      if (s.rule) {
        const w = s.rule * scale;
        this.doc.moveTo(x + 1, y + 1.5).lineTo(x + w - 1, y + 1.5).lineWidth(0.4).strokeColor('#999999').stroke();
        x += w;
      }
      const size = s.style.size * scale;
      this.doc.fillColor(s.style.color);
      for (const r of this.runs(s.text, s.style.weight)) {
        useFont(this.doc, r.font).fontSize(size).text(r.text, x, y, { lineBreak: false, baseline: 'alphabetic' });
        x += this.runWidth(r) * size;
      }
    }
    return x;
  }

  /** Shrinks a line to fit `maxW` (down to `minScale`), then shortens truncatable segments with '…'. */
  fit(segs: Seg[], maxW: number, minScale = 0.7): { segs: Seg[]; scale: number } {
    const w = this.width(segs);
    if (w <= maxW) return { segs, scale: 1 };
    const scale = Math.max(minScale, (maxW / w) * 0.999); // 0.999: float rounding must not force truncation
    if (this.width(segs, scale) <= maxW) return { segs, scale };
    const out = segs.map((s) => ({ ...s }));
    for (const s of out) {
      if (!s.truncatable) continue;
      const chars = [...s.text];
      while (chars.length && this.width(out, scale) > maxW) {
        chars.pop();
        s.text = `${chars.join('')}…`;
      }
      if (this.width(out, scale) <= maxW) break;
    }
    return { segs: out, scale };
  }

  /**
   * Breaks `text` into at most `maxLines` lines: the first `firstW` wide, the rest `restW`.
   * Breaks anywhere except before closing punctuation; returns null if it does not fit.
   */
  wrap(text: string, style: Style, firstW: number, restW: number, maxLines: number): string[] | null {
    const lines: string[] = [];
    let line: string[] = [];
    for (const ch of text) {
      const limit = lines.length ? restW : firstW;
      if (!line.length || this.width([{ text: line.join('') + ch, style }]) <= limit) {
        line.push(ch);
        continue;
      }
      // Break before `ch`, or earlier: not inside a Latin word, not before closing punctuation.
      let at = line.length;
      while (at > 0 && !canBreak(line[at - 1], at < line.length ? line[at] : ch)) at--;
      if (at === 0) at = line.length; // no break opportunity: hard break
      lines.push(line.slice(0, at).join('').trimEnd());
      const rest = line.slice(at);
      while (rest[0] === ' ') rest.shift();
      line = ch === ' ' && !rest.length ? [] : [...rest, ch];
      if (lines.length >= maxLines) return null;
    }
    if (line.length) lines.push(line.join(''));
    return lines;
  }
}

const WORD = /^[A-Za-z0-9\-'&@.+_/]$/;
const CLOSING = /^[，。、；：！？）》」』】…,.;:!?)\]]$/u;
/** Whether a line may break between characters `a` and `b`. */
function canBreak(a: string, b: string): boolean {
  if (CLOSING.test(b)) return false;
  return !(WORD.test(a) && WORD.test(b));
}

/** Collapses whitespace (line breaks, tabs, runs of spaces) in a field value. */
const clean = (s: string | undefined | null) => (s ?? '').replace(/\s+/g, ' ').trim();

interface Row {
  lines: Seg[][]; // first line includes the label
  scale: number;
}

function labelled(ts: Typesetter, label: string, text: string, style: Style, maxW: number, minScale = 0.7): Row {
  const labelSeg: Seg = { text: label, style: LABEL };
  if (!text) return { lines: [[labelSeg, blank(maxW - ts.width([labelSeg]), style)]], scale: 1 };
  const { segs, scale } = ts.fit([labelSeg, { text, style, truncatable: true }], maxW, minScale);
  return { lines: [segs], scale };
}

/** An empty field: a write-in rule, 90% of the room left on the line. */
const blank = (room: number, style: Style): Seg => ({ text: '', style, rule: room * 0.9 });

/**
 * A field that may wrap (工作单位, 职务): one line if it fits at ≥ 7.5 pt, else two lines down to 6 pt
 * (continuation hangs under the value), else two lines at 6 pt with the rest cut off with '…'.
 */
function wrappedRow(ts: Typesetter, label: string, text: string, maxW: number): Row {
  const labelSeg: Seg = { text: label, style: LABEL };
  const avail = maxW - ts.width([labelSeg]);
  if (!text) return { lines: [[labelSeg, blank(avail, value(8.5))]], scale: 1 };
  const row = (lines: string[], size: number): Row => ({
    lines: lines.map((l, i) => (i ? [{ text: l, style: value(size) }] : [labelSeg, { text: l, style: value(size) }])),
    scale: 1,
  });
  for (const size of [8.5, 8, 7.5]) {
    if (ts.width([{ text, style: value(size) }]) <= avail) return row([text], size);
  }
  for (const size of [8.5, 8, 7.5, 7, 6.5, 6]) {
    const lines = ts.wrap(text, value(size), avail, avail, 2);
    if (lines) return row(lines, size);
  }
  const style = value(6);
  const [first] = ts.wrap(text, style, avail, avail, 99) ?? [text];
  const rest = [...text].slice([...first].length).join('');
  const r = row([first], 6);
  r.lines.push(ts.fit([{ text: rest, style, truncatable: true }], avail, 1).segs);
  return r;
}

function drawCard(doc: PDFKit.PDFDocument, ts: Typesetter, card: PrintableCard, slot: number): void {
  const r = cardRect(slot);
  const X = (mm: number) => (r.x + mm) * PT;
  const Y = (mm: number) => (r.y + mm) * PT;
  const { bleed, headerH, qr } = LAYOUT;

  // Header band (bleeds past the top and side trim lines).
  doc.rect(X(-bleed), Y(-bleed), (r.w + 2 * bleed) * PT, (headerH + bleed) * PT).fill(RED);
  const title: Seg[] = [{ text: '干部联系卡', style: { size: 13, weight: 700, color: '#ffffff' } }];
  const titleEnd = ts.draw(title, X(5), Y(headerH / 2) + 4.6);
  const community = clean(card.communityName);
  if (community) {
    const avail = X(r.w - 4) - titleEnd - 6 * PT;
    const fitted = ts.fit([{ text: community, style: { size: 8, weight: 400, color: '#ffffff' }, truncatable: true }], avail, 0.8);
    const w = ts.width(fitted.segs, fitted.scale);
    ts.draw(fitted.segs, X(r.w - 4) - w, Y(headerH / 2) + 2.8, fitted.scale);
  }

  // Body rows, left of the QR code.
  const left = X(5);
  const maxW = X(qr.x - 2.5) - left;
  const rows: Row[] = [
    (() => {
      const name = clean(card.name);
      const segs: Seg[] = [
        { text: '我叫：', style: LABEL },
        name ? { text: name, style: value(10.5, 700), truncatable: true } : blank(20 * PT, value(10.5, 700)),
        { text: '，如有需要请联系我！', style: LABEL },
      ];
      const f = ts.fit(segs, maxW, 0.75);
      return { lines: [f.segs], scale: f.scale };
    })(),
    wrappedRow(ts, '工作单位：', clean(card.workUnit), maxW),
    wrappedRow(ts, '职务：', clean(card.title), maxW),
    labelled(ts, '联系电话：', clean(card.phone), value(10, 700), maxW, 0.6),
    labelled(ts, '所在网格：', clean(card.gridName), value(8), maxW),
  ];
  // continuation lines sit 1.25 × their font size below the previous line; rows share the rest
  const lead = (line: Seg[], scale: number) => (Math.max(...line.map((s) => s.style.size)) * scale * 1.25) / PT;
  const contH = rows.reduce((h, row) => h + row.lines.slice(1).reduce((a, l) => a + lead(l, row.scale), 0), 0);
  const firstBase = 17.5;
  const lastBase = 42.5;
  const step = Math.min(5.6, (lastBase - firstBase - contH) / (rows.length - 1));
  let y = firstBase;
  for (const row of rows) {
    row.lines.forEach((line, i) => {
      if (i) y += lead(line, row.scale);
      // continuation lines hang under the value, not the label
      const x = i ? left + ts.width([row.lines[0][0]], row.scale) : left;
      ts.draw(line, x, Y(y), row.scale);
    });
    y += step;
  }

  // QR code with caption and card code.
  if (!card.qrPng?.length) throw new Error(`card ${card.cardCode}: missing QR image`);
  try {
    doc.image(Buffer.from(card.qrPng.buffer, card.qrPng.byteOffset, card.qrPng.byteLength), X(qr.x), Y(qr.y), {
      width: qr.size * PT,
      height: qr.size * PT,
    });
  } catch (e) {
    throw new Error(`card ${card.cardCode}: QR image is not a valid PNG/JPEG (${(e as Error).message})`);
  }
  const qrCenter = X(qr.x + qr.size / 2);
  const centred = (segs: Seg[], baseMm: number, maxWmm: number) => {
    const f = ts.fit(segs, maxWmm * PT, 0.6);
    ts.draw(f.segs, qrCenter - ts.width(f.segs, f.scale) / 2, Y(baseMm), f.scale);
  };
  centred([{ text: '扫码反映诉求', style: { size: 7, weight: 700, color: RED } }], qr.y + qr.size + 2.6, qr.size + 2);
  centred([{ text: clean(card.cardCode), style: { size: 5.5, weight: 400, color: MUTED }, truncatable: true }], qr.y + qr.size + 5.3, qr.size + 2);

  // Slogans along the bottom.
  const ruleY = Y(45.5);
  doc.moveTo(X(5), ruleY).lineTo(X(r.w - 5), ruleY).lineWidth(0.5).strokeColor(RED).stroke();
  const slogan: Style = { size: 8, weight: 700, color: RED };
  SLOGANS.forEach((text, i) => {
    const w = ts.width([{ text, style: slogan }]);
    const cx = X(r.w * (i ? 0.75 : 0.25));
    ts.draw([{ text, style: slogan }], cx - w / 2, Y(50.8));
  });
  doc.circle(X(r.w / 2), Y(49.9), 0.6 * PT).fill(RED);
}

/** Crop marks at each card corner, outside the trim box. */
function drawCropMarks(doc: PDFKit.PDFDocument, slot: number): void {
  const r = cardRect(slot);
  const { markOffset: o, markLen: l } = LAYOUT;
  doc.lineWidth(0.25).strokeColor('#000000');
  for (const cx of [r.x, r.x + r.w]) {
    for (const cy of [r.y, r.y + r.h]) {
      const dx = cx === r.x ? -1 : 1;
      const dy = cy === r.y ? -1 : 1;
      // horizontal mark extends the top/bottom edge sideways, vertical mark extends the side edge
      doc.moveTo((cx + dx * o) * PT, cy * PT).lineTo((cx + dx * (o + l)) * PT, cy * PT).stroke();
      doc.moveTo(cx * PT, (cy + dy * o) * PT).lineTo(cx * PT, (cy + dy * (o + l)) * PT).stroke();
    }
  }
}

function drawFooter(doc: PDFKit.PDFDocument, ts: Typesetter, title: string, page: number, pages: number): void {
  const style: Style = { size: 8, weight: 400, color: '#888888' };
  const segs: Seg[] = [{ text: `${title}　第 ${page} / ${pages} 页　·　沿角线裁切（${LAYOUT.cardW}×${LAYOUT.cardH} mm）`, style, truncatable: true }];
  const f = ts.fit(segs, (LAYOUT.pageW - 2 * MARGIN_X) * PT);
  const w = ts.width(f.segs, f.scale);
  ts.draw(f.segs, (LAYOUT.pageW * PT - w) / 2, (LAYOUT.pageH - 10) * PT, f.scale);
}

/** Renders the cards onto A4 sheets and returns the PDF. */
export async function renderCardsPdf(cards: PrintableCard[], opts: RenderOptions = {}): Promise<Buffer> {
  const title = clean(opts.title) || '干部联系卡';
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    displayTitle: true,
    lang: 'zh-CN',
    info: {
      Title: title,
      Creator: '网格连心 · GridLink',
      Subject: '干部联系卡（可打印）',
      CreationDate: opts.createdAt ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const ts = new Typesetter(doc);
  const pages = pageCount(cards.length);
  try {
    for (let p = 0; p < pages; p++) {
      doc.addPage({ size: 'A4', margin: 0 });
      const onPage = cards.slice(p * CARDS_PER_PAGE, (p + 1) * CARDS_PER_PAGE);
      onPage.forEach((card, slot) => {
        doc.save();
        drawCard(doc, ts, card, slot);
        doc.restore();
      });
      onPage.forEach((_, slot) => drawCropMarks(doc, slot));
      drawFooter(doc, ts, title, p + 1, pages);
    }
  } catch (e) {
    try {
      doc.end(); // release the stream; the partial PDF is discarded
      await done;
    } catch {
      // ignore: the original error is what matters
    }
    throw e;
  }
  doc.end();
  return done;
}
