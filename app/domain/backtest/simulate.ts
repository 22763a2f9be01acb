/**
 * Replays one shop × spec day by day under a policy (pure: no I/O, no clock).
 *
 * A simulated day i of the test period:
 *   1. morning — a delivery due today goes on the shelf (ordered L days earlier);
 *   2. order day (the shop's weekday) — the policy sees only what is known this morning: the recorded history
 *      up to yesterday, the shelf, what is on the way; it returns cartons, the simulator caps them and books
 *      the delivery for day i + L;
 *   3. trade — sold = min(demand, shelf); the rest of the demand is lost (a smoker buys elsewhere);
 *   4. evening — the day is recorded as the simulated shop would upload it: the packs sold, `censored` when the
 *      shelf is empty at closing (the sales then only bound demand from below, as the rule expects) or when the
 *      shop was closed that day (`closedDays`: no trade, no upload — unknown to the rule, not a zero).
 * A closed day still counts its shelf stock (the packs sit there, paid for) but has no demand.
 * The history a policy sees is built as the days pass, so nothing after the order day can leak into it.
 *
 * Measuring starts on the first delivery day: before it the shelf is the common starting stock, which says
 * nothing about the policy. Cycles are delivery-to-delivery weeks, counted when complete inside the test.
 */
import type { SalesDay } from '../replenishment/types';
import { addDays, isoWeekday } from '../time';
import { emptyMetrics } from './aggregate';
import type { OrderContext, Policy, SeriesMetrics, SimulationConfig } from './types';

const DAYS_PER_CYCLE = 7;

export function simulateSeries(config: SimulationConfig, policy: Policy): SeriesMetrics {
  const { demandPacks, packsPerCarton, leadDays } = config;
  if (!(Number.isInteger(leadDays) && leadDays >= 1 && leadDays < DAYS_PER_CYCLE)) {
    throw new RangeError(`leadDays must be an integer from 1 to 6 (weekly cycles), got ${leadDays}`);
  }
  const dayCount = demandPacks.length;
  const firstWeekday = isoWeekday(config.firstDay);
  const firstOrderIndex = (((config.orderWeekday - firstWeekday) % 7) + 7) % 7;
  const measureFrom = firstOrderIndex + leadDays;
  const protectionDays = DAYS_PER_CYCLE + leadDays;

  const decide = policy.start({ warmupHistory: config.warmupHistory, packsPerCarton });
  const history: SalesDay[] = [...config.warmupHistory];
  const arrivingPacks = new Array<number>(dayCount + DAYS_PER_CYCLE).fill(0);
  let inTransitPacks = 0;
  let shelfPacks = config.initialOnHandPacks;

  const metrics: SeriesMetrics = emptyMetrics();
  let cycleHadStockOut = false;

  const days = daysFrom(config.firstDay, dayCount);
  for (let i = 0; i < dayCount; i++) {
    const day = days[i]!;
    shelfPacks += arrivingPacks[i]!;
    inTransitPacks -= arrivingPacks[i]!;

    if (i % DAYS_PER_CYCLE === firstOrderIndex) {
      const capCartons = config.capCartonsOn(i);
      const context: OrderContext = { orderDay: day, history, onHandPacks: shelfPacks, inTransitPacks, protectionDays, packsPerCarton, capCartons };
      const wantedCartons = decide(context);
      if (!(Number.isInteger(wantedCartons) && wantedCartons >= 0)) {
        throw new RangeError(`${policy.name} ordered ${wantedCartons} cartons on ${day}: must be a whole number ≥ 0`);
      }
      const cartons = capCartons === null ? wantedCartons : Math.min(wantedCartons, capCartons);
      metrics.orderDays++;
      if (capCartons !== null) {
        metrics.cappedOrderDays++;
        if (wantedCartons > capCartons) metrics.capBindingOrderDays++;
      }
      if (cartons > 0) {
        metrics.ordersPlaced++;
        metrics.orderedCartons += cartons;
        inTransitPacks += cartons * packsPerCarton;
        arrivingPacks[i + leadDays]! += cartons * packsPerCarton;
      }
    }

    const closed = config.closedDays !== undefined && config.closedDays[i] === 1;
    const demand = closed ? 0 : demandPacks[i]!;
    const sold = Math.min(demand, shelfPacks);
    shelfPacks -= sold;
    history.push(closed ? { day, qtyPacks: sold, censored: true, closed: true } : shelfPacks === 0 ? { day, qtyPacks: sold, censored: true } : { day, qtyPacks: sold });

    if (i < measureFrom) continue;
    // A new cycle starts on each delivery day; the previous one is complete.
    if ((i - measureFrom) % DAYS_PER_CYCLE === 0) cycleHadStockOut = false;
    metrics.measuredDays++;
    metrics.demandPacks += demand;
    metrics.soldPacks += sold;
    metrics.lostPacks += demand - sold;
    metrics.stockPackDays += shelfPacks;
    if (demand > sold) {
      metrics.stockOutDays++;
      cycleHadStockOut = true;
    }
    if ((i - measureFrom) % DAYS_PER_CYCLE === DAYS_PER_CYCLE - 1) {
      metrics.cycles++;
      if (!cycleHadStockOut) metrics.cyclesWithoutStockOut++;
    }
  }
  return metrics;
}

// Thousands of series share the same test days; building the day strings once saves millions of date parses.
const dayListCache = new Map<string, readonly string[]>();
function daysFrom(firstDay: string, count: number): readonly string[] {
  const key = `${firstDay}/${count}`;
  let days = dayListCache.get(key);
  if (!days) {
    days = Array.from({ length: count }, (_, i) => addDays(firstDay, i));
    if (dayListCache.size > 64) dayListCache.clear();
    dayListCache.set(key, days);
  }
  return days;
}
