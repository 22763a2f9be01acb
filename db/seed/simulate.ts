/**
 * The history of the demo county, simulated shop by shop and day by day, cycle after cycle:
 *
 *   true stock(t+1) = stock(t) + receipts(t) − sales(t),  sales = min(demand, stock)  → stock-outs happen
 *
 * Each week, on its order day, a shop (1) counts its shelf in the morning if it is a regular uploader,
 * (2) orders up to a target (following the system's suggestion most of the time), capped by its grade's
 * cap. When every order of a cycle is in, scarce supply is shared out by grade, and delivered orders
 * arrive `leadDays` later as receipts. Uploads record the true sales, except for a small rate of
 * deliberate scan and count errors, each written to seed_injections.
 *
 * Conventions the data keeps (tests and data-quality code rely on them):
 * - a stock count is taken on the morning of the order day (07:30–08:45), before that day's trade, so
 *   between counts on days D1 < D2: count(D2) = count(D1) + Σ receipts[D1, D2) − Σ sales[D1, D2);
 * - deliveries never fall on an order day (lead 1–2 days, weekly orders), so no receipt sits on a count day;
 * - a shop is never closed on its order day or the two days after it (demand.ts), so counts, orders and
 *   deliveries fall on open days; a closed day sells nothing and a daily uploader still uploads it (empty);
 * - order totals are over the requested quantities: totalCartons = Σ qtyRequested, totalAmountFen =
 *   Σ qtyRequested × unitPrice (the order as submitted; allocation is per line);
 * - as the ordering code writes them: submitted lines all have qtyRequested ≥ 1; a draft keeps its lines
 *   in cart_lines only (no order_lines, totals 0); an open-cycle order's cart equals its submitted lines
 *   (closed cycles carry no cart); every submit, change and cancel has an order_events row;
 * - failed orders (扣款失败) keep their allocation but are never delivered; cancelled ones have none.
 */
import type { Selectable } from 'kysely';
import { lineAmountFen } from '../../app/domain/money';
import { addDays, daysBetween, shanghaiToInstant } from '../../app/domain/time';
import { cartonsToPacks } from '../../app/domain/units';
import type { CycleSupplyTable, OrderEventKind, OrderStatus, SeedInjectionTable } from '../schema';
import { allocateShortSupply } from './allocate';
import { carriedSpec, newSpecRate, type CarriedSpec } from './assortment';
import { FESTIVALS, seasonalFactor } from './calendar';
import type { SpecProfile } from './catalogue';
import type { RetailerProfile } from './county';
import { giftPressure, type CapTableLookup, type CyclePlan } from './cycles';
import { bulkBuyPacks, evolveItemWeek, initItemDemand, meanBulkPacks, shopDemandHabits, type ShopDemandHabits } from './demand';
import { Rng } from './random';
import type { RowSink, SeedBatch } from './rows';

export type InjectionKind = SeedInjectionTable['kind'];

export interface SimulationInput {
  seed: number;
  firstDay: string;
  today: string;
  errorRatePerRetailerWeek: number;
  specs: readonly SpecProfile[];
  retailers: readonly RetailerProfile[];
  assortments: readonly CarriedSpec[][];
  managerUserIdByManagerId: ReadonlyMap<number, number>;
  cycles: readonly CyclePlan[];
  caps: CapTableLookup;
  sink: RowSink;
}

const FAILURE_REASONS = ['扣款失败', '扣款失败：账户余额不足', '扣款失败：银行卡状态异常'];
const ORDER_CANCEL_RATE = 0.015;
const ORDER_FAIL_RATE = 0.01;
const IRREGULAR_UPLOAD_DAY_RATE = 0.6;
const Z_SERVICE_90 = 1.2816;

/**
 * Day index ↔ day string and instants, with seasonal factors precomputed (millions of lookups). Day 0 is a
 * Monday (the first history cycle's start), so t mod 7 is the weekday (0 = Monday); each shop has its own
 * weekday rhythm on top (demand.ts).
 */
class Clock {
  readonly todayIndex: number;
  readonly length: number;
  private readonly days: string[];
  private readonly factors: Float64Array;
  private readonly firstDayStartMs: number;

  constructor(firstDay: string, today: string, lookaheadDays: number) {
    this.todayIndex = daysBetween(firstDay, today);
    const length = (this.length = this.todayIndex + lookaheadDays);
    this.days = Array.from({ length }, (_, t) => addDays(firstDay, t));
    this.factors = new Float64Array(length * 6);
    this.days.forEach((day, t) => {
      for (let c = 1; c <= 5; c++) this.factors[t * 6 + c] = seasonalFactor(day, c);
    });
    this.firstDayStartMs = Date.parse(shanghaiToInstant(firstDay));
  }

  day(t: number): string {
    const day = this.days[t];
    if (day === undefined) throw new RangeError(`day index ${t} outside the simulated calendar`);
    return day;
  }

  index(day: string): number {
    return daysBetween(this.days[0]!, day);
  }

