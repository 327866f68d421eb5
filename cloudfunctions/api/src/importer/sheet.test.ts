import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, decodeCsv, parseSheet, writeCsv, writeXlsx } from './sheet';

const chineseRows = (n: number) =>
  Array.from({ length: n }, (_, i) => [`JH01-${i}`, `第${i}网格（幸福里小区）`, `P${i}、P${i + 1}、独居老人、留守儿童`]);

describe('xlsx reading', () => {
  it('keeps Chinese intact across stream chunk boundaries (inline strings, as we write them)', async () => {
    const rows = chineseRows(6000);
    const parsed = await parseSheet('xlsx', await writeXlsx([{ name: '数据', header: ['编号', '名称', '列表'], rows }]));
    expect(parsed.rows.filter((r) => r.values.join('').includes('\uFFFD'))).toEqual([]);
    expect(parsed.rows.map((r) => r.values)).toEqual(rows);
  });

  it('keeps Chinese intact in shared strings (as Excel writes them), reading the first sheet only', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['编号', '名称', '列表']);
    const rows = chineseRows(6000);
    for (const r of rows) ws.addRow(r);
    wb.addWorksheet('填写说明').addRow(['列名', '说明']);
    const parsed = await parseSheet('xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.header?.values).toEqual(['编号', '名称', '列表']);
    expect(parsed.rows.map((r) => r.values)).toEqual(rows);
  });

  it('turns typed cells into the text a person sees', async () => {
    expect(cellText(13800000000)).toBe('13800000000');
    expect(cellText(301)).toBe('301');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(cellText({ formula: 'A1&B1', result: 'JH01-01' })).toBe('JH01-01');
    expect(cellText({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(cellText(new Date('2026-01-31T00:00:00Z'))).toBe('2026-01-31');
    expect(cellText(null)).toBe('');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['编号', '手机号', '房号']);
    ws.addRow(['P1', 13912345678, 301]);
    const parsed = await parseSheet('xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.rows[0]).toEqual({ row: 2, values: ['P1', '13912345678', '301'] });
  });

  it('skips leading blank rows and keeps spreadsheet row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.getRow(2).values = ['编号', '名称'];
    ws.getRow(3).values = ['a', '甲'];
    ws.getRow(5).values = ['b', '乙'];
    const parsed = await parseSheet('xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.header).toEqual({ row: 2, values: ['编号', '名称'] });
    expect(parsed.rows.map((r) => r.row)).toEqual([3, 5]);
  });
});

describe('csv', () => {
  it('keeps leading zeros and long digit strings as text, and quotes what needs quoting', async () => {
    const buf = await writeCsv({ name: 'x', header: ['房号', '手机号', '备注'], rows: [['0301', '13800000000', '含,逗号 和 "引号"']] });
    expect(buf.toString('utf8')).toContain('0301,13800000000,"含,逗号 和 ""引号"""');
    const parsed = await parseSheet('csv', buf);
    expect(parsed.rows[0].values).toEqual(['0301', '13800000000', '含,逗号 和 "引号"']);
  });

  it('decodes UTF-8 with or without BOM, and falls back to GB18030', () => {
    expect(decodeCsv(Buffer.from('\uFEFF编号', 'utf8'))).toBe('编号');
    expect(decodeCsv(Buffer.from('编号', 'utf8'))).toBe('编号');
    expect(decodeCsv(Buffer.from([0xb1, 0xe0, 0xba, 0xc5]))).toBe('编号'); // "编号" in GBK
  });
});
