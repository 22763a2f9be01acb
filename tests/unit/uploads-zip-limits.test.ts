/**
 * Excel files are zips: the reader checks what a workbook unpacks to — declared in its headers and actually
 * inflated — before parsing it, so a few hundred KB that unpack to hundreds of MiB are refused at once.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from '~/server/uploads/read-table.server';
import { checkZipLimits, ZIP_LIMITS } from '~/server/uploads/read/zip-limits.server';
import { manyPartsXlsx, zipBombXlsx } from '../support/zip-bomb';

describe('zip limits', () => {
  it('refuses a sheet that declares 300 MiB unpacked, naming the part and the limit', async () => {
    const bomb = await zipBombXlsx(300);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await readTable('销售.xlsx', bomb)).toEqual({
      ok: false,
      error: { code: 'archive_too_large', detail: { reason: 'entry_size', entry: 'xl/worksheets/sheet1.xml', sizeMb: 301, maxMb: 128 } },
    });
  });

  it('refuses a sheet whose headers lie about its size, once inflating passes the limit', async () => {
    const liar = await zipBombXlsx(300, { lie: true });
    const r = await readTable('销售.xlsx', liar);
    expect(r).toMatchObject({ ok: false, error: { code: 'archive_too_large', detail: { reason: 'entry_size', entry: 'xl/worksheets/sheet1.xml', maxMb: 128 } } });
  });

  it('refuses a workbook that unpacks to more than 100 times its size past 16 MiB', async () => {
    const r = await readTable('销售.xlsx', await zipBombXlsx(20));
    expect(r).toMatchObject({ ok: false, error: { code: 'archive_too_large', detail: { reason: 'ratio' } } });
  });

  it('refuses a workbook of more parts than any real one has', async () => {
    expect(await checkZipLimits(await manyPartsXlsx(ZIP_LIMITS.maxEntries))).toEqual({
      ok: false,
      code: 'archive_too_large',
      detail: { reason: 'entries', entries: ZIP_LIMITS.maxEntries + 5, maxEntries: ZIP_LIMITS.maxEntries },
    });
  });

  it('passes a real workbook', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('s').addRows([['条码', '数量', '日期'], ['6901028075817', 3, '2026-11-23']]);
    expect(await checkZipLimits(new Uint8Array(await book.xlsx.writeBuffer()))).toMatchObject({ ok: true, sheetBytes: expect.any(Number) as unknown });
  });
});
