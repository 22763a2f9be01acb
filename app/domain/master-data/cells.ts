/**
 * Cells of master-data files, one parser per kind of value. Each returns the value or the problem code that
 * says why not. Cells arrive trimmed (see app/domain/uploads/table.ts); full-width forms are folded here.
 */
import { parseYuanToFen } from '../money';
import { parseBarcodeCell } from '../uploads/cells';
import { parseDateCell } from '../uploads/dates';
import { fold, headerKey } from '../uploads/text';
import type { FieldValue, MasterProblemCode } from './types';

export type CellResult<T extends FieldValue = FieldValue> = { ok: true; value: T } | { ok: false; code: MasterProblemCode };
const fail = (code: MasterProblemCode) => ({ ok: false as const, code });
const ok = <T extends FieldValue>(value: T) => ({ ok: true as const, value });

/** Excel's "text" marker and a number printed as a float ('440300100001.0'). */
function digitsOf(raw: string): string {
  return fold(raw).replace(/^'/, '').replace(/\s+/g, '').replace(/\.0+$/, '');
}

export function parseText(max: number) {
  return (raw: string): CellResult<string> => {
    const v = fold(raw).replace(/\s+/g, ' ');
    return v.length > max ? fail('too_long') : ok(v);
  };
}

/** 许可证号: exactly 12 digits (a number in scientific notation has lost its digits for good). */
export function parseLicence(raw: string): CellResult<string> {
  const v = digitsOf(raw);
  return /^\d{12}$/.test(v) ? ok(v) : fail('bad_licence');
}

/** Spec, manager and station codes: letters, digits, '-', '_' and '.', up to 32 characters. */
export function parseCode(raw: string): CellResult<string> {
  const v = digitsOf(raw);
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(v) ? ok(v) : fail('bad_code');
}

/** Phone numbers as people write them: digits with spaces, dashes, brackets or a leading +. */
export function parsePhone(raw: string): CellResult<string> {
  const v = fold(raw).replace(/^'/, '');
  return /^\+?[\d\s()-]{5,20}$/.test(v) && /\d{5}/.test(v.replace(/\D/g, '')) ? ok(v.replace(/\s+/g, ' ')) : fail('bad_phone');
}

/** 档位 1–30; '12档' and '12.0' are 12. */
export function parseGrade(raw: string): CellResult<number> {
  const v = digitsOf(raw).replace(/档$/, '');
  const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
  return n >= 1 && n <= 30 ? ok(n) : fail('bad_grade');
}

const WEEKDAYS: Record<string, number> = {};
(
  [
    [1, ['1', '一', '周一', '星期一', '礼拜一', 'mon', 'monday']],
    [2, ['2', '二', '周二', '星期二', '礼拜二', 'tue', 'tues', 'tuesday']],
    [3, ['3', '三', '周三', '星期三', '礼拜三', 'wed', 'wednesday']],
    [4, ['4', '四', '周四', '星期四', '礼拜四', 'thu', 'thur', 'thurs', 'thursday']],
    [5, ['5', '五', '周五', '星期五', '礼拜五', 'fri', 'friday']],
    [6, ['6', '六', '周六', '星期六', '礼拜六', 'sat', 'saturday']],
    [7, ['7', '日', '天', '周日', '周天', '星期日', '星期天', '礼拜日', '礼拜天', 'sun', 'sunday']],
  ] as const
).forEach(([n, words]) => words.forEach((w) => (WEEKDAYS[headerKey(w)] = n)));

/** 订货日 as an ISO weekday 1 (Monday) … 7 (Sunday): '周三', '星期三', '3', 'Wed'. */
export function parseWeekday(raw: string): CellResult<number> {
  const n = WEEKDAYS[headerKey(digitsOf(raw))];
  return n ? ok(n) : fail('bad_weekday');
}

export const BUSINESS_TYPES = ['grocery', 'convenience', 'supermarket', 'tobacco_liquor', 'entertainment', 'catering', 'other'] as const;
const BUSINESS_WORDS: Record<string, (typeof BUSINESS_TYPES)[number]> = {};
(
  [
    ['grocery', ['食杂店', '食杂', '副食店', '小卖部', 'grocery']],
    ['convenience', ['便利店', '便利', 'convenience', 'convenience store']],
    ['supermarket', ['超市', '商场', 'supermarket']],
    ['tobacco_liquor', ['烟酒店', '烟酒', '名烟名酒', 'tobacco_liquor', 'tobacco liquor', 'tobacco and liquor', 'tobacco & liquor']],
    ['entertainment', ['娱乐服务', '娱乐', '娱乐服务类', 'entertainment']],
    ['catering', ['餐饮', '餐饮店', '饭店', 'catering', 'restaurant']],
    ['other', ['其他', '其它', 'other']],
  ] as const
).forEach(([code, words]) => words.forEach((w) => (BUSINESS_WORDS[headerKey(w)] = code)));

/** 业态, in Chinese or as the English code. */
export function parseBusinessType(raw: string): CellResult<string> {
  const code = BUSINESS_WORDS[headerKey(raw)];
  return code ? ok(code) : fail('bad_business_type');
}

const MARKET_WORDS: Record<string, 'urban' | 'rural'> = {};
(
  [
    ['urban', ['城镇', '城网', '城市', '城区', '城', 'urban', 'city', 'town']],
    ['rural', ['乡村', '农网', '农村', '乡', 'rural', 'village', 'countryside']],
  ] as const
).forEach(([code, words]) => words.forEach((w) => (MARKET_WORDS[headerKey(w)] = code)));

/** 市场类型 城镇 / 乡村 (also 城网 / 农网), or urban / rural. */
export function parseMarketType(raw: string): CellResult<string> {
  const code = MARKET_WORDS[headerKey(raw)];
  return code ? ok(code) : fail('bad_market_type');
}

/** Yuan with up to two decimals ('¥1,234.50', '98元') → fen; never negative. */
export function parseYuan(raw: string): CellResult<number> {
  const v = fold(raw).replace(/^'/, '').replace(/^[¥￥]/, '').replace(/元$/, '').trim();
  const fen = parseYuanToFen(v);
  return fen === null || fen < 0 || fen > 100_000_000_00 ? fail('bad_money') : ok(fen);
}

const TRUE_WORDS = new Set(['1', '是', '有', '对', 'y', 'yes', 'true', '√', '✓', 't']);
const FALSE_WORDS = new Set(['0', '否', '无', '不是', 'n', 'no', 'false', '×', 'x', 'f']);

/** Flags as 0/1: 是/否, Y/N, yes/no, true/false, 1/0, √/×. */
export function parseFlag(raw: string): CellResult<number> {
  const v = fold(raw).replace(/^'/, '').toLowerCase();
  if (TRUE_WORDS.has(v)) return ok(1);
  if (FALSE_WORDS.has(v)) return ok(0);
  return fail('bad_flag');
}

/** A calendar day ('2026-11-23', '2026/11/23', '2026年11月23日', an Excel date); a time of day is not allowed. */
export function parseDay(raw: string): CellResult<string> {
  const d = parseDateCell(raw);
  return d && d.time === null ? ok(d.day) : fail('bad_date');
}

export function parseBarcode(raw: string): CellResult<string> {
  const r = parseBarcodeCell(raw);
  return r.ok ? ok(r.value) : fail('bad_barcode');
}

/** 每条盒数, 1–50 (normally 10). */
export function parsePacksPerCarton(raw: string): CellResult<number> {
  const v = digitsOf(raw);
  const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
  return n >= 1 && n <= 50 ? ok(n) : fail('bad_packs_per_carton');
}

const CLASS_WORDS: Record<string, number> = {};
(
  [
    [1, ['1', '一', '一类', '一类烟', '1类', 'class 1', 'c1', 'i']],
    [2, ['2', '二', '二类', '二类烟', '2类', 'class 2', 'c2', 'ii']],
    [3, ['3', '三', '三类', '三类烟', '3类', 'class 3', 'c3', 'iii']],
    [4, ['4', '四', '四类', '四类烟', '4类', 'class 4', 'c4', 'iv']],
    [5, ['5', '五', '五类', '五类烟', '5类', 'class 5', 'c5', 'v']],
  ] as const
).forEach(([n, words]) => words.forEach((w) => (CLASS_WORDS[headerKey(w)] = n)));

/** 价类 一类 … 五类 (also 1–5, 'Class 2'). */
export function parsePriceClass(raw: string): CellResult<number> {
  const n = CLASS_WORDS[headerKey(digitsOf(raw))];
  return n ? ok(n) : fail('bad_price_class');
}
