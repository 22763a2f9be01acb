/**
 * Every read error, produced for real (by readTable, the zip check and the worker pool) and rendered with the
 * detail it really carries, in both languages: no message is left with a '{{…}}' it was not given (the
 * 200,001-row file used to read "上限 {{max}} 行"), each names its file, and no Excel message talks of commas.
 *
 * The worker pool here runs with a small heap and a queue of one (set before the pool starts), so a large file
 * and a burst of files are refused as 'too_complex' and 'busy' for real.
 */
process.env.UPLOAD_READ_HEAP_MB = '64';
process.env.UPLOAD_READ_QUEUE = '1';

import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { createInstance, type TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { i18nConfig, supportedLanguages } from '~/i18n/config';
import { resources } from '~/i18n/resources';
import type { ReadError, ReadErrorCode } from '~/domain/uploads/read-errors';
import { closeReadPool, readUpload } from '~/server/uploads/read-pool.server';
import { readTable } from '~/server/uploads/read-table.server';
import { checkZipLimits, ZIP_LIMITS } from '~/server/uploads/read/zip-limits.server';
import { READ_ERROR_CODES, readErrorMessage } from '~/ui/uploads/read-error-message';
import { manyPartsXlsx, zipBombXlsx } from '../support/zip-bomb';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const MIB = 1024 * 1024;

async function xlsx(sheets: Record<string, Array<Array<string | number>>>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

async function failure(read: Promise<{ ok: boolean; error?: ReadError }>): Promise<ReadError> {
  const r = await read;
  if (r.ok || !r.error) throw new Error('expected a read error');
  return r.error;
}

/** [what the case is, the file name the user chose, the error as the reader gave it]. */
const cases: Array<[string, string, ReadError]> = [];

beforeAll(async () => {
  const zipError = async (bytes: Uint8Array, limits = ZIP_LIMITS): Promise<ReadError> => {
    const r = await checkZipLimits(bytes, limits);
    if (r.ok || r.code !== 'archive_too_large') throw new Error('expected archive_too_large');
    return { code: r.code, detail: { ...r.detail } };
  };
  const sales = '条码,数量,日期\r\n6901028075817,3,2026-11-23\r\n6901028075824,2,2026-11-23\r\n';
  cases.push(
    ['empty', 'a.csv', await failure(readTable('a.csv', new Uint8Array()))],
    ['too large', 'a.csv', await failure(readTable('a.csv', utf8(sales), { maxBytes: 10 }))],
    ['too many rows (text)', 'a.csv', await failure(readTable('a.csv', utf8(sales), { maxRows: 1 }))],
    ['too many rows (sheet)', 'b.xlsx', await failure(readTable('b.xlsx', await xlsx({ 数据: [['条码', '数量', '日期'], ['1', 1, 'x'], ['2', 2, 'y']] }), { maxRows: 1 }))],
    ['no table (text)', 'c.csv', await failure(readTable('c.csv', utf8('just|one|column\r\nno|delimiters|here\r\n')))],
    ['no table (sheet)', 'd.xlsx', await failure(readTable('d.xlsx', await xlsx({ 说明: [['请在下一个工作表填写']] })))],
    ['corrupt', 'e.xlsx', await failure(readTable('e.xlsx', utf8(sales)))],
    ['unsupported', 'f.pdf', await failure(readTable('f.pdf', utf8('%PDF-1.4 …')))],
    ['mixed encodings', 'g.csv', await failure(readTable('g.csv', new Uint8Array(fs.readFileSync(path.join('tests/fixtures/uploads', 'broken-mixed-encoding.csv')))))],
    ['zip: too many parts', 'h.xlsx', await zipError(await manyPartsXlsx(ZIP_LIMITS.maxEntries))],
    ['zip: a part too large', 'i.xlsx', await zipError(await zipBombXlsx(200))],
    ['zip: all parts too large', 'j.xlsx', await zipError(await zipBombXlsx(3), { ...ZIP_LIMITS, maxTotalBytes: 2 * MIB, ratioFloorBytes: 64 * MIB })],
    ['zip: unpacks too far', 'k.xlsx', await zipError(await zipBombXlsx(20))],
    // gzip, where a caller accepts it (the replay's histories).
    ['gzip: damaged', 'n.csv.gz', await failure(readTable('n.csv.gz', new Uint8Array(gzipSync(Buffer.from(sales.repeat(20)))).subarray(0, 40), { gzip: true }))],
    ['gzip: unpacks too far', 'o.csv.gz', await failure(readTable('o.csv.gz', new Uint8Array(gzipSync(Buffer.from(sales.repeat(20_000)))), { gzip: true, maxBytes: MIB }))],
  );
  // The worker pool: a file needing more heap than the worker has (a 60,000-row workbook in 64 MB), then five
  // files at once with one reader and a queue of one.
  const rows: Array<Array<string | number>> = [['条码', '品名', '数量', '日期', '备注']];
  for (let i = 0; i < 60_000; i++) rows.push([`69010280${String(i).padStart(5, '0')}`, `卷烟 ${i}`, 1 + (i % 5), '2026-11-23', `第 ${i} 行`]);
  const heavy = await readUpload('l.xlsx', await xlsx({ 销售: rows }));
  if (heavy.ok) throw new Error('expected the heavy workbook refused');
  cases.push(['reader out of memory', 'l.xlsx', heavy.error]);
  const bomb = await zipBombXlsx(100, { lie: true });
  const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => readUpload(`m${i}.xlsx`, bomb)));
  const busy = burst.findIndex((r) => !r.ok && r.error.code === 'busy');
  if (busy < 0) throw new Error(`expected a busy refusal: ${JSON.stringify(burst.map((r) => (r.ok ? 'ok' : r.error.code)))}`);
  cases.push(['readers busy', `m${busy}.xlsx`, (burst[busy] as { error: ReadError }).error]);
}, 120_000);