  /** Seasonal demand multiplier for a day and price class (the shop's weekday rhythm comes on top). */
  factor(t: number, priceClass: number): number {
    return this.factors[t * 6 + priceClass]!;
  }

  /** Mean seasonal factor over [from, from + days) — what a forecast for a coverage period uses (over a whole week the shop's weekday rhythm averages 1). */
  meanFactor(from: number, days: number, priceClass: number): number {
    let sum = 0;
    for (let t = from; t < from + days; t++) sum += this.factor(t, priceClass);
    return sum / days;
  }

  /** The instant `minutes` after local midnight of day t, as an ISO UTC string. */
  instant(t: number, minutes: number): string {
    return new Date(this.firstDayStartMs + t * 86_400_000 + minutes * 60_000).toISOString();
  }
}

interface InjectionPlan {
  kind: InjectionKind;
  dayIndex: number;
}

interface PendingDelivery {
  dayIndex: number;
  orderId: number;
  lines: { item: CarriedSpec; qtyPacks: number }[];
}

interface Shop {
  profile: RetailerProfile;
  userId: number;
  managerUserId: number;
  /** Demand and the owner's decisions. */
  rng: Rng;
  /** Its specs' demand traits and level changes (demand.ts). */
  levelRng: Rng;
  /** Weekday rhythm and closed days. */
  habits: ShopDemandHabits;
  /** Injected errors only, so changing the error rate never changes the true history. */
  errorRng: Rng;
  carried: CarriedSpec[];
  pending: PendingDelivery[];
  nextDay: number;
  /** First day index the shop no longer trades; Infinity when open. */
  closedIndex: number;
  injectionPlans: Map<number, InjectionPlan | null>;
  lastInjectedWeekBySpec: Map<number, number>;
  newSpecsTaken: Set<number>;
}

interface DraftLine {
  item: CarriedSpec;
  requestedCartons: number;
  suggestedCartons: number | null;
  capCartons: number | null;
  allocatedCartons: number | null;
}

interface OrderTimes {
  createdAt: string;
  /** The first submit; earlier than submittedAt only when the order was changed afterwards. */
  firstSubmittedAt: string;
  /** The last submit (what orders.submittedAt shows). */
  submittedAt: string;
}

interface DraftOrder {
  shop: Shop;
  orderDayIndex: number;
  lines: DraftLine[];
  status: OrderStatus;
}

export function* simulateHistory(input: SimulationInput): Generator<SeedBatch, void> {
  yield* new Simulation(input).run();
}

class Simulation {
  private readonly clock: Clock;
  private readonly shops: Shop[];
  private readonly newSpecs: SpecProfile[];
  private readonly lastRequestedCartonsBySpec: number[];
  private readonly recordedScratch: number[] = [];
  private readonly soldScratch: number[] = [];
  private nextUploadId = 1;
  private nextOrderId = 1;
  private nextOrderLineId = 1;
  private nextStockCountId = 1;
  private nextOrderEventId = 1;

  constructor(private readonly input: SimulationInput) {
    this.clock = new Clock(input.firstDay, input.today, 28);
    this.newSpecs = input.specs.filter((s) => s.row.isNew === 1 && s.row.isOrderable === 1);
    this.lastRequestedCartonsBySpec = new Array<number>(input.specs.length).fill(0);
    const springFestivalIndices = FESTIVALS.filter((f) => f.kind === 'spring').map((f) => this.clock.index(f.day));
    this.shops = input.retailers.map((profile) => {
      const levelRng = Rng.derived(input.seed, 'levels', profile.index);
      const carried = input.assortments[profile.index]!;
      for (const item of carried) initItemDemand(levelRng, profile, item);
      return {
        profile,
        userId: profile.row.userId!,
        managerUserId: input.managerUserIdByManagerId.get(profile.row.managerId)!,
        rng: Rng.derived(input.seed, 'shop', profile.index),
        levelRng,
        habits: shopDemandHabits(Rng.derived(input.seed, 'habits', profile.index), profile, { dayCount: this.clock.length, springFestivalIndices }),
        errorRng: Rng.derived(input.seed, 'errors', profile.index),
        carried,
        pending: [],
        nextDay: 0,
        closedIndex: profile.closedOn === null ? Infinity : this.clock.index(profile.closedOn),
        injectionPlans: new Map(),
        lastInjectedWeekBySpec: new Map(),
        newSpecsTaken: new Set(),
      };
    });
  }

  private get sink(): RowSink {
    return this.input.sink;
  }

  private *flushIfFull(): Generator<SeedBatch, void> {
    if (this.sink.shouldFlush) yield* this.sink.drain();
  }

