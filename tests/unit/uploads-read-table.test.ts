/**
 * readTable below the fixtures: limits, type sniffing, encodings, delimiters, header rows, and a property:
 * any table papaparse writes (in UTF-8, UTF-8 with BOM or GBK; comma, semicolon or tab) reads back identical.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findHeaderRow } from '~/domain/uploads/table';
import { readTable } from '~/server/uploads/read-table.server';
import { decodeText } from '~/server/uploads/read/decode-text.server';
import { detectDelimiter } from '~/server/uploads/read/delimited.server';
import { extensionOf, sniffFile } from '~/server/uploads/read/sniff.server';
import { renderDate, renderNumber } from '~/server/uploads/read/xlsx.server';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));
const SALES = '条码,品名,销量,日期\r\n6901028075817,中华(硬),3,2026-11-23\r\n6901022011217,红塔山,2,2026-11-23\r\n';

async function readOk(name: string, bytes: Uint8Array) {
  const r = await readTable(name, bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.table;
}

describe('limits', () => {
  it('refuses more bytes than maxBytes before looking at them', async () => {
    expect(await readTable('a.csv', utf8(SALES), { maxBytes: 10 })).toEqual({
      ok: false,
      error: { code: 'too_large', detail: { bytes: utf8(SALES).length, maxBytes: 10 } },
    });
  });

  it('refuses more data rows than maxRows (the header and blank lines do not count)', async () => {
    expect(await readTable('a.csv', utf8(`${SALES}\r\n\r\n`), { maxRows: 2 })).toMatchObject({ ok: true });
    expect(await readTable('a.csv', utf8(SALES), { maxRows: 1 })).toEqual({
      ok: false,
      error: { code: 'too_many_rows', detail: { rows: 2, maxRows: 1 } },
    });
  });

  it('a file of blank lines, or just a BOM, is empty', async () => {
    expect(await readTable('a.csv', utf8('\r\n \r\n,,,\r\n'))).toEqual({ ok: false, error: { code: 'empty_file' } });
    expect(await readTable('a.csv', utf8('\uFEFF'))).toEqual({ ok: false, error: { code: 'empty_file' } });
  });
});

describe('file type', () => {
  it('reads extensions case-insensitively and from the last dot', () => {
    expect(extensionOf('C:\\导出\\销售.2026.CSV')).toBe('csv');
    expect(extensionOf('.hidden')).toBe('');
    expect(extensionOf('noext')).toBe('');
  });

  it('trusts content over the name: an xlsx named .csv is read as xlsx, a CSV named .xls as CSV', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('s').addRow(['条码', '数量']);
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    expect((await readOk('export.csv', xlsx)).encoding).toBe('xlsx');
    expect((await readOk('export.xls', utf8(SALES))).encoding).toBe('utf-8');
  });

  it('a text file named .xlsx is a damaged workbook; other names and binary content are unsupported', async () => {
    expect(await readTable('a.xlsx', utf8(SALES))).toEqual({ ok: false, error: { code: 'corrupt_xlsx' } });
    expect(sniffFile('a.json', utf8(SALES))).toEqual({ type: 'unsupported', detail: { type: 'extension', ext: 'json' } });
    expect(sniffFile('a.csv', new Uint8Array([0x41, 0x00, 0x42]))).toMatchObject({ detail: { type: 'binary' } });
    expect(sniffFile('a.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toMatchObject({ detail: { type: 'image' } });
    expect(sniffFile('a.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toMatchObject({ detail: { type: 'extension' } });
  });

  it('a zip that is not a workbook is a damaged workbook', async () => {
    // An empty zip: the end-of-central-directory record alone.
    const emptyZip = new Uint8Array(22);
    emptyZip.set([0x50, 0x4b, 0x05, 0x06]);
    expect(await readTable('a.xlsx', emptyZip)).toEqual({ ok: false, error: { code: 'corrupt_xlsx' } });
  });
});

describe('encodings', () => {
  it('valid UTF-8 is UTF-8; anything else is GB18030', async () => {
    expect((await readOk('a.csv', utf8(SALES))).encoding).toBe('utf-8');
    const t = await readOk('a.csv', gbk(SALES));
    expect(t.encoding).toBe('gb18030');
    expect(t.header).toEqual(['条码', '品名', '销量', '日期']);
    expect(t.rows[0]!.cells[1]).toBe('中华(硬)');
  });

  it('GB18030 four-byte characters (beyond GBK) survive', async () => {
    const text = '条码,品名\r\n6901028075817,𠮷烟\r\n';
    const t = await readOk('a.csv', new Uint8Array(iconv.encode(text, 'gb18030')));
    expect(t.rows[0]!.cells[1]).toBe('𠮷烟');
  });

  it('a UTF-8 BOM in front of GBK text is dropped and the text read as GB18030', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...gbk(SALES)]);
    expect(decodeText(bytes)).toEqual({ ok: true, text: SALES, encoding: 'gb18030' });
  });

  it('a UTF-8 header over GBK rows is mixed; lines are reported 1-based', () => {
    const bytes = new Uint8Array([...utf8('条码,品名,销量,日期\n'), ...gbk('6901028075817,中华(硬),3,2026-11-23\n')]);
    expect(decodeText(bytes)).toEqual({
      ok: false,
      detail: { utf8Lines: 1, otherLines: 1, firstUtf8LineNo: 1, firstOtherLineNo: 2 },
    });
  });

  it('UTF-8 lines without Chinese (accents, symbols) do not make a GBK file "mixed"', () => {
    const bytes = new Uint8Array([...gbk('条码,品名\n'), ...utf8('6901028075817,Café ×2\n')]);
    const d = decodeText(bytes);
    expect(d.ok && d.encoding).toBe('gb18030');
  });

  const HANZI = [...'中华红塔山芙蓉王黄鹤楼利群南京炫赫门长城雪茄硬软蓝经典新版云烟玉溪白沙娇子双喜七匹狼泰山钻石苏烟贵烟黄山'];

  it('random Chinese GBK files are never taken for mixed encodings (no false alarms)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...HANZI, '(', ')', '1', ','), { minLength: 1, maxLength: 30 }), {
          minLength: 1,
          maxLength: 40,
        }),
        (lines) => {
          const text = `条码,品名,销量,日期\n${lines.map((l) => l.join('')).join('\n')}\n`;
          expect(decodeText(gbk(text))).toEqual({ ok: true, text, encoding: 'gb18030' });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('delimiters', () => {
  it('picks the delimiter under which rows agree on a field count', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1,2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe(',');
  });
});

describe('header row', () => {
  it('skips one-cell title lines and blank lines; data rows keep their line numbers', async () => {
    const text = '张三便利店销售报表\r\n导出时间：2026-11-24\r\n\r\n条码,数量,日期\r\n6901028075817,3,2026-11-23\r\n\r\n6901028075817,1,2026-11-22\r\n';
    const t = await readOk('a.csv', utf8(text));
    expect(t.headerRowNo).toBe(4);
    expect(t.rows.map((r) => r.rowNo)).toEqual([5, 7]);
  });

  it('prefers a row of known column names over a two-cell title line above it', async () => {
    const text = '门店：张三便利店,导出人：李四\r\n条码,数量,日期\r\n6901028075817,3,2026-11-23\r\n';
    const t = await readOk('a.csv', utf8(text));
    expect(t.header).toEqual(['条码', '数量', '日期']);
  });

  it('takes an unknown header when it is text, and refuses a file with no header at all', () => {
    const row = (rowNo: number, ...cells: string[]) => ({ rowNo, cells });
    expect(findHeaderRow([row(1, '货号', '件', '日子'), row(2, '6901028075817', '3', '2026-11-23')])).toEqual({ index: 0 });
    expect(findHeaderRow([row(1, '6901028075817', '3', '2026-11-23')])).toEqual({ reason: 'no_header_row' });
    expect(findHeaderRow([row(1, 'only one cell')])).toEqual({ reason: 'single_column' });
  });

  it('drops trailing empty header cells (a trailing delimiter is not a column)', async () => {
    const t = await readOk('a.csv', utf8('条码,数量,日期,\r\n6901028075817,3,2026-11-23,\r\n'));
    expect(t.header).toEqual(['条码', '数量', '日期']);
  });
});

describe('cells', () => {
  it('trims cells and unwraps ="…" text literals, but leaves real formulas alone', async () => {
    const text = '条码,数量\r\n="6901028075817", 3 \r\n"=""0123""",=1+1\r\n="a"+"b",=SUM(A1:A2)\r\n';
    const t = await readOk('a.csv', utf8(text));
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['6901028075817', '3'],
      ['0123', '=1+1'],
      ['="a"+"b"', '=SUM(A1:A2)'],
    ]);
  });

  it('renders Excel numbers as plain decimals at 15 significant digits', () => {
    expect(renderNumber(6901028075817)).toBe('6901028075817');
    expect(renderNumber(2.9999999999999996)).toBe('3');
    expect(renderNumber(0.1 + 0.2)).toBe('0.3');
    expect(renderNumber(1e21)).toBe('1000000000000000000000');
    expect(renderNumber(1.5e-7)).toBe('0.00000015');
    expect(renderNumber(Number.NaN)).toBe('');
  });

  it('renders Excel dates as the wall-clock values they hold', () => {
    expect(renderDate(new Date('2026-11-23T00:00:00Z'), false)).toBe('2026-11-23');
    expect(renderDate(new Date('2026-11-23T14:05:00Z'), false)).toBe('2026-11-23 14:05:00');
    expect(renderDate(new Date('2026-11-23T14:04:59.9996Z'), false)).toBe('2026-11-23 14:05:00');
    expect(renderDate(new Date('1899-12-30T09:30:00Z'), false)).toBe('09:30:00');
    expect(renderDate(new Date('1904-01-01T09:30:00Z'), true)).toBe('09:30:00');
  });

  it('reads time-only, boolean, error and hyperlink cells from a workbook', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['条码', '时间', '标记', '结果', '链接']);
    sheet.addRow([
      '6901028075817',
      new Date('1899-12-30T14:30:00Z'),
      true,
      { error: '#N/A' },
      { text: '详情', hyperlink: 'https://example.invalid/' },
    ]);
    sheet.getCell('B2').numFmt = 'hh:mm';
    const t = await readOk('a.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));
    expect(t.rows[0]!.cells).toEqual(['6901028075817', '14:30:00', 'TRUE', '#N/A', '详情']);
  });
});

describe('round trip (property)', () => {
  const HANZI = [...'中华红塔山芙蓉王黄鹤楼利群南京炫赫门长城雪茄硬软蓝经典新版盒条包'];
  const delimiters = [',', ';', '\t'] as const;
  const encodings = ['utf-8', 'utf-8-bom', 'gbk'] as const;

  const cellChars = (d: string) =>
    fc.constantFrom(...HANZI, ...'0123456789abcXYZ .()-_/"\'', d, '\n', '（', '）', '：');
  const cell = (d: string) =>
    fc.array(cellChars(d), { maxLength: 12 }).map((cs) => cs.join('').trim());

  it('any table papaparse writes reads back identical, whatever the encoding and delimiter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...delimiters).chain((d) =>
          fc.record({
            delimiter: fc.constant(d),
            encoding: fc.constantFrom(...encodings),
            rows: fc.array(
              fc.tuple(cell(d).filter((c) => c !== ''), cell(d), cell(d), cell(d)).map((r) => [...r]),
              { minLength: 1, maxLength: 20 },
            ),
          }),
        ),
        async ({ delimiter, encoding, rows }) => {
          const header = ['条码', '品名', '数量', '日期'];
          const text = Papa.unparse([header, ...rows], { delimiter, newline: '\r\n' });
          const bytes =
            encoding === 'gbk' ? gbk(text) : utf8(encoding === 'utf-8-bom' ? `\uFEFF${text}` : text);
          const t = await readOk('round-trip.csv', bytes);
          expect(t.encoding).toBe(encoding === 'gbk' ? 'gb18030' : encoding);
          expect(t.header).toEqual(header);
          expect(t.rows.map((r) => r.cells)).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});
