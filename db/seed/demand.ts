/**
 * How a shop's demand moves, beyond its average (assortment.ts) and the county's calendar (calendar.ts): the
 * things real shops' sales show and a stationary generator hides (measured with `npm run demand-shape` on two
 * real histories; the comparison is in app/domain/replenishment/README.md):
 *
 * - **its own weekly rhythm**: a shape by business type (a bar or restaurant lives on Friday and Saturday, a
 *   shop by offices or a factory gate on weekdays), with the shop's own quirks on top;
 * - **closed days**: a few shops shut one weekday every week (most of them bars and restaurants); every shop
 *   shuts now and then for a day or a few (a funeral, a trip to town), and many over the Spring Festival. A
 *   closed day sells nothing; a shop that uploads daily still uploads it, empty (its POS sends the day's file);
 * - **level changes that stay**: a regular customer moves away or switches brand (a fall to 15–50 % of the level), a
 *   new one arrives (a rise to 2–3.5×), a spec's last buyer goes (it stops for good), and a slow drift besides;
 * - **lumpy buying**: each shop-spec has its own dispersion, and some customers buy several packs at once (2–5,
 *   now and then a whole carton 条), gift classes and 烟酒店 most.
 *
 * Each shop draws these from its own streams (derived from the seed and the shop), so they change nothing else
 * of the county (its retailers, assortments, error plans).
 */
import type { BusinessType } from '../schema';
import type { CarriedSpec } from './assortment';
import type { RetailerProfile } from './county';
import type { Rng } from './random';

/** Monday … Sunday by business type, before the shop's own quirks (normalised per shop to a mean of 1). */
const WEEKDAY_SHAPE: Record<BusinessType, readonly number[]> = {
  grocery: [0.9, 0.88, 0.9, 0.95, 1.08, 1.22, 1.12],
  convenience: [0.88, 0.86, 0.88, 0.92, 1.1, 1.3, 1.12],
  supermarket: [0.85, 0.82, 0.85, 0.9, 1.08, 1.35, 1.25],
  tobacco_liquor: [0.82, 0.8, 0.85, 0.92, 1.15, 1.4, 1.1],
  entertainment: [0.65, 0.68, 0.75, 0.88, 1.28, 1.6, 1.1],
  catering: [0.72, 0.75, 0.8, 0.9, 1.25, 1.5, 1.1],
  other: [0.9, 0.9, 0.95, 0.98, 1.05, 1.2, 1.1],
};
/** Shops by offices, factory gates and schools: busy on weekdays, quiet at the weekend. */
const WEEKDAY_TRADE_SHAPE = [1.12, 1.14, 1.12, 1.1, 1.08, 0.75, 0.7];
/** Share of shops with the weekday shape: town convenience stores and groceries only. */
const WEEKDAY_TRADE_SHARE = 0.2;
/** Per weekday, the shop's own lognormal quirk. */
const WEEKDAY_QUIRK_SIGMA = 0.1;

/** Share of shops closed one weekday every week. */
const CLOSED_WEEKDAY_SHARE: Record<BusinessType, number> = {
  grocery: 0.03,
  convenience: 0.02,
  supermarket: 0,
  tobacco_liquor: 0.03,
  entertainment: 0.3,
  catering: 0.3,
  other: 0.03,
};
/** A shop's chance a day of starting a closure; its length 1–7 days, mostly one. */
const CLOSURE_START_RATE = 0.006;
const CLOSURE_LENGTHS = [1, 2, 3, 4, 5, 7] as const;
const CLOSURE_LENGTH_WEIGHTS = [0.55, 0.18, 0.12, 0.06, 0.05, 0.04] as const;
/** Spring Festival: the share of shops that shut from 初一, for 1–5 days (village shops more often). */
const SPRING_CLOSURE_SHARE = { urban: 0.35, rural: 0.55 } as const;

