/**
 * The file name of an entry in a zip, as the person who made the zip saw it. The zip format says a name is UTF-8
 * when the entry's general-purpose bit 11 is set (or an Info-ZIP Unicode Path extra field, 0x7075, carries it),
 * and CP437 otherwise; yauzl decodes it so by default (`decodeStrings`). But a zip made on Chinese Windows (the
 * Explorer's "Send to → Compressed folder", older WinRAR and 7-Zip settings) writes names in the system's code page,
 * GBK (CP936), without the flag: read as CP437 they come out as "═╝╞¼", and a GBK character whose second byte is
 * 0x5C ('\') would even split the name at a made-up folder. So names are read from their bytes here: flagged
 * UTF-8 (or a Unicode Path field whose checksum matches) as the spec says; otherwise UTF-8 when the bytes are valid
 * UTF-8 and read as text a Chinese county writes — Chinese (ideographs, CJK and full-width punctuation) or Western
 * letters (macOS and Linux tools write UTF-8 without the flag) — and GB18030, a superset of GBK, for anything else.
 * Valid UTF-8 alone is not enough for a short name: "图片" in GBK (CD BC C6 AC) is valid UTF-8 for "ͼƬ".
 * Backslashes then read as folder separators (zips made by .NET's ZipFile use them).
 *
 * Nothing here writes an entry to disk by its name (the name only places a picture and is shown, as text), so the
 * path checks of yauzl's validateFileName are not needed by the callers.
 */
import iconv from 'iconv-lite';
import yauzl from 'yauzl';

const UTF8_FLAG = 0x800;
const UNICODE_PATH_FIELD = 0x7075;
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

export type ZipNameSource = Pick<yauzl.Entry, 'fileNameRaw' | 'generalPurposeBitFlag' | 'extraFields'>;

export function zipEntryName(entry: ZipNameSource): string {
  const raw = entry.fileNameRaw;
  let name: string | null = null;
  if (entry.generalPurposeBitFlag & UTF8_FLAG) {
    name = raw.toString('utf8');
  } else if (entry.extraFields.some((f) => f.id === UNICODE_PATH_FIELD)) {
    // yauzl reads the field and checks its checksum; when it did not use it, its answer is the CP437 reading.
    const withField = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
    if (withField !== yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, [], true)) name = withField;
  }
  if (name === null) {
    const utf8 = asUtf8(raw);
    name = utf8 !== null && [...utf8].every(isLikelyChar) ? utf8 : iconv.decode(raw, 'gb18030');
  }
  return name.replace(/\\/g, '/');
}

function asUtf8(raw: Buffer): string | null {
  try {
    return utf8Fatal.decode(raw);
  } catch {
    return null;
  }
}

/** A character a file name made in a Chinese county plausibly holds: ASCII, Chinese, or a Western letter. */
function isLikelyChar(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    cp < 0x80 ||
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK ideographs
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK extension A
    (cp >= 0x3000 && cp <= 0x303f) || // CJK symbols and punctuation
    (cp >= 0xff00 && cp <= 0xffef) || // full-width forms
    (cp >= 0x2000 && cp <= 0x206f) || // general punctuation (…, “ ”)
    (cp >= 0xc0 && cp <= 0x17f && cp !== 0xd7 && cp !== 0xf7) || // Latin-1 and Latin Extended-A letters
    (cp >= 0x300 && cp <= 0x36f) // combining accents (macOS writes é as e + U+0301)
  );
}
