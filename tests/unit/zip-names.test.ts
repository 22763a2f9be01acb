/**
 * Names of files in a zip (issue 19's zips of pictures): UTF-8 when the entry says so (bit 11, or an Info-ZIP
 * Unicode Path field whose checksum matches the name), otherwise valid UTF-8 as UTF-8 and anything else as GBK
 * (GB18030), what Chinese Windows writes without saying so; backslashes are folder separators.
 */
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { zipEntryName, type ZipNameSource } from '~/server/uploads/read/zip-names.server';

const gbk = (s: string) => iconv.encode(s, 'gbk');
const entry = (raw: Buffer, flag = 0, extraFields: ZipNameSource['extraFields'] = []): ZipNameSource => ({ fileNameRaw: raw, generalPurposeBitFlag: flag, extraFields });
/** An Info-ZIP Unicode Path extra field (0x7075): version 1, the CRC-32 of the header's name, the name in UTF-8. */
const unicodePath = (headerName: Buffer, name: string, crc = zlib.crc32(headerName)) => {
  const data = Buffer.alloc(5);
  data.writeUInt8(1, 0);
  data.writeUInt32LE(crc >>> 0, 1);
  return { id: 0x7075, data: Buffer.concat([data, Buffer.from(name, 'utf8')]) };
};

describe('file names in a zip', () => {
  it('flagged UTF-8 is UTF-8', () => {
    expect(zipEntryName(entry(Buffer.from('新品图片/6901028075015.jpg'), 0x800))).toBe('新品图片/6901028075015.jpg');
  });

  it('unflagged names from Chinese Windows are GBK', () => {
    expect(zipEntryName(entry(gbk('新品图片/中华（软）.jpg')))).toBe('新品图片/中华（软）.jpg');
    // A GBK character whose second byte is 0x5C stays one character, not a folder separator.
    expect(gbk('淺').toString('hex')).toBe('9c5c');
    expect(zipEntryName(entry(gbk('淺色/002.jpg')))).toBe('淺色/002.jpg');
  });

  it('unflagged valid UTF-8 (macOS, Linux tools) is UTF-8; ASCII is ASCII', () => {
    expect(zipEntryName(entry(Buffer.from('芙蓉王.png')))).toBe('芙蓉王.png');
    expect(zipEntryName(entry(Buffer.from('pics/002.JPG')))).toBe('pics/002.JPG');
    expect(zipEntryName(entry(Buffer.from('café/crème.jpg')))).toBe('café/crème.jpg');
    expect(zipEntryName(entry(Buffer.from('cafe\u0301.jpg')))).toBe('cafe\u0301.jpg');
  });

  it('GBK that happens to be valid UTF-8 is still GBK: "图片" is CD BC C6 AC, "ͼƬ" in UTF-8', () => {
    expect(gbk('图片').toString('utf8')).toBe('ͼƬ');
    expect(zipEntryName(entry(gbk('图片/002.jpg')))).toBe('图片/002.jpg');
    // Every name of Chinese text in the common range comes back as written, whatever its bytes look like.
    const sample = '新品推介图片中华芙蓉王黄鹤楼云烟玉溪红塔山利群南京苏烟泰山贵烟娇子长白山七匹狼钻石红双喜白沙黄山好猫真龙（软）（硬）细支';
    for (let i = 0; i + 2 <= sample.length; i++) expect(zipEntryName(entry(gbk(`${sample.slice(i, i + 2)}.jpg`)))).toBe(`${sample.slice(i, i + 2)}.jpg`);
  });

  it('an Info-ZIP Unicode Path field is used when its checksum matches the name, else the name’s own bytes decide', () => {
    const raw = gbk('黄鹤楼.jpg');
    expect(zipEntryName(entry(raw, 0, [unicodePath(raw, '黄鹤楼（硬）.jpg')]))).toBe('黄鹤楼（硬）.jpg');
    expect(zipEntryName(entry(raw, 0, [unicodePath(raw, '别的名字.jpg', 12345)]))).toBe('黄鹤楼.jpg');
  });

  it('backslashes (.NET’s ZipFile) are folder separators', () => {
    expect(zipEntryName(entry(Buffer.from('pics\\002.jpg')))).toBe('pics/002.jpg');
    expect(zipEntryName(entry(gbk('图片\\002.jpg')))).toBe('图片/002.jpg');
  });
});
