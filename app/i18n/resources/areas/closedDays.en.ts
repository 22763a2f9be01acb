/** English words for the days a shop was closed (./closedDays.zh-CN.ts); must have exactly its keys. */
import type { closedDaysNoteZhCN } from './closedDays.zh-CN';

export const closedDaysNoteEn = {
  shop_closed_days_one:
    '{{count}} day on which the shop sold nothing at all (it sells something every day) is read as closed and left out of the sales, not counted as no demand.',
  shop_closed_days_other:
    '{{count}} days on which the shop sold nothing at all (it sells something every day) are read as closed and left out of the sales, not counted as no demand.',
} satisfies Record<keyof typeof closedDaysNoteZhCN, string>;
