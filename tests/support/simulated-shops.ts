/**
 * Simulated shops for the pure domain, the same on every run (seeded PRNG): a shop's 16 weeks as the data-quality
 * checks read them, and a shop's specs as the replenishment rule reads them. Used by the unit tests (behaviour)
 * and by `npm run bench` (bench/domain.ts: how long the rule and the checks take for one shop).
 */
import type { DayQty, ShopHistory, StockCountSnapshot } from '~/domain/quality/types';
import type { ReplenishmentInput, SalesDay } from '~/domain/replenishment/types';
import { addDays, shanghaiToInstant } from '~/domain/time';

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/**
 * A regular uploader's history from `start`: `specCount` specs selling 0.3–8 packs a day (weekends busier), a
 * count every order-day morning, an order-up-to delivery of whole cartons two days later, and `weeks` weeks of it.
 * The records keep the stock identity exactly, so the data-quality checks should raise nothing.
 */
export function realisticShop(seed: number, start: string, specCount = 60, weeks = 16): ShopHistory {
  const random = prng(seed);
  const dayOf = (t: number) => addDays(start, t);
  const rates = Array.from({ length: specCount }, () => 0.3 + 7.7 * random() ** 2);
  const stock = rates.map((r) => Math.round(r * 10) + 5);
  const pending = new Map<number, number[]>();
  const sales: DayQty[] = [];
  const receipts: DayQty[] = [];
  const counts: StockCountSnapshot[] = [];
  for (let t = 0; t < weeks * 7; t++) {
    const day = dayOf(t);
    const arriving = pending.get(t);
    if (t % 7 === 0) {
      counts.push({ countedAt: shanghaiToInstant(day, '08:10:00'), day, lines: stock.map((qtyPacks, k) => ({ specId: k + 1, qtyPacks })) });
      pending.set(t + 2, rates.map((r, k) => Math.max(0, Math.ceil((r * 12 - stock[k]!) / 10)) * 10));
    }
    const weekday = t % 7;
    rates.forEach((rate, k) => {
      const received = arriving?.[k] ?? 0;
      if (received > 0) receipts.push({ specId: k + 1, day, qtyPacks: received });
      stock[k]! += received;
      const sold = Math.min(stock[k]!, poisson(random, rate * (weekday >= 5 ? 1.2 : 0.92)));
      stock[k]! -= sold;
      if (sold > 0) sales.push({ specId: k + 1, day, qtyPacks: sold });
    });
  }
  // The history ends on a count, as when the check runs on an order-day morning.
  const lastDay = dayOf(weeks * 7);
  counts.push({ countedAt: shanghaiToInstant(lastDay, '08:10:00'), day: lastDay, lines: stock.map((qtyPacks, k) => ({ specId: k + 1, qtyPacks })) });
  return { sales, receipts, counts };
}

/**
 * One shop's input to the replenishment rule for every spec it carries (`specCount`, default 60) over `days`:
 * fast, medium and slow specs, weekend peaks, a few stock-outs and a bulk day now and then, some caps, one
 * discontinued spec, on-hand stock sometimes unknown.
 */
export function replenishmentShop(seed: number, days: readonly string[], specCount = 60): ReplenishmentInput[] {
  const random = prng(seed);
  return Array.from({ length: specCount }, (_, specIndex) => {
    const dailyPacks = specIndex < 10 ? 3 + random() * 12 : specIndex < 30 ? 0.5 + random() * 2 : random() * 0.4;
    const history: SalesDay[] = days.map((day, i) => {
      const weekend = i % 7 >= 5 ? 1.25 : 1;
      const bulk = random() < 0.005 ? 20 : 0;
      const qtyPacks = poisson(random, dailyPacks * weekend) + bulk;
      return random() < 0.02 ? { day, qtyPacks, censored: true } : { day, qtyPacks };
    });
    return {
      specId: specIndex + 1,
      packsPerCarton: 10,
      capCartons: specIndex % 7 === 0 ? 5 : null,
      discontinued: specIndex === specCount - 1,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: specIndex < 10 ? 0.98 : 0.95,
      history,
      onHandPacks: random() < 0.05 ? null : Math.floor(random() * 40),
      inTransitPacks: 0,
      protectionDays: 8,
      priorDailyPacks: null,
    };
  });
}