afterAll(async () => {
  await closeReadPool();
  // The worker process may run other test files next.
  delete process.env.UPLOAD_READ_HEAP_MB;
  delete process.env.UPLOAD_READ_QUEUE;
});

describe('read error messages', () => {
  it('the cases cover every ReadErrorCode', () => {
    expect(new Set(cases.map(([, , e]) => e.code))).toEqual(new Set<ReadErrorCode>(READ_ERROR_CODES));
    expect(cases.find(([what]) => what === 'reader out of memory')![2].code).toBe('too_complex');
    expect(cases.find(([what]) => what === 'readers busy')![2].code).toBe('busy');
  });

  for (const lng of supportedLanguages) {
    it(`${lng}: every message is complete, names its file (and sheet), and an Excel one never mentions commas`, async () => {
      const i18n = createInstance({ ...i18nConfig, resources, lng });
      await i18n.init();
      const t: TFunction = i18n.getFixedT(lng);
      for (const [what, fileName, error] of cases) {
        const message = readErrorMessage(t, error.code, error.detail, fileName)!;
        expect(message, what).toBeTruthy();
        expect(message, what).not.toMatch(/{{|}}|undefined|NaN/);
        if (!['too_large', 'busy'].includes(error.code)) expect(message, what).toContain(fileName);
        if (typeof error.detail?.sheet === 'string') expect(message, what).toContain(error.detail.sheet);
        if (fileName.endsWith('.xlsx')) expect(message, what).not.toMatch(/逗号|comma|delimit|separat/i);
      }
    });
  }

  it('states the limits and counts the reader applied', async () => {
    const i18n = createInstance({ ...i18nConfig, resources, lng: 'zh-CN' });
    await i18n.init();
    const t: TFunction = i18n.getFixedT('zh-CN');
    const [, , rows] = cases.find(([what]) => what === 'too many rows (sheet)')!;
    expect(readErrorMessage(t, rows.code, rows.detail, 'b.xlsx')).toBe('「b.xlsx」的工作表「数据」的行数太多：2 行，上限 1 行。请分成几个文件上传。');
    expect(readErrorMessage(t, 'too_large', { bytes: 30 * MIB, maxBytes: 5 * MIB }, 'caps.xlsx')).toContain('上限 5 MB');
    const [, , unpacked] = cases.find(([what]) => what === 'gzip: unpacks too far')!;
    expect(readErrorMessage(t, unpacked.code, unpacked.detail, 'o.csv.gz')).toBe('「o.csv.gz」解压后超过 1 MB（单个文件的上限）。请分成几个文件上传。');
  });
});
