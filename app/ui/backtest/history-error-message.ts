/**
 * Why the staff backtest page refused an uploaded history (or its trading-day list), in the user's language: a
 * read error in the uploads' words (read-error-message.ts), or the history's own reasons, each naming the file
 * and, for a bad cell, its row and column. Used in the browser (useTranslation's t) and by tests (a fixed t).
 */
import type { TFunction } from 'i18next';
import { MAX_QTY_PER_LINE } from '~/domain/uploads/limits';
import { formatQuantity } from '../format';
import { readErrorMessage } from '../uploads/read-error-message';

type Detail = Record<string, string | number> | undefined;

/** The words for a history cell's problem code (missing_value, bad_date, not_a_number, …). */
export function historyProblemReason(t: TFunction<'common'>, code: string): string {
  return t(`backtest.file.problem.${code as 'missing_value'}`, { max: MAX_QTY_PER_LINE.toLocaleString('en-US') });
}

export function historyErrorMessage(t: TFunction<'common'>, code: string, detail: Detail, fileName: string): string {
  const d = detail ?? {};
  const own = (): string => {
    switch (code) {
      case 'no_file':
      case 'invalid':
        return t(`backtest.file.error.${code}`);
      case 'missing_columns':
        return t(typeof d.sheet === 'string' ? 'backtest.file.error.missing_columns_sheet' : 'backtest.file.error.missing_columns', {
          file: fileName,
          sheet: d.sheet,
          columns: d.columns,
          header: d.header || '—',
        });
      case 'bad_trading_day':
        return t('backtest.file.error.bad_trading_day', { file: fileName, lineNo: d.lineNo, value: d.value });
      case 'nothing_good':
        return d.rowNo === undefined
          ? t('backtest.file.error.nothing_good_plain', { file: fileName })
          : t('backtest.file.error.nothing_good', { file: fileName, row: d.rowNo, column: d.column, reason: historyProblemReason(t, String(d.code)), value: d.value });
      case 'too_short':
        return t('backtest.file.error.too_short', { file: fileName, span: formatQuantity('days', Number(d.days), t), need: formatQuantity('days', Number(d.needDays), t) });
      case 'history_too_long':
        return t('backtest.file.error.history_too_long', { file: fileName, firstDay: d.firstDay, lastDay: d.lastDay, span: formatQuantity('days', Number(d.days), t), max: formatQuantity('days', Number(d.maxDays), t) });
      default:
        return readErrorMessage(t, code, d, fileName) ?? t('backtest.file.error.invalid');
    }
  };
  const message = own();
  // A read error of the trading-day list says which of the two files it is about.
  return d.file === 'trading_days' && code !== 'bad_trading_day' ? t('backtest.file.tradingDaysNamed', { message }) : message;
}