  *run(): Generator<SeedBatch, void> {
    const todayIndex = this.clock.todayIndex;
    for (const cycle of this.input.cycles) {
      if (cycle.kind === 'next') continue;
      const startIndex = this.clock.index(cycle.row.startsOn);
      const orders: DraftOrder[] = [];
      for (const shop of this.shops) {
        if (shop.closedIndex <= 0) continue;
        const t = startIndex + shop.profile.row.orderWeekday - 1;
        if (cycle.kind === 'current' && t >= todayIndex) continue;
        this.advance(shop, t);
        if (t >= shop.closedIndex) continue;
        this.countStock(shop, t);
        // A shop about to close stops ordering.
        if (t + cycle.row.leadDays + 7 >= shop.closedIndex) continue;
        if (shop.rng.chance(shop.profile.ordersIrregularly ? 0.3 : 0.03)) continue;
        const order = this.decideOrder(shop, cycle, t, true);
        if (order) orders.push(order);
        yield* this.flushIfFull();
      }
      if (cycle.kind === 'history') this.settleDeliveredCycle(cycle, orders);
      else this.recordOrders(cycle, orders);
      yield* this.flushIfFull();
    }
    for (const shop of this.shops) {
      this.advance(shop, todayIndex);
      yield* this.flushIfFull();
    }
    this.draftOpenOrders();
    for (const cycle of this.input.cycles) if (cycle.kind !== 'history') this.recordPlannedSupply(cycle);
    yield* this.sink.drain();
  }

  // ---------------------------------------------------------------- days

  /** Trades every day before `untilIndex` that the shop has not traded yet. */
  private advance(shop: Shop, untilIndex: number) {
    const end = Math.min(untilIndex, shop.closedIndex);
    for (let t = shop.nextDay; t < end; t++) {
      if (t % 7 === 0) for (const item of shop.carried) evolveItemWeek(shop.levelRng, item);
      this.deliver(shop, t);
      this.tradeDay(shop, t);
    }
    shop.nextDay = Math.max(shop.nextDay, untilIndex);
  }

  private deliver(shop: Shop, t: number) {
    if (shop.pending.length === 0 || shop.pending[0]!.dayIndex !== t) return;
    const delivery = shop.pending.shift()!;
    const uploadId = this.nextUploadId++;
    const retailerId = shop.profile.row.id;
    this.sink.push('uploads', {
      id: uploadId,
      retailerId,
      batchId: null,
      kind: 'receipts',
      source: 'delivery',
      businessDate: this.clock.day(t),
      createdByUserId: null,
      createdAt: this.clock.instant(t, shop.rng.int(9 * 60, 16 * 60)),
      rowsAccepted: delivery.lines.length,
      rowsRejected: 0,
    });
    for (const { item, qtyPacks } of delivery.lines) {
      item.stockPacks += qtyPacks;
      this.sink.push('receipts', {
        retailerId,
        specId: item.spec.row.id,
        receivedOn: this.clock.day(t),
        qtyPacks,
        uploadId,
        orderId: delivery.orderId,
      });
    }
  }

  private uploadsOn(shop: Shop): boolean {
    switch (shop.profile.uploadHabit) {
      case 'regular':
        return true;
      case 'irregular':
        return shop.rng.chance(IRREGULAR_UPLOAD_DAY_RATE);
      case 'never':
        return false;
    }
  }

  /**
   * A day's trade: each spec's demand is negative binomial around its rate now × the shop's weekday × the
   * season, plus the odd customer who buys several packs at once; sales are what the shelf holds of it. A
   * closed day sells nothing, and an uploading shop's POS still sends the empty day.
   */
  private tradeDay(shop: Shop, t: number) {
    const carried = shop.carried;
    const sold = this.soldScratch;
    sold.length = carried.length;
    const rng = shop.rng;
    const closed = shop.habits.closed[t] === 1;
    const weekday = shop.habits.weekday[t % 7]!;
    for (let k = 0; k < carried.length; k++) {
      const item = carried[k]!;
      if (closed || item.ratePacksNow === 0) {
        sold[k] = 0;
        continue;
      }
      const mean = item.ratePacksNow * weekday * this.clock.factor(t, item.spec.row.priceClass);
      let demand = rng.negativeBinomial(mean * (1 - item.bulkShare), item.dispersion);
      if (item.bulkShare > 0 && rng.next() < (mean * item.bulkShare) / meanBulkPacks(item.spec.row.packsPerCarton)) demand += bulkBuyPacks(rng, item.spec.row.packsPerCarton);
      const qty = demand < item.stockPacks ? demand : item.stockPacks;
      item.stockPacks -= qty;
      sold[k] = qty;
    }
    if (!this.uploadsOn(shop)) return;

    const recorded = this.recordedScratch;
    recorded.length = carried.length;
    for (let k = 0; k < carried.length; k++) recorded[k] = sold[k]!;
    const plan = this.injectionPlan(shop, Math.floor(t / 7));
    const rowsRejected = !closed && plan && plan.dayIndex === t && plan.kind !== 'count_discrepancy' ? this.injectSalesError(shop, t, plan.kind, sold, recorded) : 0;

    const uploadId = this.nextUploadId++;
    const retailerId = shop.profile.row.id;
    const salesDate = this.clock.day(t);
    let rowsAccepted = 0;
    for (let k = 0; k < carried.length; k++) {
      const qtyPacks = recorded[k]!;
      if (qtyPacks <= 0) continue;
      rowsAccepted++;
      this.sink.push('posDailySales', { retailerId, specId: carried[k]!.spec.row.id, salesDate, qtyPacks, uploadId });
    }
    // Uploads go in after closing, between 20:30 and 23:50.
    this.sink.push('uploads', {
      id: uploadId,
      retailerId,
      batchId: null,
      kind: 'sales',
      source: 'seed',
      businessDate: salesDate,
      createdByUserId: shop.userId,
      createdAt: this.clock.instant(t, shop.rng.int(20 * 60 + 30, 23 * 60 + 50)),
      rowsAccepted,
      rowsRejected,
    });
  }

