/**
 * What each shop carries (经营品规) and how fast each spec sells there. Village shops lean to cheap classes,
 * town shops and 烟酒店 to dear ones; within that, national popularity decides (Zipf-like), with each
 * shop's own quirks on top.
 */
import type { BusinessType, MarketType } from '../schema';
import type { SpecProfile } from './catalogue';
import type { RetailerProfile } from './county';
import type { Rng } from './random';

/** Preference by price class 1…5 (index 0 unused). */
const MARKET_CLASS_PREFERENCE: Record<MarketType, readonly number[]> = {
  urban: [0, 1.5, 1.25, 1.0, 0.6, 0.4],
  rural: [0, 0.35, 0.7, 1.25, 1.6, 1.6],
};
const BUSINESS_CLASS_PREFERENCE: Record<BusinessType, readonly number[]> = {
  grocery: [0, 0.8, 0.9, 1.05, 1.2, 1.2],
  convenience: [0, 1.1, 1.1, 1.0, 0.9, 0.8],
  supermarket: [0, 1.1, 1.05, 1.0, 0.95, 0.9],
  tobacco_liquor: [0, 1.6, 1.3, 1.0, 0.8, 0.7],
  entertainment: [0, 1.3, 1.2, 1.0, 0.8, 0.6],
  catering: [0, 1.2, 1.15, 1.0, 0.85, 0.7],
  other: [0, 1, 1, 1, 1, 1],
};

export interface CarriedSpec {
  spec: SpecProfile;
  /** Expected packs sold per day before weekday and season, when the shop starts carrying it. */
  ratePacksPerDay: number;
  /** True shelf stock in packs (what the shop really has, whatever its uploads say). */
  stockPacks: number;
  // Demand traits and how they move (demand.ts sets them when the simulation starts):
  /** Negative-binomial dispersion of daily demand (smaller = lumpier). */
  dispersion: number;
  /** Share of the expected packs bought by customers taking several at once (demand.ts). */
  bulkShare: number;
  /** Level now relative to ratePacksPerDay after falls and rises; 0 once the spec stopped selling for good. */
  level: number;
  /** Slow drift of the log level (weekly AR(1)). */
  drift: number;
  /** Expected packs a day now (ratePacksPerDay × level × e^drift), updated weekly. */
  ratePacksNow: number;
  /** The owner's sense of the pace, following ratePacksNow with a lag. */
  ownerRatePacksPerDay: number;
}

/** A carried spec at its starting rate, before demand.ts gives it its traits. */
export function carriedSpec(spec: SpecProfile, ratePacksPerDay: number, stockPacks: number): CarriedSpec {
  return { spec, ratePacksPerDay, stockPacks, dispersion: 1, bulkShare: 0, level: 1, drift: 0, ratePacksNow: ratePacksPerDay, ownerRatePacksPerDay: ratePacksPerDay };
}

export function specAppeal(retailer: RetailerProfile, spec: SpecProfile): number {
  const c = spec.row.priceClass;
  return spec.popularity * MARKET_CLASS_PREFERENCE[retailer.row.marketType][c]! * BUSINESS_CLASS_PREFERENCE[retailer.row.businessType][c]!;
}

/** Bigger shops carry more specs: 15 at grade 1 up to about 60 at grade 30. */
export function assortmentSize(rng: Rng, retailer: RetailerProfile): number {
  const g = retailer.row.grade;
  const size = 15 + 45 * Math.pow((g - 1) / 29, 0.8) + 4 * rng.normal() + (retailer.row.businessType === 'supermarket' ? 5 : 0);
  return Math.round(Math.min(60, Math.max(15, size)));
}

/** Specs a shop can stock from the start: orderable and already launched (new specs are adopted later). */
export function isStartingAssortmentSpec(spec: SpecProfile): boolean {
  return spec.row.isOrderable === 1 && spec.row.isNew === 0;
}

export function chooseAssortment(rng: Rng, retailer: RetailerProfile, specs: readonly SpecProfile[]): CarriedSpec[] {
  const eligible = specs.filter(isStartingAssortmentSpec);
  const weights = eligible.map((s) => specAppeal(retailer, s) * rng.lognormalNoise(0.35));
  const picked = rng.weightedSampleWithoutReplacement(weights, assortmentSize(rng, retailer)).sort((a, b) => a - b);
  const totalWeight = picked.reduce((sum, i) => sum + weights[i]!, 0);
  return picked.map((i) => {
    const ratePacksPerDay = (retailer.dailyPacks * weights[i]!) / totalWeight;
    // A shop starts with about one to two weeks of stock, and always a few packs of what it carries.
    const stockPacks = Math.max(Math.round(ratePacksPerDay * rng.uniform(6, 13)), rng.int(2, 9));
    return carriedSpec(eligible[i]!, ratePacksPerDay, stockPacks);
  });
}

/** A newly listed spec's rate at a shop that takes it on: a modest share that grows no further here. */
export function newSpecRate(rng: Rng, retailer: RetailerProfile): number {
  return retailer.dailyPacks * 0.02 * rng.lognormalNoise(0.4);
}
