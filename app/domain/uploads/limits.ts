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