  // ---------------------------------------------------------------- injected errors

  /** At most one error per retailer-week, decided once per week (lazily, the first time it is asked). */
  private injectionPlan(shop: Shop, week: number): InjectionPlan | null {
    const known = shop.injectionPlans.get(week);
    if (known !== undefined) return known;
    let plan: InjectionPlan | null = null;
    const rng = shop.errorRng;
    if (shop.profile.uploadHabit !== 'never' && rng.chance(this.input.errorRatePerRetailerWeek)) {
      let kind = rng.weightedPick<InjectionKind>(['scan_x10', 'sales_spike', 'count_discrepancy', 'unknown_barcode'], [0.3, 0.25, 0.25, 0.2]);
      if (kind === 'count_discrepancy' && shop.profile.uploadHabit !== 'regular') kind = 'scan_x10';
      const dayIndex = kind === 'count_discrepancy' ? week * 7 + shop.profile.row.orderWeekday - 1 : week * 7 + rng.int(0, 6);
      plan = { kind, dayIndex };
    }
    shop.injectionPlans.set(week, plan);
    return plan;
  }

  /**
   * Candidates for an error: carried specs without an error in the last three weeks, so no two errors
   * ever meet in one count-to-count window of the same spec (they could cancel out).
   */
  private injectable(shop: Shop, t: number, k: number): boolean {
    const last = shop.lastInjectedWeekBySpec.get(shop.carried[k]!.spec.index);
    return last === undefined || Math.floor(t / 7) - last > 3;
  }

  private recordInjection(shop: Shop, t: number, k: number, kind: InjectionKind, detail: Record<string, unknown>) {
    const spec = shop.carried[k]!.spec;
    shop.lastInjectedWeekBySpec.set(spec.index, Math.floor(t / 7));
    this.sink.push('seedInjections', { retailerId: shop.profile.row.id, specId: spec.row.id, day: this.clock.day(t), kind, detail: JSON.stringify(detail) });
  }

  /** Changes one spec's recorded sales for the day; returns the rows the upload rejected. */
  private injectSalesError(shop: Shop, t: number, kind: InjectionKind, sold: number[], recorded: number[]): number {
    const rng = shop.errorRng;
    let best = -1;
    for (let k = 0; k < sold.length; k++) if (this.injectable(shop, t, k) && sold[k]! > 0 && (best < 0 || sold[k]! > sold[best]!)) best = k;
    switch (kind) {
      case 'scan_x10': {
        // Packs typed as cartons: only visible on a spec that sold something that day.
        if (best < 0) return 0;
        recorded[best] = sold[best]! * 10;
        this.recordInjection(shop, t, best, kind, { trueQtyPacks: sold[best], recordedQtyPacks: recorded[best] });
        return 0;
      }
      case 'sales_spike': {
        const candidates = shop.carried.map((_, k) => k).filter((k) => this.injectable(shop, t, k));
        if (candidates.length === 0) return 0;
        const k = rng.pick(candidates);
        const item = shop.carried[k]!;
        const extra = Math.max(30, Math.round(item.ratePacksPerDay * 15));
        recorded[k] = sold[k]! + extra;
        this.recordInjection(shop, t, k, kind, { trueQtyPacks: sold[k], recordedQtyPacks: recorded[k] });
        return 0;
      }
      case 'unknown_barcode': {
        // Some packs scanned under a mistyped code: the upload rejects that row, so the spec's recorded
        // sales fall short of the truth. The row cannot be stored (no spec); the spec it belonged to is.
        if (best < 0) return 0;
        const rejectedQtyPacks = rng.int(1, sold[best]!);
        recorded[best] = sold[best]! - rejectedQtyPacks;
        const barcode = mistypedBarcode(rng, shop.carried[best]!.spec.row.packBarcode);
        this.recordInjection(shop, t, best, kind, { barcode, trueQtyPacks: sold[best], recordedQtyPacks: recorded[best], rejectedQtyPacks });
        return 1;
      }
      case 'count_discrepancy':
        return 0;
    }
  }

  // ---------------------------------------------------------------- stock counts