/** Per item-year: a level change that stays (a customer gone or come), and a stop for good. */
export const LEVEL_FALLS_PER_YEAR = 0.55;
export const LEVEL_RISES_PER_YEAR = 0.35;
export const STOPS_PER_YEAR = 0.04;
const FALL_TO = [0.15, 0.5] as const;
const RISE_BY = [2, 3.5] as const;
/** A spec's level never rises above this multiple of its starting rate (a shop's customers are finite). */
export const LEVEL_MAX = 4;
/** Weekly drift of the log level: AR(1) with this persistence and innovation (stationary sd ≈ 0.15). */
const DRIFT_PERSISTENCE = 0.9;
const DRIFT_SIGMA = 0.065;
/** How fast the owner's sense of a spec's pace follows the real one, per weekly order. */
export const OWNER_PACE_SMOOTHING = 0.4;

export interface ShopDemandHabits {
  /** Demand multiplier Monday … Sunday (index 0 … 6): a mean of 1 over the week, 0 on a weekly closed day. */
  weekday: Float64Array;
  /** ISO weekday the shop is closed every week, or null. */
  closedWeekday: number | null;
  /** Per simulated day index: 1 when the shop is closed. */
  closed: Uint8Array;
}

export interface HabitsInput {
  /** Number of simulated days (day index 0 … dayCount − 1). */
  dayCount: number;
  /** Day indices of the Spring Festivals (春节 初一) within or near the simulated days. */
  springFestivalIndices: readonly number[];
}

/**
 * The shop's rhythm and closed days. The order day, and the two days after it (deliveries), are never closed:
 * the morning count, the order and the delivery stay as the rest of the seed expects them.
 */
export function shopDemandHabits(rng: Rng, retailer: RetailerProfile, input: HabitsInput): ShopDemandHabits {
  const { businessType, marketType, orderWeekday } = retailer.row;
  const isDemo = retailer.index === 0;
  const weekdayTrade = !isDemo && marketType === 'urban' && (businessType === 'convenience' || businessType === 'grocery') && rng.chance(WEEKDAY_TRADE_SHARE);
  const base = weekdayTrade ? WEEKDAY_TRADE_SHAPE : WEEKDAY_SHAPE[businessType];
  const weekday = new Float64Array(7);
  for (let w = 0; w < 7; w++) weekday[w] = base[w]! * rng.lognormalNoise(WEEKDAY_QUIRK_SIGMA);

  const keepOpen = (isoWeekday: number) => {
    const afterOrder = (isoWeekday - orderWeekday + 7) % 7;
    return afterOrder <= 2;
  };
  let closedWeekday: number | null = null;
  if (!isDemo && rng.chance(CLOSED_WEEKDAY_SHARE[businessType])) {
    // Bars and restaurants rest early in the week; other shops on a quiet weekday.
    const candidates = [1, 2, 3, 4, 7].filter((d) => !keepOpen(d));
    if (candidates.length > 0) closedWeekday = rng.pick(candidates);
  }
  if (closedWeekday !== null) weekday[closedWeekday - 1] = 0;
  let sum = 0;
  for (let w = 0; w < 7; w++) sum += weekday[w]!;
  for (let w = 0; w < 7; w++) weekday[w] = (weekday[w]! * 7) / sum;

  const closed = new Uint8Array(input.dayCount);
  // Day index 0 is a Monday (the first history cycle's start).
  const isoWeekdayOf = (t: number) => (t % 7) + 1;
  const close = (t: number) => {
    if (t >= 0 && t < input.dayCount && !keepOpen(isoWeekdayOf(t))) closed[t] = 1;
  };
  if (closedWeekday !== null) for (let t = 0; t < input.dayCount; t++) if (isoWeekdayOf(t) === closedWeekday) closed[t] = 1;
  for (let t = 0; t < input.dayCount; t++) {
    if (!rng.chance(CLOSURE_START_RATE)) continue;
    const length = CLOSURE_LENGTHS[rng.weightedIndex(CLOSURE_LENGTH_WEIGHTS)]!;
    for (let k = 0; k < length; k++) close(t + k);
    t += length;
  }
  for (const festival of input.springFestivalIndices) {
    if (!rng.chance(SPRING_CLOSURE_SHARE[marketType])) continue;
    const length = rng.int(1, 5);
    for (let k = 0; k < length; k++) close(festival + k);
  }
  return { weekday, closedWeekday, closed };
}

