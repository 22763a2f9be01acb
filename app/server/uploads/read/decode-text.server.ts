/**
 * Bytes of a text file → string, with the encoding detected:
 *  - UTF-16 with a byte-order mark (Excel's "Unicode text" export) → 'utf-16le' / 'utf-16be';
 *  - UTF-8 with a BOM → 'utf-8-bom'; valid UTF-8 → 'utf-8';
 *  - anything else → 'gb18030' (a superset of GBK and GB2312, what Chinese Windows and POS systems write),
 *    unless the file mixes encodings (see below).
 * No statistical detector is used: GBK text is almost never valid UTF-8, so "valid UTF-8 or else GB18030" is
 * both exact for real files and fast.
 *
 * Mixed encodings (two exports pasted together, a header typed in another editor): decoding such a file as
 * GB18030 would silently garble the UTF-8 part. A line is counted as *confidently UTF-8* when it is valid
 * UTF-8, contains at least two CJK ideographs, and every non-ASCII character in it is CJK or CJK/full-width
 * punctuation; GBK text forms such a line by accident with a probability far below one in a million per line,
 * while any real Chinese UTF-8 line qualifies. A file with at least one such line and at least one line that
 * is not valid UTF-8 is refused as 'mixed_encoding'.
 */
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export type Decoded =
  | { ok: true; text: string; encoding: TextEncoding }
  | { ok: false; detail: { utf8Lines: number; otherLines: number; firstUtf8LineNo: number; firstOtherLineNo: number } };

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

type LineClass = 'ascii' | 'cjk_utf8' | 'other_utf8' | 'invalid';

function isCjkIdeograph(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf);
}

function isCjkPunctuationOrFullWidth(cp: number): boolean {
  return (
    (cp >= 0x3000 && cp <= 0x303f) || // CJK symbols and punctuation
    (cp >= 0xff00 && cp <= 0xffef) || // full-width forms
    (cp >= 0x2000 && cp <= 0x206f) // general punctuation (…, “ ”)
  );
}

/** Walks one line's bytes as UTF-8 (no allocation: this runs on every line of every GBK file). */
function classifyLine(bytes: Uint8Array, start: number, end: number): LineClass {
  let ideographs = 0;
  let onlyCjk = true;
  let nonAscii = false;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    nonAscii = true;
    let need: number;
    let cp: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, cp, min] = [1, b & 0x1f, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, cp, min] = [2, b & 0x0f, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, cp, min] = [3, b & 0x07, 0x10000];
    else return 'invalid';
    if (i + need >= end) return 'invalid'; // truncated at the end of the line
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return 'invalid';
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 'invalid';
    if (isCjkIdeograph(cp)) ideographs++;
    else if (!isCjkPunctuationOrFullWidth(cp)) onlyCjk = false;
    i += need + 1;
  }
  if (!nonAscii) return 'ascii';
  return onlyCjk && ideographs >= 2 ? 'cjk_utf8' : 'other_utf8';
}

function findMixing(bytes: Uint8Array): Decoded | null {
  let utf8Lines = 0;
  let otherLines = 0;
  let firstUtf8LineNo = 0;
  let firstOtherLineNo = 0;
  let lineNo = 0;
  let start = 0;
  // 0x0A never occurs inside a GBK or UTF-8 multi-byte character, so splitting on it is safe for both.
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    lineNo++;
    const cls = classifyLine(bytes, start, end);
    if (cls === 'cjk_utf8') {
      utf8Lines++;
      firstUtf8LineNo ||= lineNo;
    } else if (cls === 'invalid') {
      otherLines++;
      firstOtherLineNo ||= lineNo;
    }
    start = end + 1;
  }
  if (utf8Lines === 0 || otherLines === 0) return null;
  return { ok: false, detail: { utf8Lines, otherLines, firstUtf8LineNo, firstOtherLineNo } };
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: utf8Fatal.decode(body), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    // Not valid UTF-8: GBK/GB18030, unless it is a mix. A UTF-8 BOM in front of GBK text (some editors add
    // one on save) is just dropped: the text after it decides.
  }
  const mixed = findMixing(body);
  if (mixed) return mixed;
  return { ok: true, text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030'), encoding: 'gb18030' };
}