  private countStock(shop: Shop, t: number) {
    if (shop.profile.uploadHabit !== 'regular') return;
    const retailerId = shop.profile.row.id;
    const countedMinutes = shop.rng.int(7 * 60 + 30, 8 * 60 + 45);
    const uploadId = this.nextUploadId++;
    const stockCountId = this.nextStockCountId++;
    const recorded = shop.carried.map((item) => item.stockPacks);
    const plan = this.injectionPlan(shop, Math.floor(t / 7));
    if (plan && plan.kind === 'count_discrepancy' && plan.dayIndex === t) {
      const candidates = shop.carried.map((_, k) => k).filter((k) => this.injectable(shop, t, k));
      if (candidates.length > 0) {
        const rng = shop.errorRng;
        const k = rng.pick(candidates);
        let offset = rng.int(1, 4) * (rng.chance(0.5) ? 1 : -1);
        if (recorded[k]! + offset < 0) offset = -offset;
        recorded[k] = recorded[k]! + offset;
        this.recordInjection(shop, t, k, 'count_discrepancy', { trueQtyPacks: shop.carried[k]!.stockPacks, recordedQtyPacks: recorded[k], offsetPacks: offset });
      }
    }
    this.sink.push('uploads', {
      id: uploadId,
      retailerId,
      batchId: null,
      kind: 'stock_count',
      source: 'seed',
      businessDate: this.clock.day(t),
      createdByUserId: shop.userId,
      createdAt: this.clock.instant(t, countedMinutes + shop.rng.int(3, 20)),
      rowsAccepted: recorded.length,
      rowsRejected: 0,
    });
    this.sink.push('stockCounts', { id: stockCountId, retailerId, countedAt: this.clock.instant(t, countedMinutes), uploadId });
    shop.carried.forEach((item, k) => {
      this.sink.push('stockCountLines', { stockCountId, specId: item.spec.row.id, qtyPacks: recorded[k]! });
    });
  }

  // ---------------------------------------------------------------- ordering

  /**
   * The week's order: for each carried spec the system suggests an order-up-to quantity and the owner
   * mostly takes it, sometimes adjusts it, sometimes goes by feel; scarce specs get ordered to the cap.
   * With `commit` false (a draft) the shop's assortment is left untouched.
   */
  private decideOrder(shop: Shop, cycle: CyclePlan, t: number, commit: boolean): DraftOrder | null {
    const { profile, rng } = shop;
    const grade = profile.row.grade;
    const leadDays = cycle.row.leadDays;
    const horizonDays = 7 + leadDays;
    const lines: DraftLine[] = [];
    const hasHistory = profile.uploadHabit !== 'never';
    for (const item of shop.carried) {
      const spec = item.spec;
      if (spec.row.isOrderable !== 1) continue;
      if (spec.discontinuedFrom !== null && this.clock.day(t) >= spec.discontinuedFrom) continue;
      const cap = this.input.caps.capFor(cycle.index, spec.index, grade);
      const ppc = spec.row.packsPerCarton;
      // The owner (and the suggestion the seed stands in for) goes by the pace as sales have shown it lately.
      const rate = item.ownerRatePacksPerDay * this.clock.meanFactor(t + leadDays, 7, spec.row.priceClass);

      let suggested: number | null = null;
      if (hasHistory) {
        const forecast = rate * rng.lognormalNoise(0.12);
        const sigma = Math.sqrt(horizonDays * forecast * (1 + forecast / item.dispersion));
        suggested = roundDeficitToCartons(forecast * horizonDays + Z_SERVICE_90 * sigma - item.stockPacks, ppc);
        if (cap !== null) suggested = Math.min(suggested, cap);
      }
      const ownTarget = Math.max(rate * horizonDays * profile.coverFactor * rng.lognormalNoise(0.2), profile.minShelfPacks);
      const own = roundDeficitToCartons(ownTarget - item.stockPacks, ppc);
      let requested: number;
      if (suggested === null) requested = own;
      else {
        const u = rng.next();
        requested = u < 0.55 ? suggested : u < 0.85 ? Math.round(suggested * rng.lognormalNoise(0.35)) : own;
      }
      // 紧俏: owners order to the cap while it still sells, even beyond what the shelf needs.
      if (spec.row.isScarce === 1 && cap !== null && item.stockPacks < rate * horizonDays * 2 + ppc && rng.chance(0.65)) requested = cap;
      if (cap !== null) requested = Math.min(requested, cap);
      // A declined suggestion leaves no line: the ordering code stores only what is asked for.
      if (requested > 0) lines.push({ item, requestedCartons: requested, suggestedCartons: suggested, capCartons: cap, allocatedCartons: null });
    }
    if (commit) lines.push(...this.takeUpNewSpecs(shop, cycle, t));
    if (lines.length === 0) return null;
    return { shop, orderDayIndex: t, lines, status: 'submitted' };
  }

