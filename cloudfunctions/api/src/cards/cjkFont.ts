/// <reference types="pdfkit" />
// Noto Sans SC for pdfkit, taken from @fontsource/noto-sans-sc. The package ships the font sliced into
// ~100 unicode-range subsets (Google Fonts slicing); we read the CSS to map code points to slice files,
// register each slice used as its own pdfkit font, and write text as runs split by slice.
// pdfkit then embeds only the glyphs used (one small TrueType subset per slice per document).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

export type Weight = 400 | 700;

/** A piece of text that one font slice can draw. `font` is the pdfkit font name. */
export interface TextRun {
  font: string;
  text: string;
}

/** The part of a fontkit font we use (pdfkit accepts a fontkit font as a font source). */
interface FkFont {
  cmap: unknown;
  hasGlyphForCodePoint(cp: number): boolean;
  postscriptName: string;
  head: unknown;
  layout: (...args: unknown[]) => unknown;
}

interface Slice {
  name: string; // pdfkit font name, e.g. "NotoSansSC-400-57"
  files: string[]; // WOFF first, WOFF2 as a fallback
  ranges: Array<[number, number]>;
  font?: FkFont | null; // null: no file could be read

}

interface Face {
  slices: Slice[];
  byCodePoint: Map<number, Slice | null>;
}

/** Drawn for characters no slice covers. */
export const FALLBACK_CHAR = '□';

const faces = new Map<Weight, Face>();
const slicesByName = new Map<string, Slice>();
let fontkit: { create(buf: Uint8Array): FkFont } | undefined;
let pkgDir: string | undefined;

function fontsourceDir(): string {
  return (pkgDir ??= path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json')));
}

function loadFontkit() {
  // pdfkit's own fontkit, so font objects are the kind pdfkit expects.
  return (fontkit ??= createRequire(require.resolve('pdfkit'))('fontkit'));
}

/** Parses a fontsource CSS file into slices (font files + unicode ranges). */
export function parseFontFaceCss(css: string, cssDir: string, weight: Weight): Slice[] {
  const slices: Slice[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const urls = [...block.matchAll(/url\(\s*['"]?([^)'"]+\.woff2?)['"]?\s*\)/g)].map((m) => m[1]);
    // WOFF first: fontkit decodes WOFF2 glyf tables in pure JS, ~10x slower.
    urls.sort((a, b) => Number(a.endsWith('2')) - Number(b.endsWith('2')));
    const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1];
    if (!urls.length || !range) continue;
    const files = urls.map((u) => path.resolve(cssDir, u));
    const id = path.basename(files[0]).replace(/^noto-sans-sc-/, '').replace(/-\d+-normal\.woff2?$/, '');
    const ranges: Array<[number, number]> = [];
    for (const part of range.split(',')) {
      const m = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
      if (!m) continue;
      const lo = parseInt(m[1].replace(/\?/g, '0'), 16);
      const hi = parseInt((m[2] ?? m[1]).replace(/\?/g, 'f'), 16);
      ranges.push([lo, hi]);
    }
    slices.push({ name: `NotoSansSC-${weight}-${id}`, files, ranges });
  }
  return slices;
}

function face(weight: Weight): Face {
  let f = faces.get(weight);
  if (!f) {
    const dir = fontsourceDir();
    const slices = parseFontFaceCss(readFileSync(path.join(dir, `${weight}.css`), 'utf8'), dir, weight);
    if (!slices.length) throw new Error(`@fontsource/noto-sans-sc: no font faces found in ${weight}.css`);
    for (const s of slices) slicesByName.set(s.name, s);
    f = { slices, byCodePoint: new Map() };
    faces.set(weight, f);
  }
  return f;
}

/**
 * Unwraps a WOFF 1.0 file into a plain TrueType/OpenType file. fontkit can read WOFF directly, but it
 * re-inflates the whole glyf table (in pure JS) on every glyph access, which makes subsetting slow.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF'
  const numTables = woff.readUInt16BE(12);
  const tables = [];
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20;
    const [offset, compLength, length, checksum] = [4, 8, 12, 16].map((o) => woff.readUInt32BE(e + o));
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < length ? inflateSync(raw) : raw;
    if (data.length !== length) throw new Error('bad WOFF table length');
    tables.push({ tag: woff.readUInt32BE(e), checksum, data });
  }
  const pow2 = 2 ** Math.floor(Math.log2(numTables));
  const head = Buffer.alloc(12 + 16 * numTables);
  head.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(pow2 * 16, 6);
  head.writeUInt16BE(Math.log2(pow2), 8);
  head.writeUInt16BE(numTables * 16 - pow2 * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    head.writeUInt32BE(t.tag, 12 + i * 16);
    head.writeUInt32BE(t.checksum, 16 + i * 16);
    head.writeUInt32BE(offset, 20 + i * 16);
    head.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/** Loads a slice's font, or null if none of its files is usable (e.g. fontkit cannot read its cmap). */
function sliceFont(s: Slice): FkFont | null {
  if (s.font === undefined) {
    s.font = null;
    for (const file of s.files) {
      try {
        const font = loadFontkit().create(woffToSfnt(readFileSync(file)));
        // Decode what pdfkit needs up front: cmap, and head/name for its font de-duplication.
        if (!font.cmap || !font.head || !font.postscriptName) continue;
        font.hasGlyphForCodePoint(0x20);
        s.font = font;
        break;
      } catch {
        // try the next file
      }
    }
  }
  return s.font ?? null;
}

/** The slice whose font has a glyph for `cp` (CSS range first, then the font's own cmap), or null. */
function sliceFor(f: Face, cp: number): Slice | null {
  let hit = f.byCodePoint.get(cp);
  if (hit !== undefined) return hit;
  hit = null;
  for (const s of f.slices) {
    if (!s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) continue;
    if (sliceFont(s)?.hasGlyphForCodePoint(cp)) {
      hit = s;
      break;
    }
  }
  f.byCodePoint.set(cp, hit);
  return hit;
}

// Invisible characters that are dropped, not replaced, when no font has them.
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{M}\uFE00-\uFE0F]$/u;

/** Splits text into runs that each use one font slice; uncovered characters become FALLBACK_CHAR. */
export function textRuns(str: string, weight: Weight = 400): TextRun[] {
  const f = face(weight);
  const runs: TextRun[] = [];
  for (let ch of str) {
    let s = sliceFor(f, ch.codePointAt(0)!);
    if (!s) {
      if (INVISIBLE.test(ch)) continue;
      ch = FALLBACK_CHAR;
      s = sliceFor(f, FALLBACK_CHAR.codePointAt(0)!);
      if (!s) {
        ch = '?';
        s = sliceFor(f, 0x3f);
        if (!s) continue;
      }
    }
    const last = runs[runs.length - 1];
    if (last && last.font === s.name) last.text += ch;
    else runs.push({ font: s.name, text: ch });
  }
  return runs;
}

const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>();

/** Selects a run's font on the document, registering the slice with it on first use. */
export function useFont(doc: PDFKit.PDFDocument, name: string): PDFKit.PDFDocument {
  let names = registered.get(doc);
  if (!names) registered.set(doc, (names = new Set()));
  if (!names.has(name)) {
    const s = slicesByName.get(name);
    if (!s) throw new Error(`unknown CJK font ${name}`);
    // A parsed fontkit font is a valid source for pdfkit; sharing it across documents skips re-parsing.
    const font = sliceFont(s);
    if (!font) throw new Error(`CJK font ${name} could not be loaded`);
    doc.registerFont(name, font as unknown as Uint8Array);
    names.add(name);
  }
  return doc.font(name);
}
