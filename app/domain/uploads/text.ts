/**
 * Text normalisation shared by header recognition and cell parsing. Shops type on Chinese IMEs, which produce
 * full-width digits, letters and punctuation (１２, ＡＢＣ, （）, ：); NFKC folds those to their ASCII forms.
 */

const NON_ASCII = /[\u0080-\uffff]/; // astral characters are surrogate pairs, inside this range too

/**
 * Full-width → half-width, trimmed (String.trim also removes U+3000 ideographic and U+00A0 no-break spaces).
 * ASCII needs no normalising, and skipping it keeps a 100k-row file's cells cheap.
 */
export function fold(value: string): string {
  return (NON_ASCII.test(value) ? value.normalize('NFKC') : value).trim();
}

const BRACKETED = /[([{<《【][^)\]}>》】]*[)\]}>》】]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/**
 * A header or keyword reduced to letters and digits, lower-case, with bracketed notes removed, so that
 * '数量(盒)', ' 数 量 ', 'Qty (packs)' and 'QTY' compare as '数量' / 'qty'. A header that is nothing but a bracketed
 * note keeps its contents.
 */
export function headerKey(value: string): string {
  const folded = value.normalize('NFKC').toLowerCase();
  const key = folded.replace(BRACKETED, '').replace(NOT_LETTER_OR_DIGIT, '');
  return key || folded.replace(NOT_LETTER_OR_DIGIT, '');
}
