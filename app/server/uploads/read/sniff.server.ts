/**
 * What kind of file this is, from its first bytes first and its name second: shops rename files, and POS
 * systems write "Excel" exports that are really CSV, TSV or HTML. Content wins over the extension, except
 * that zip-based formats we cannot read (.xlsb, .ods, .docx, …) are refused by name.
 */
export type Sniffed =
  | { type: 'xlsx' }
  | { type: 'text' }
  | { type: 'corrupt_xlsx' }
  | { type: 'unsupported'; detail: Record<string, string> };

const TEXT_EXTENSIONS = new Set(['', 'csv', 'txt', 'tsv', 'xls']);
const XLSX_EXTENSIONS = new Set(['', 'xlsx', 'xlsm', 'csv', 'txt', 'xls']);
/** How many leading bytes decide whether a file is text. */
const SNIFF_BYTES = 8192;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

const SAVE_AS = 'save_as_xlsx_or_csv';

const BINARY_MAGIC: Array<{ magic: number[]; type: string }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], type: 'pdf' }, // %PDF
  { magic: [0x89, 0x50, 0x4e, 0x47], type: 'image' }, // PNG
  { magic: [0xff, 0xd8, 0xff], type: 'image' }, // JPEG
  { magic: [0x47, 0x49, 0x46, 0x38], type: 'image' }, // GIF
  { magic: [0x42, 0x4d], type: 'image' }, // BMP
  { magic: [0x52, 0x61, 0x72, 0x21], type: 'archive' }, // RAR
  { magic: [0x37, 0x7a, 0xbc, 0xaf], type: 'archive' }, // 7z
  { magic: [0x1f, 0x8b], type: 'archive' }, // gzip
];

export function sniffFile(fileName: string, bytes: Uint8Array): Sniffed {
  const ext = extensionOf(fileName);
  const unsupported = (type: string, hint?: string): Sniffed => ({
    type: 'unsupported',
    detail: hint ? { type, ext, hint } : { type, ext },
  });

  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return XLSX_EXTENSIONS.has(ext) ? { type: 'xlsx' } : unsupported('extension');
  }
  // OLE2 compound file: Excel 97–2003 .xls (also old .doc/.ppt, refused the same way).
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return unsupported('xls', SAVE_AS);
  for (const { magic, type } of BINARY_MAGIC) if (startsWith(bytes, magic)) return unsupported(type);
  if (ext === 'xlsx' || ext === 'xlsm') return { type: 'corrupt_xlsx' };
  if (!TEXT_EXTENSIONS.has(ext)) return unsupported('extension');

  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (!utf16 && head.includes(0)) return unsupported('binary');
  // HTML or XML ("网页格式" Excel exports, Excel 2003 XML): '<' first, after a UTF-8 BOM and blanks.
  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (!utf16 && head[i] === 0x3c) return unsupported('html', SAVE_AS);
  return { type: 'text' };
}
