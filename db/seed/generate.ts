/**
 * The deterministic demo county: same options ⇒ the same rows, batch for batch. Rows come out as a lazy
 * stream of batches in foreign-key order (see rows.ts), so a caller can write them while the simulation
 * runs without ever holding the whole county in memory.
 *
 *   for (const batch of generateDemoCounty({ retailers: 40 }, hash)) …
 *
 * Each part of the county draws from its own random stream (derived from the seed and a label), so, for
 * example, the error rate does not change the true sales history.
 */
import { shanghaiDayOf, isDay } from '../../app/domain/time';
import { chooseAssortment, type CarriedSpec } from './assortment';
import { buildCatalogue } from './catalogue';
import { buildCounty } from './county';
import { buildCycles, firstDayOf, planCaps } from './cycles';
import { Rng } from './random';
import { RowSink, type SeedBatch } from './rows';
import { simulateHistory } from './simulate';

export interface SeedOptions {
  seed: number;
  retailers: number;
  specs: number;
  /** Delivered weeks of history before the current (open) week. */
  weeks: number;
  /** The business day the demo treats as today, 'YYYY-MM-DD' (Asia/Shanghai). */
  today: string;
  /** Chance per retailer-week of one deliberate scan or count error (recorded in seed_injections). */
  errorRatePerRetailerWeek: number;
}

export const DEFAULT_SEED_OPTIONS: Omit<SeedOptions, 'today'> = {
  seed: 20261123,
  retailers: 1500,
  specs: 120,
  weeks: 16,
  errorRatePerRetailerWeek: 0.0075,
};

export const DEMO_PASSWORD = 'Demo@2026';

export function resolveSeedOptions(partial: Partial<SeedOptions> = {}): SeedOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<SeedOptions>;
  const options: SeedOptions = { ...DEFAULT_SEED_OPTIONS, today: shanghaiDayOf(new Date()), ...defined };
  const positiveInt = (name: keyof SeedOptions, min: number, max: number) => {
    const value = options[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
  };
  positiveInt('seed', 0, 0xffffffff);
  positiveInt('retailers', 1, 100_000);
  positiveInt('specs', 6, 2_000);
  positiveInt('weeks', 1, 104);
  if (!isDay(options.today)) throw new RangeError(`today must be a day YYYY-MM-DD, got ${options.today}`);
  if (!(options.errorRatePerRetailerWeek >= 0 && options.errorRatePerRetailerWeek <= 1)) {
    throw new RangeError(`errorRatePerRetailerWeek must be within 0–1, got ${options.errorRatePerRetailerWeek}`);
  }
  return options;
}

/**
 * @param passwordHash the one hash every seeded user signs in with (computed once by the caller: an
 *   argon2id hash costs tens of milliseconds, so hashing per user would take minutes for a county).
 */
export function* generateDemoCounty(partial: Partial<SeedOptions>, passwordHash: string): Generator<SeedBatch, void> {
  const options = resolveSeedOptions(partial);
  const { seed, today } = options;
  const firstDay = firstDayOf(options);
  const sink = new RowSink();

  const specs = buildCatalogue(Rng.derived(seed, 'catalogue'), { count: options.specs, today });
  const county = buildCounty(Rng.derived(seed, 'county'), { retailers: options.retailers, firstDay, today, passwordHash });
  const cycles = buildCycles(Rng.derived(seed, 'cycles'), options);
  const assortmentRng = Rng.derived(seed, 'assortment');
  const assortments: CarriedSpec[][] = county.retailers.map((r) => chooseAssortment(assortmentRng, r, specs));
  const caps = planCaps(Rng.derived(seed, 'caps'), specs, cycles, meanShareOfShopVolume(specs.length, county.retailers, assortments));

  for (const row of county.stations) sink.push('stations', row);
  for (const row of county.users) sink.push('users', row);
  for (const row of county.managers) sink.push('accountManagers', row);
  for (const r of county.retailers) sink.push('retailers', r.row);
  for (const s of specs) sink.push('specs', s.row);
  for (const c of cycles) sink.push('orderCycles', c.row);
  for (const row of caps.rows) sink.push('caps', row);
  yield* sink.drain();

  yield* simulateHistory({
    seed,
    firstDay,
    today,
    errorRatePerRetailerWeek: options.errorRatePerRetailerWeek,
    specs,
    retailers: county.retailers,
    assortments,
    managerUserIdByManagerId: new Map(county.managers.map((m) => [m.id, m.userId])),
    cycles,
    caps: caps.lookup,
    sink,
  });
}

/** Per spec, the mean share of a carrying shop's volume (what caps are sized from); 0 if nobody carries it. */
function meanShareOfShopVolume(specCount: number, retailers: readonly { dailyPacks: number }[], assortments: readonly CarriedSpec[][]): number[] {
  const sum = new Array<number>(specCount).fill(0);
  const count = new Array<number>(specCount).fill(0);
  assortments.forEach((carried, i) => {
    const volume = retailers[i]!.dailyPacks;
    for (const item of carried) {
      sum[item.spec.index]! += item.ratePacksPerDay / volume;
      count[item.spec.index]!++;
    }
  });
  return sum.map((s, i) => (count[i]! > 0 ? s / count[i]! : 0.01));
}
