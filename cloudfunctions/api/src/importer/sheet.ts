// Spreadsheet bytes ⇄ rows of text, through exceljs. Both directions stream row by row so a
// 蛟河-size households file (123,800 rows) stays within a cloud function's memory.
// exceljs (several hundred files) is required on first use, not when this module loads: a function
// that bundles this file but serves a resident pays nothing for it on a cold start.
import type { Row } from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import type { FileFormat } from '../../../../src/core/importing/columns';
import type { SheetRow } from '../../../../src/core/importing/rows';

type ExcelJSModule = typeof import('exceljs');
let excelModule: ExcelJSModule | undefined;
function exceljs(): ExcelJSModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (excelModule ??= require('exceljs') as ExcelJSModule);
}

export interface ParsedSheet {
  header: SheetRow | undefined;
  rows: SheetRow[];
}

export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** A cell value as the text a person sees; numbers keep all digits (phone numbers typed as numbers). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(Math.round(v)).toString() : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, any>;
    if (Array.isArray(o.richText)) return o.richText.map((t: { text?: string }) => t.text ?? '').join('');
    if ('result' in o) return cellText(o.result); // formula: its cached value
    if ('text' in o) return cellText(o.text); // hyperlink
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

/**
 * Formula injection (OWASP "CSV Injection"): a cell starting with = + - @ tab or CR may run as a
 * formula in Excel/WPS. Written cells get a leading single quote; reading strips that one quote
 * again, so an export imports back unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Read side also takes LF: xlsx (XML) turns a written CR into LF. */
const QUOTED_FORMULA = /^'[=+\-@\t\r\n]/;
export const neutraliseCell = (x: string): string => (FORMULA_START.test(x) ? `'${x}` : x);
export const unneutraliseCell = (x: string): string => (QUOTED_FORMULA.test(x) ? x.slice(1) : x);
const safeRow = (r: string[]): string[] => r.map((x) => (typeof x === 'string' ? neutraliseCell(x) : x));

/** exceljs row.values is 1-based and sparse. */
const rowValues = (values: unknown): string[] => {
  const arr = Array.isArray(values) ? values : [];
  const out: string[] = [];
  for (let i = 1; i < arr.length; i++) out.push(unneutraliseCell(cellText(arr[i])));
  return out;
};

/**
 * Excel in China saves "CSV (逗号分隔)" as GBK and "CSV UTF-8" with a BOM; accept both, with or
 * without the BOM.
 */
export function decodeCsv(buf: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('gb18030').decode(buf);
  }
  return text.replace(/^\uFEFF/, '');
}

function split(rows: SheetRow[]): ParsedSheet {
  const i = rows.findIndex((r) => r.values.some((x) => x.trim() !== ''));
  return i < 0 ? { header: undefined, rows: [] } : { header: rows[i], rows: rows.slice(i + 1) };
}

async function parseCsv(buf: Uint8Array): Promise<ParsedSheet> {
  const wb = new (exceljs().Workbook)();
  // Identity map: exceljs would otherwise turn "0301" into 301 and phone numbers into floats, and
  // trying date formats on every cell is what makes its default 20× slower.
  const ws = await wb.csv.read(Readable.from([decodeCsv(buf)]), { map: (x: string) => x } as any);
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => rows.push({ row: n, values: rowValues(row.values) }));
  return split(rows);
}

/** Decodes a byte stream as UTF-8 across chunk boundaries (a character may straddle two chunks). */
async function* utf8Chunks(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const dec = new TextDecoder('utf-8');
  for await (const c of chunks) yield typeof c === 'string' ? c : dec.decode(c, { stream: true });
  const tail = dec.decode();
  if (tail) yield tail;
}

/**
 * exceljs 4.4.0's streaming reader decodes every zlib chunk on its own, so a Chinese character cut
 * by a chunk boundary turns into "���" (exceljs/exceljs#2084, #2063; unfixed). Hand its SAX parser
 * whole characters instead: shared strings via the entry's own string decoder, worksheets (read
 * directly or from the temp file it spools them to) through `utf8Chunks`. Relies on the two
 * internal methods of the pinned 4.4.0; importer.test.ts reads a large Chinese sheet to check it.
 */
type ReaderClass = new (input: Readable, options: object) => any;
let utf8Reader: ReaderClass | undefined;
/** Subclassed on first use (the base class lives in exceljs, which loads lazily). */
function Utf8WorkbookReader(): ReaderClass {
  if (utf8Reader) return utf8Reader;
  const BaseReader = exceljs().stream.xlsx.WorkbookReader as unknown as ReaderClass;
  utf8Reader = class extends BaseReader {
    _parseSharedStrings(entry: NodeJS.ReadableStream) {
      entry.setEncoding('utf8');
      return super._parseSharedStrings(entry);
    }
    _parseWorksheet(iterator: AsyncIterable<Uint8Array | string>, sheetNo: string) {
      return super._parseWorksheet(utf8Chunks(iterator), sheetNo);
    }
  };
  return utf8Reader;
}

async function parseXlsx(buf: Uint8Array): Promise<ParsedSheet> {
  const Reader = Utf8WorkbookReader();
  const reader = new Reader(Readable.from([Buffer.from(buf)]), {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  const rows: SheetRow[] = [];
  let sheets = 0;
  // The first worksheet holds the data (the template's "填写说明" comes second); later sheets are drained.
  for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<Row>>) {
    const mine = sheets++ === 0;
    for await (const row of ws) if (mine) rows.push({ row: row.number, values: rowValues(row.values) });
  }
  return split(rows);
}

export async function parseSheet(format: FileFormat, buf: Uint8Array): Promise<ParsedSheet> {
  try {
    return format === 'csv' ? await parseCsv(buf) : await parseXlsx(buf);
  } catch (e) {
    const what = format === 'csv' ? 'CSV' : 'Excel（xlsx）';
    throw new UnreadableFileError(`无法读取文件：请确认它是${what}格式，并用导入模板填写（${(e as Error).message}）`);
  }
}

// ------------------------------------------------------------------ writing

export interface SheetSpec {
  name: string;
  header: string[];
  /** Column widths in characters. */
  widths?: number[];
  rows: Iterable<string[]> | AsyncIterable<string[]>;
}

/** UTF-8 with BOM so Excel in China opens it as text, not as GBK. Only the first sheet is written. */
export async function writeCsv(sheet: SheetSpec): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  const ws = wb.addWorksheet(sheet.name);
  ws.addRow(sheet.header);
  for await (const r of sheet.rows) ws.addRow(safeRow(r));
  const out = await wb.csv.writeBuffer({ formatterOptions: { writeBOM: true, quote: '"', escape: '"' }, map: (x: unknown) => x ?? '' } as any);
  return Buffer.from(out as ArrayBuffer);
}

/**
 * Streams rows into an xlsx (exceljs WorkbookWriter), committing each row so memory stays flat.
 * Every column is formatted as text so codes, phone numbers and rooms like 0301 survive editing.
 */
export async function writeXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new (exceljs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.columns = s.header.map((h, i) => ({ header: h, key: String(i), width: s.widths?.[i] ?? Math.max(10, h.length * 2 + 4), style: { numFmt: '@' } }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for await (const r of s.rows) ws.addRow(safeRow(r)).commit();
    ws.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