  /** New specs (新品) reach more shops week by week; the first order is the staff's starting quantity. */
  private takeUpNewSpecs(shop: Shop, cycle: CyclePlan, t: number): DraftLine[] {
    const { profile, rng } = shop;
    const lines: DraftLine[] = [];
    for (const spec of this.newSpecs) {
      if (shop.newSpecsTaken.has(spec.index) || spec.row.launchDate === null || spec.row.launchDate > this.clock.day(t)) continue;
      const chance = (profile.row.marketType === 'urban' ? 0.22 : 0.1) * (0.6 + profile.row.grade / 25);
      if (!rng.chance(chance)) continue;
      shop.newSpecsTaken.add(spec.index);
      const item: CarriedSpec = carriedSpec(spec, newSpecRate(rng, profile), 0);
      initItemDemand(shop.levelRng, profile, item);
      shop.carried.push(item);
      const cap = this.input.caps.capFor(cycle.index, spec.index, profile.row.grade);
      const starting = profile.row.grade >= 15 ? 2 : 1;
      const requested = Math.min(cap ?? starting, rng.chance(0.8) ? starting : starting + 1);
      lines.push({ item, requestedCartons: requested, suggestedCartons: Math.min(cap ?? starting, starting), capCartons: cap, allocatedCartons: null });
    }
    return lines;
  }

  /** Closes a past cycle: cancellations and payment failures, scarce allocation, supply, deliveries. */
  private settleDeliveredCycle(cycle: CyclePlan, orders: DraftOrder[]) {
    for (const order of orders) {
      const u = order.shop.rng.next();
      order.status = u < ORDER_CANCEL_RATE ? 'cancelled' : u < ORDER_CANCEL_RATE + ORDER_FAIL_RATE ? 'failed' : 'delivered';
    }
    const rng = Rng.derived(this.input.seed, 'supply', cycle.index);
    const linesBySpec = new Map<number, DraftLine[]>();
    const gradeOfLine = new Map<DraftLine, number>();
    for (const order of orders) {
      if (order.status === 'cancelled') continue;
      for (const line of order.lines) {
        const list = linesBySpec.get(line.item.spec.index) ?? [];
        list.push(line);
        linesBySpec.set(line.item.spec.index, list);
        gradeOfLine.set(line, order.shop.profile.row.grade);
      }
    }
    const gifting = giftPressure(cycle.row.startsOn) >= 1.3;
    for (const spec of this.input.specs) {
      if (spec.row.isOrderable !== 1) continue;
      const lines = linesBySpec.get(spec.index) ?? [];
      const requested = lines.reduce((sum, l) => sum + l.requestedCartons, 0);
      let supplyCartons: number | null;
      if (spec.discontinuedFrom !== null && spec.discontinuedFrom <= cycle.row.startsOn) supplyCartons = 0;
      else if (spec.row.isScarce === 1) {
        // Planned before ordering from the expected demand; sometimes short, more often in gift seasons.
        supplyCartons = requested === 0 ? rng.int(5, 20) : Math.max(1, Math.round(requested * rng.uniform(0.78, 1.12) * (gifting ? 0.85 : 1)));
      } else supplyCartons = spec.hasSupplyPlan ? Math.ceil(requested * rng.uniform(1.2, 1.6)) + rng.int(5, 30) : null;
      const allocated =
        supplyCartons === null
          ? lines.map((l) => l.requestedCartons)
          : allocateShortSupply(
              lines.map((l) => ({ grade: gradeOfLine.get(l)!, requestedCartons: l.requestedCartons })),
              supplyCartons,
            );
      lines.forEach((l, i) => (l.allocatedCartons = allocated[i]!));
      this.lastRequestedCartonsBySpec[spec.index] = requested;
      this.pushSupply({ cycleId: cycle.row.id, specId: spec.row.id, supplyCartons });
    }
    this.recordOrders(cycle, orders);
  }

  private pushSupply(row: Selectable<CycleSupplyTable>) {
    this.sink.push('cycleSupply', row);
  }

  /** Supply for the open and the planned cycle, loaded ahead from the last delivered cycle's demand. */
  private recordPlannedSupply(cycle: CyclePlan) {
    const rng = Rng.derived(this.input.seed, 'supply', cycle.index);
    for (const spec of this.input.specs) {
      if (spec.row.isOrderable !== 1) continue;
      const last = this.lastRequestedCartonsBySpec[spec.index]!;
      const supplyCartons =
        spec.discontinuedFrom !== null && spec.discontinuedFrom <= cycle.row.startsOn
          ? 0
          : spec.row.isScarce === 1
            ? last === 0
              ? rng.int(5, 20)
              : Math.max(1, Math.round(last * rng.uniform(0.8, 1.05)))
            : spec.hasSupplyPlan
              ? Math.ceil(last * rng.uniform(1.3, 1.6)) + rng.int(5, 30)
              : null;
      this.pushSupply({ cycleId: cycle.row.id, specId: spec.row.id, supplyCartons });
    }
  }

  /** Writes orders with their lines, cart and events; delivered ones are booked for delivery `leadDays` after the order day. */
  private recordOrders(cycle: CyclePlan, orders: DraftOrder[]) {
    for (const order of orders) {
      if (order.status === 'draft') this.recordDraft(cycle, order);
      else this.recordPlacedOrder(cycle, order);
    }
  }

