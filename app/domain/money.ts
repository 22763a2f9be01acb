/** Money is integer fen (分) everywhere; these are the only places it becomes yuan, for display. */

export function assertFen(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money must be an integer number of fen, got ${fen}`);
  return fen;
}

/** Line amount: cartons × price per carton, in fen. */
export function lineAmountFen(qtyCartons: number, priceFenPerCarton: number): number {
  return assertFen(qtyCartons * assertFen(priceFenPerCarton));
}

/** "1,234.56" — yuan with exactly two decimals, computed from integers so no float rounding creeps in. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${yuan}.${cents}`;
}

/** Parses "12.5" / "12.50" / "1,234" yuan into fen; null when it is not a money amount. */
export function parseYuanToFen(text: string): number | null {
  const m = /^\s*(-)?([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)(?:\.([0-9]{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const whole = Number(m[2]!.replace(/,/g, ''));
  const cents = Number((m[3] ?? '').padEnd(2, '0'));
  const fen = whole * 100 + cents;
  return Number.isSafeInteger(fen) ? (m[1] ? -fen : fen) : null;
}

/** "1234.56": yuan with two decimals and no grouping, for spreadsheets and other machines. */
export function yuanString(fen: number): string {
  return formatYuan(fen).replace(/,/g, '');
}
