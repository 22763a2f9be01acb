/**
 * Hostile .xlsx files made on the spot (a few hundred KB; nothing large is committed): a workbook whose sheet
 * unpacks to far more than any real sheet ("zip bomb"), optionally lying about its unpacked size in the zip's
 * headers, or made of very many parts. A minimal zip writer, because no zip library writes headers that lie.
 */
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

const MIB = 1024 * 1024;

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_ROWS = '<row r="1"><c r="A1" t="inlineStr"><is><t>条码</t></is></c><c r="B1" t="inlineStr"><is><t>数量</t></is></c></row>';
const SHEET_TAIL = '</sheetData></worksheet>';

async function deflate(parts: Buffer[]): Promise<{ data: Buffer; crc: number; size: number }> {
  // One deflate stream over the pieces, without holding the unpacked whole in memory.
  let crc = 0;
  let size = 0;
  for (const p of parts) {
    crc = zlib.crc32(p, crc);
    size += p.length;
  }
  const out: Buffer[] = [];
  const deflater = zlib.createDeflateRaw({ level: 9 });
  deflater.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => deflater.on('end', resolve).on('error', reject));
  for (const p of parts) if (!deflater.write(p)) await new Promise((r) => deflater.once('drain', r));
  deflater.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

/**
 * How a name is written: UTF-8 with the UTF-8 flag (bit 11), as the spec asks; in GBK without the flag, as Chinese
 * Windows' "Compressed folder" writes it; in UTF-8 without the flag, as some macOS and Linux tools do.
 */
export type ZipNameEncoding = 'utf8' | 'gbk' | 'utf8-unflagged';

/** A zip of the parts, each deflated; the headers carry `declaredSize` when given. */
async function zip(parts: Array<{ name: string; pieces: Buffer[]; declaredSize?: number; nameEncoding?: ZipNameEncoding }>): Promise<Buffer> {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, crc, size } = await deflate(part.pieces);
    const name = part.nameEncoding === 'gbk' ? iconv.encode(part.name, 'gbk') : Buffer.from(part.name, 'utf8');
    const flags = (part.nameEncoding ?? 'utf8') === 'utf8' ? 0x0800 : 0;
    const declared = part.declaredSize ?? size;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(flags, 6); // 0x0800: the name is UTF-8
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(0x5b21, 12); // 2025-09-01
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(declared, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(0x5b21, 14);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, name, data);
    central.push(entry, name);
    offset += header.length + name.length + data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

function workbookParts(sheetPieces: Buffer[], declaredSheetSize?: number) {
  return [
    { name: '[Content_Types].xml', pieces: [Buffer.from(CONTENT_TYPES)] },
    { name: '_rels/.rels', pieces: [Buffer.from(ROOT_RELS)] },
    { name: 'xl/workbook.xml', pieces: [Buffer.from(WORKBOOK)] },
    { name: 'xl/_rels/workbook.xml.rels', pieces: [Buffer.from(WORKBOOK_RELS)] },
    { name: 'xl/worksheets/sheet1.xml', pieces: sheetPieces, declaredSize: declaredSheetSize },
  ];
}

/**
 * A workbook whose one sheet is well-formed XML padded with blanks to `unpackedMib` MiB (the file itself is
 * about 1/1000 of that). `lie`: the zip's headers declare the sheet as 2 KB.
 */
export async function zipBombXlsx(unpackedMib: number, opts: { lie?: boolean } = {}): Promise<Uint8Array> {
  const blanks = Buffer.alloc(MIB, ' ');
  const pieces = [Buffer.from(SHEET_HEAD + SHEET_ROWS), ...Array.from({ length: unpackedMib }, () => blanks), Buffer.from(SHEET_TAIL)];
  return new Uint8Array(await zip(workbookParts(pieces, opts.lie ? 2048 : undefined)));
}

/** A small, valid-looking workbook with `count` extra parts (each a few bytes). */
export async function manyPartsXlsx(count: number): Promise<Uint8Array> {
  const extra = Array.from({ length: count }, (_, i) => ({ name: `xl/media/part${i}.xml`, pieces: [Buffer.from('<x/>')] }));
  return new Uint8Array(await zip([...workbookParts([Buffer.from(SHEET_HEAD + SHEET_ROWS + SHEET_TAIL)]), ...extra]));
}

/**
 * A zip of the given files (issue 19's zips of pictures); `declaredSize` makes a file's headers lie about its
 * unpacked size, `unpackedMib` pads a file with that many MiB of blanks (a bomb in a zip of pictures), and
 * `nameEncoding` writes its name as a zip made elsewhere would (GBK from Chinese Windows).
 */
export async function zipOf(files: Array<{ name: string; bytes?: Uint8Array; unpackedMib?: number; declaredSize?: number; nameEncoding?: ZipNameEncoding }>): Promise<Uint8Array> {
  const blanks = Buffer.alloc(MIB, ' ');
  return new Uint8Array(
    await zip(
      files.map((f) => ({
        name: f.name,
        pieces: [Buffer.from(f.bytes ?? new Uint8Array()), ...Array.from({ length: f.unpackedMib ?? 0 }, () => blanks)],
        declaredSize: f.declaredSize,
        nameEncoding: f.nameEncoding,
      })),
    ),
  );
}
