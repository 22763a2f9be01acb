/**
 * Types of the replenishment backtest: one shop × spec replayed week by week against a policy.
 * Units are in the names: packs (盒) for demand, sales and stock; cartons (条) for orders and caps; days.
 */
import type { SalesDay } from '../replenishment/types';

/** What a policy sees on an order day. Everything in it is known on the morning of `orderDay`, before trade. */
export interface OrderContext {
  /** 'YYYY-MM-DD'. */
  orderDay: string;
  /**
   * Sales as the simulated shop recorded them, oldest first, every day, ending the day before `orderDay`:
   * the real history before the test period, then the simulated days (a day is `censored` when the simulated
   * shelf was empty at closing, so its sales say nothing about demand).
   */
  history: readonly SalesDay[];
  /** Shelf stock this morning, after any delivery due today. */
  onHandPacks: number;
  /** Ordered, not yet delivered. */
  inTransitPacks: number;
  /** T + L: from this order day to the morning the next order's delivery arrives (7 + L for weekly cycles). */
  protectionDays: number;
  packsPerCarton: number;
  /** This cycle's cap; null = none. The simulator applies it; policies may read it (the rule explains it). */
  capCartons: number | null;
}

/** What a policy is told once per shop × spec, before the first order day of the test period. */
export interface PolicySetup {
  /** The recorded history before the test period (oldest first; censored days marked). */
  warmupHistory: readonly SalesDay[];
  packsPerCarton: number;
}

/** Decides cartons to order (before the cap: the simulator caps, so it can count how often the cap binds). */
export type OrderDecider = (context: OrderContext) => number;

export interface Policy {
  /** Short label for tables, e.g. 'rule@0.95', 'B1×1.2'. */
  readonly name: string;
  /** A fresh decider per shop × spec, so a policy may keep per-series state (B2's static levels). */
  start(setup: PolicySetup): OrderDecider;
}

export interface SimulationConfig {
  /** First day of the test period, 'YYYY-MM-DD'; the simulated days run from here, one per demand entry. */
  firstDay: string;
  /** Demand per test day in packs (the recorded POS sales used as a proxy for true demand). */
  demandPacks: readonly number[];
  warmupHistory: readonly SalesDay[];
  packsPerCarton: number;
  /** ISO weekday of the shop's order day, 1 = Monday … 7 = Sunday. Cycles are weekly. */
  orderWeekday: number;
  /** Delivery arrives this many days after the order day (morning, before trade); 1 ≤ L < 7. */
  leadDays: number;
  /** Cap for the cycle whose order day is the given test-day index; null = none. */
  capCartonsOn: (orderDayIndex: number) => number | null;
  /** Shelf stock on the morning of the first test day (same for every policy: see simulate.ts). */
  initialOnHandPacks: number;
  /**
   * 1 on a test day the shop was closed (no demand; recorded as censored, as a day without an upload is);
   * absent = open every day. Same length as demandPacks.
   */
  closedDays?: ArrayLike<number>;
}

/** Outcome of one shop × spec under one policy, over the measured days (from the first delivery on). */
export interface SeriesMetrics {
  measuredDays: number;
  demandPacks: number;
  soldPacks: number;
  lostPacks: number;
  /** Days with lost sales (demand above the shelf). */
  stockOutDays: number;
  /** Complete delivery-to-delivery cycles inside the measured days, and those with no lost sale. */
  cycles: number;
  cyclesWithoutStockOut: number;
  /** Σ closing shelf stock over the measured days (÷ measuredDays = average stock). */
  stockPackDays: number;
  orderDays: number;
  /** Order days with an order > 0 after the cap. */
  ordersPlaced: number;
  orderedCartons: number;
  /** Order days with a cap, and those where the policy wanted more than the cap. */
  cappedOrderDays: number;
  capBindingOrderDays: number;
}