/**
 * A carried spec's own demand traits: its dispersion (negative binomial; smaller = lumpier) and the share of its
 * packs that go to customers buying several at once (2–5 packs, now and then a whole carton: gifts, a week's
 * supply). Slow specs sell a pack or two at a time with the odd bigger buy; fast ones are steadier.
 */
export function initItemDemand(rng: Rng, retailer: RetailerProfile, item: CarriedSpec): void {
  const m = item.ratePacksPerDay;
  item.dispersion = (0.6 + 1.6 * m) * rng.lognormalNoise(0.6);
  const gift = item.spec.row.priceClass <= 2;
  const bulkShop = retailer.row.businessType === 'tobacco_liquor' || retailer.row.businessType === 'supermarket';
  // On average 15 % of a spec's packs (25 % for gift classes, 1.4× that at 烟酒店 and supermarkets) go to bulk
  // buyers, concentrated on the 60 % of shop-specs that have such customers at all.
  const meanShare = (gift ? 0.25 : 0.15) * (bulkShop ? 1.4 : 1);
  item.bulkShare = rng.chance(0.6) ? Math.min(0.6, (meanShare / 0.6) * rng.lognormalNoise(0.5)) : 0;
  item.level = 1;
  item.drift = 0;
  item.ratePacksNow = m;
  item.ownerRatePacksPerDay = m;
}

/** Sizes of a bulk buy: 2–5 packs, or (0) a whole carton; their weights. */
const BULK_SIZES = [2, 3, 4, 5, 0] as const;
const BULK_SIZE_WEIGHTS = [0.34, 0.27, 0.16, 0.17, 0.06] as const;

/** Mean packs of a bulk buy for a carton of `packsPerCarton`. */
export function meanBulkPacks(packsPerCarton: number): number {
  let sum = 0;
  BULK_SIZES.forEach((size, i) => (sum += (size === 0 ? packsPerCarton : size) * BULK_SIZE_WEIGHTS[i]!));
  return sum;
}

/** The packs one bulk buyer takes. */
export function bulkBuyPacks(rng: Rng, packsPerCarton: number): number {
  const size = BULK_SIZES[rng.weightedIndex(BULK_SIZE_WEIGHTS)]!;
  return size === 0 ? packsPerCarton : size;
}

/**
 * One week of a carried spec's demand (called at the start of each simulated week): maybe a fall, a rise or a
 * stop, the drift, the rate that follows, and the owner's sense of it a week behind.
 */
export function evolveItemWeek(rng: Rng, item: CarriedSpec): void {
  if (item.level > 0) {
    const u = rng.next();
    const perWeek = 1 / 52;
    if (u < STOPS_PER_YEAR * perWeek) item.level = 0;
    else if (u < (STOPS_PER_YEAR + LEVEL_FALLS_PER_YEAR) * perWeek) item.level *= rng.uniform(FALL_TO[0], FALL_TO[1]);
    else if (u < (STOPS_PER_YEAR + LEVEL_FALLS_PER_YEAR + LEVEL_RISES_PER_YEAR) * perWeek)
      item.level = Math.min(LEVEL_MAX, item.level * rng.uniform(RISE_BY[0], RISE_BY[1]));
    item.drift = DRIFT_PERSISTENCE * item.drift + DRIFT_SIGMA * rng.normal();
  }
  item.ownerRatePacksPerDay += OWNER_PACE_SMOOTHING * (item.ratePacksNow - item.ownerRatePacksPerDay);
  item.ratePacksNow = item.level === 0 ? 0 : item.ratePacksPerDay * item.level * Math.exp(item.drift);
}
