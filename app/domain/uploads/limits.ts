/**
 * One set of limits for shop data, whichever way it comes in — a file, the POS API or typed on the phone — so
 * what one channel refuses, every channel refuses.
 */

/** The largest quantity one line (a file's row, an API line, a typed count) may carry, in its own unit. */
export const MAX_QTY_PER_LINE = 100_000;

/**
 * The most packs of one spec a shop can have on one day (or in one count): 100,000 cartons. Lines that add up
 * past it are refused as too large, all of them: the total is an error, not data (and could otherwise overflow
 * the database's quantity column).
 */
export const MAX_PACKS_PER_SPEC_AND_DAY = 1_000_000;

/** How many days back a day's data may still be sent. */
export const MAX_DAYS_BACK = 400;

/**
 * The staff page's replay of an uploaded daily history (staff.backtest.tsx): the file itself has the limits of
 * every upload (DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS in read-errors.ts, also once a .gz is unpacked); the replay's
 * work grows with items × days, ~0.2 ms an item-day on one core of this machine kind (every item on all seven
 * order weekdays under 19 policies). At most this many item-days are replayed, ~3 s on the upload reader's
 * thread (a year of 40 items, half a year of 80); a larger history is replayed on an even sample of its items,
 * which the page says. `npm run backtest` replays any size.
 */
export const MAX_REPLAY_ITEM_DAYS = 15_000;

/** The longest history (first to last day) the page replays: three years. A date typed with the wrong year is found here. */
export const MAX_REPLAY_HISTORY_DAYS = 1_100;

/** A trading-day list beside the history (one day a line): 1 MiB, far more than any real list needs. */
export const MAX_TRADING_DAYS_BYTES = 1024 * 1024;