  /** A draft as the ordering page saves it: the cart only, no submitted lines, totals still 0. */
  private recordDraft(cycle: CyclePlan, order: DraftOrder) {
    const { shop } = order;
    const orderId = this.nextOrderId++;
    const times = this.draftTimes(shop, cycle);
    this.sink.push('orders', {
      id: orderId,
      retailerId: shop.profile.row.id,
      cycleId: cycle.row.id,
      status: 'draft',
      submittedByUserId: null,
      onBehalf: 0,
      submittedAt: null,
      totalCartons: 0,
      totalAmountFen: 0,
      failureReason: null,
      createdAt: times.createdAt,
      updatedAt: times.updatedAt,
      deliveredOn: null,
      receiptConfirmedAt: null,
      allocationConfirmedAt: null,
      allocationProblem: null,
      allocationProblemAt: null,
    });
    for (const line of order.lines) this.sink.push('cartLines', { orderId, specId: line.item.spec.row.id, qtyCartons: line.requestedCartons });
  }

  private recordPlacedOrder(cycle: CyclePlan, order: DraftOrder) {
    const { shop, orderDayIndex: t, status } = order;
    const rng = shop.rng;
    const orderId = this.nextOrderId++;
    const onBehalf = rng.chance(shop.profile.onBehalfProbability);
    const submittedByUserId = onBehalf ? shop.managerUserId : shop.userId;
    const times = this.submissionTimes(shop, cycle, t, onBehalf);
    const deliveryIndex = t + cycle.row.leadDays;
    const cancelledAt =
      status === 'cancelled' ? minInstant(addMinutes(times.submittedAt, rng.int(10, 180)), shanghaiToInstant(this.clock.day(t), cycle.row.cutoffLocalTime)) : null;
    const updatedAt =
      status === 'delivered'
        ? this.clock.instant(deliveryIndex, rng.int(9 * 60, 16 * 60))
        : status === 'failed'
          ? this.clock.instant(t, rng.int(17 * 60 + 30, 20 * 60))
          : (cancelledAt ?? times.submittedAt);
    let totalCartons = 0;
    let totalAmountFen = 0;
    const delivery: PendingDelivery = { dayIndex: deliveryIndex, orderId, lines: [] };
    for (const line of order.lines) {
      const unitPriceFen = line.item.spec.row.wholesalePriceFenPerCarton;
      const allocated = status === 'delivered' || status === 'failed' ? line.allocatedCartons : null;
      totalCartons += line.requestedCartons;
      totalAmountFen += lineAmountFen(line.requestedCartons, unitPriceFen);
      const specId = line.item.spec.row.id;
      this.sink.push('orderLines', {
        id: this.nextOrderLineId++,
        orderId,
        specId,
        qtyRequestedCartons: line.requestedCartons,
        capCartons: line.capCartons,
        suggestedCartons: line.suggestedCartons,
        qtyAllocatedCartons: allocated,
        unitPriceFen,
        qtyReceivedCartons: null,
        deviationReason: null,
      });
      // While the cycle is open the cart mirrors what was submitted, as the ordering page leaves it.
      if (cycle.kind === 'current') this.sink.push('cartLines', { orderId, specId, qtyCartons: line.requestedCartons });
      if (status === 'delivered' && allocated !== null && allocated > 0) {
        delivery.lines.push({ item: line.item, qtyPacks: cartonsToPacks(allocated, line.item.spec.row.packsPerCarton) });
      }
    }
    this.sink.push('orders', {
      id: orderId,
      retailerId: shop.profile.row.id,
      cycleId: cycle.row.id,
      status,
      submittedByUserId,
      onBehalf: onBehalf ? 1 : 0,
      submittedAt: times.submittedAt,
      totalCartons,
      totalAmountFen,
      failureReason: status === 'failed' ? rng.pick(FAILURE_REASONS) : null,
      createdAt: times.createdAt,
      updatedAt,
      deliveredOn: status === 'delivered' ? this.clock.day(deliveryIndex) : null,
      // Shops confirm most deliveries the same evening; the demo treats all history as confirmed.
      receiptConfirmedAt: status === 'delivered' ? updatedAt : null,
      // History skips the allocation check (配货结果核查): seeded cycles go straight from ordering to delivery.
      allocationConfirmedAt: null,
      allocationProblem: null,
      allocationProblemAt: null,
    });
    this.recordEvents(shop, orderId, { onBehalf, submittedByUserId, times, totalCartons, totalAmountFen, cancelledAt });
    if (delivery.lines.length > 0) shop.pending.push(delivery);
  }

  /**
   * The order's audit trail as the ordering code keeps it: a submit, for some orders a first submit and a
   * later change (the earlier totals differ by a carton or three), and the cancel of cancelled orders.
   */
  private recordEvents(
    shop: Shop,
    orderId: number,
    o: { onBehalf: boolean; submittedByUserId: number; times: OrderTimes; totalCartons: number; totalAmountFen: number; cancelledAt: string | null },
  ) {
    const rng = shop.rng;
    const event = (at: string, kind: OrderEventKind, totalCartons: number, totalAmountFen: number) =>
      this.sink.push('orderEvents', { id: this.nextOrderEventId++, orderId, at, actorUserId: o.submittedByUserId, onBehalf: o.onBehalf ? 1 : 0, kind, totalCartons, totalAmountFen });
    const firstSubmitAt = o.times.firstSubmittedAt;
    if (firstSubmitAt !== o.times.submittedAt) {
      const earlierCartons = Math.max(1, o.totalCartons + rng.pick([-3, -2, -1, 1, 2]));
      event(firstSubmitAt, 'submitted', earlierCartons, Math.round((o.totalAmountFen / o.totalCartons) * earlierCartons));
      event(o.times.submittedAt, 'changed', o.totalCartons, o.totalAmountFen);
    } else event(o.times.submittedAt, 'submitted', o.totalCartons, o.totalAmountFen);
    if (o.cancelledAt !== null) event(o.cancelledAt, 'cancelled', o.totalCartons, o.totalAmountFen);
  }

  /**
   * When the order went in: most on the order day morning, some in the afternoon before the 17:00
   * cut-off, some early in the window (from the opening on Saturday); managers during their visit. About
   * one order in sixteen was submitted earlier and changed later (submittedAt is the last submit).
   */
  private submissionTimes(shop: Shop, cycle: CyclePlan, t: number, onBehalf: boolean): OrderTimes {
    const rng = shop.rng;
    const opensAt = cycle.row.opensAt;
    let submittedAt: string;
    const u = rng.next();
    if (onBehalf) submittedAt = this.clock.instant(t, rng.int(9 * 60, 16 * 60 + 30));
    else if (u < 0.15) {
      // From the opening Saturday to the eve of the order day (day indices may precede the history).
      const openIndex = this.clock.index(cycle.row.startsOn) - 2;
      const day = rng.int(openIndex, t - 1);
      submittedAt = maxInstant(this.clock.instant(day, rng.int(8 * 60, 22 * 60)), addMinutes(opensAt, rng.int(5, 120)));
    } else if (u < 0.75) submittedAt = this.clock.instant(t, rng.int(7 * 60 + 30, 12 * 60));
    else submittedAt = this.clock.instant(t, rng.int(12 * 60, 16 * 60 + 55));
    const changed = rng.chance(0.06);
    const firstSubmittedAt = changed ? maxInstant(addMinutes(submittedAt, -rng.int(20, 600)), addMinutes(opensAt, 1)) : submittedAt;
    const createdAt = maxInstant(addMinutes(firstSubmittedAt, -rng.int(2, 40)), opensAt);
    return { createdAt, firstSubmittedAt: firstSubmittedAt < submittedAt ? firstSubmittedAt : submittedAt, submittedAt };
  }

  /** Drafts were started after the window opened and before today began. */
  private draftTimes(shop: Shop, cycle: CyclePlan): { createdAt: string; updatedAt: string } {
    const rng = shop.rng;
    const fromMs = Date.parse(cycle.row.opensAt);
    const toMs = Date.parse(shanghaiToInstant(this.input.today)) - 30 * 60_000;
    const createdMs = fromMs + Math.floor(rng.next() * Math.max(0, toMs - fromMs));
    const updatedMs = Math.min(toMs, createdMs + rng.int(1, 25) * 60_000);
    return { createdAt: new Date(createdMs).toISOString(), updatedAt: new Date(updatedMs).toISOString() };
  }

  /** In the open cycle a few shops whose order day is still ahead have started a draft. */
  private draftOpenOrders() {
    const current = this.input.cycles.find((c) => c.kind === 'current');
    if (!current) return;
    const startIndex = this.clock.index(current.row.startsOn);
    const drafts: DraftOrder[] = [];
    for (const shop of this.shops) {
      if (shop.closedIndex !== Infinity || shop.profile.row.isOnline !== 1) continue;
      const t = startIndex + shop.profile.row.orderWeekday - 1;
      if (t < this.clock.todayIndex) continue;
      if (!shop.rng.chance(t === this.clock.todayIndex ? 0.25 : 0.06)) continue;
      const order = this.decideOrder(shop, current, t, false);
      if (order) drafts.push({ ...order, status: 'draft' });
    }
    this.recordOrders(current, drafts);
  }
}

/** Cartons for a deficit in packs: nothing below 30 % of a carton, else the nearest whole carton (≥ 1). */
export function roundDeficitToCartons(deficitPacks: number, packsPerCarton: number): number {
  if (deficitPacks < 0.3 * packsPerCarton) return 0;
  return Math.max(1, Math.round(deficitPacks / packsPerCarton));
}

/** A barcode with one middle digit changed: an EAN-13 with a wrong check digit, so it matches nothing. */
function mistypedBarcode(rng: Rng, barcode: string): string {
  const position = rng.int(7, 11);
  const digit = Number(barcode[position]);
  const replacement = (digit + rng.int(1, 9)) % 10;
  return barcode.slice(0, position) + String(replacement) + barcode.slice(position + 1);
}

function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

function minInstant(a: string, b: string): string {
  return a < b ? a : b;
}

function maxInstant(a: string, b: string): string {
  return a > b ? a : b;
}
