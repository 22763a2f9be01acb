/**
 * Suggested orders (销售引导购进) from the database: for one shop and its ordering cycle, assemble each spec's
 * input for the pure rule (app/domain/replenishment) — its daily sales with censored days, stock on hand
 * rolled forward from the latest count, what is allocated but not delivered, its cap and protection period —
 * run the rule, and keep every suggestion with the numbers that made it.
 */
import { orderDayOf } from '~/domain/cycle';
import { accuracyOf, accuracyRows, type ForecastPair } from '~/domain/forecast-accuracy';
import {
  checkDraft,
  decodeExplanation,
  DRAFT_LOOKBACK_CYCLES,
  type DraftCheck,
  encodeExplanation,
  protectionDaysForCycles,
  resolveReplenishmentParams,
  rolledStockIsKnown,
  suggest,
  usualOrderCartonsOf,
  USUAL_ORDER_CYCLES,
  type LevelMethod,
  type ReplenishmentInput,
  type ReplenishmentParams,
  type SalesDay,
  type Suggestion,
} from '~/domain/replenishment';
import { settleLevelMethod } from '~/domain/forms/rule-settings';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import { cartonsToPacks } from '~/domain/units';
import { sql } from 'kysely';
import type { DB } from './db.server';
import type { BusinessType } from '#db/schema';
import { bulkInsert, daysSince, jsonColumns, readJsonColumns, sqlFor } from '#db/dialect';
import { orderingCycle } from './orders.server';
import { logError } from './log.server';
import { retailerInScope, type ScopeUser } from './scope.server';

/** Days of sales history the rule reads. */
export const HISTORY_DAYS = 16 * 7;
/** A spec received within this many days is one the shop still restocks. */
const RESTOCK_WINDOW_DAYS = 56;

/** Staff's settings: the rule's parameters plus the service-level tiers and new-spec starting quantities. */
export interface RuleSettings {
  params: Partial<ReplenishmentParams>;
  /** Service level by spec importance: scarce specs, price class 一类/二类, the rest. */
  serviceLevels: { scarce: number; premium: number; standard: number };
  /** Starting order-up-to level in cartons for a new spec the shop has no history of, by grade band. */
  newSpecStartCartons: Array<{ gradeFrom: number; gradeTo: number; cartons: number }>;
  /** Staff chose params.levelMethod; false: none stored, the rule's default applies (settleLevelMethod). */
  levelMethodChosen: boolean;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  params: {},
  levelMethodChosen: false,
  serviceLevels: { scarce: 0.97, premium: 0.95, standard: 0.92 },
  newSpecStartCartons: [
    { gradeFrom: 1, gradeTo: 10, cartons: 1 },
    { gradeFrom: 11, gradeTo: 20, cartons: 2 },
    { gradeFrom: 21, gradeTo: 30, cartons: 3 },
  ],
};

/**
 * The settings in force (the newest version), or the defaults as version 0 when staff never saved any. A level
 * method the version names without staff having chosen it is set aside for the rule's default (settleLevelMethod).
 */
export async function currentRuleSettings(db: DB): Promise<{ version: number; settings: RuleSettings; levelMethodSetAside: LevelMethod | null }> {
  const row = await db.selectFrom('ruleSettings').select(['version', 'settingsJson']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return { version: 0, settings: DEFAULT_RULE_SETTINGS, levelMethodSetAside: null };
  const saved = JSON.parse(row.settingsJson) as Partial<RuleSettings>;
  const level = settleLevelMethod({ params: saved.params ?? {}, levelMethodChosen: saved.levelMethodChosen });
  return { version: row.version, settings: { ...DEFAULT_RULE_SETTINGS, ...saved, params: level.params, levelMethodChosen: level.levelMethodChosen }, levelMethodSetAside: level.setAside };
}

export interface ShopData {
  sales: Map<number, Map<string, number>>;
  receipts: Map<number, Map<string, number>>;
  /** Counts per spec, oldest first: { day, qtyPacks } (a count is taken in the morning, before trade). */
  counts: Map<number, Array<{ day: string; qtyPacks: number }>>;
  uploadedDays: Set<string>;
  /**
   * Spec-days an upload named only in refused lines, with no earlier figure (unknown_spec_days): the spec's sales
   * (or receipts) that day are unknown although the day has an upload.
   */
  unknownSales: Map<number, Set<string>>;
  unknownReceipts: Map<number, Set<string>>;
  inTransitPacks: Map<number, number>;
}

/**
 * Days since `fromDay` of a day column, as a whole number: cheaper for the database to print than the date
 * itself (PostgreSQL's to_char cost 2.5 times the whole aggregate).
 */
function dayOffset(db: DB, column: string, fromDay: string) {
  return daysSince(db, sql.ref(column), fromDay);
}

/**
 * Calls `each` with every row of a `jsonColumns` aggregate of up to three whole-number columns (missing ones 0).
 * Flat arrays, not an array per row: a city batch reads ~30 million items (see jsonColumns for the measurement).
 */
function eachItem(json: string | null, each: (a: number, b: number, c: number) => void) {
  const [a, b, c] = readJsonColumns(json, 3) as [number[], number[], number[]];
  for (let i = 0; i < a.length; i++) each(a[i]!, b[i] ?? 0, c[i] ?? 0);
}

function emptyShopData(): ShopData {
  return { sales: new Map(), receipts: new Map(), counts: new Map(), uploadedDays: new Set(), unknownSales: new Map(), unknownReceipts: new Map(), inTransitPacks: new Map() };
}

/** The history window of a shop ordering on `orderDay`: the HISTORY_DAYS days before it, oldest first. */
export function historyDaysBefore(orderDay: string): string[] {
  const fromDay = addDays(orderDay, -HISTORY_DAYS);
  return Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(fromDay, i));
}

/**
 * Several shops' data for one history window (`days`, see historyDaysBefore), in three queries whatever their number. Each shop's sales,
 * receipts and upload days come back as one row of JSON arrays (spec ids, days counted from `fromDay`, quantities),
 * aggregated by the database through the shop's own index range: a shop has ~1,600 sales rows in 16 weeks, and
 * turning that many rows into objects, one query per shop, was most of a city batch's time on PostgreSQL.
 */
export async function loadShopsData(db: DB, retailerIds: number[], days: readonly string[]): Promise<Map<number, ShopData>> {
  const fromDay = days[0]!;
  const orderDay = addDays(days.at(-1)!, 1);
  const [perShop, counts, inTransit] = await Promise.all([
    db
      .selectFrom('retailers as r')
      .select((eb) => [
        'r.id',
        eb
          .selectFrom('posDailySales as s')
          .select(jsonColumns(db, [sql.ref('s.spec_id'), dayOffset(db, 's.sales_date', fromDay), sql.ref('s.qty_packs')]).as('v'))
          .whereRef('s.retailerId', '=', 'r.id')
          .where('s.salesDate', '>=', fromDay)
          .where('s.salesDate', '<', orderDay)
          .as('sales'),
        eb
          .selectFrom('receipts as s')
          .select(jsonColumns(db, [sql.ref('s.spec_id'), dayOffset(db, 's.received_on', fromDay), sql.ref('s.qty_packs')]).as('v'))
          .whereRef('s.retailerId', '=', 'r.id')
          .where('s.receivedOn', '>=', fromDay)
          .where('s.receivedOn', '<', orderDay)
          .as('receipts'),
        eb
          .selectFrom('uploads as u')
          .select(jsonColumns(db, [dayOffset(db, 'u.business_date', fromDay)]).as('v'))
          .whereRef('u.retailerId', '=', 'r.id')
          .where('u.kind', '=', 'sales')
          .where('u.businessDate', '>=', fromDay)
          .where('u.businessDate', '<', orderDay)
          .as('uploads'),
        // Kind as a number (1 sales, 2 receipts), so the item reads as the others do.
        eb
          .selectFrom('unknownSpecDays as k')
          .select(jsonColumns(db, [sql.ref('k.spec_id'), dayOffset(db, 'k.day', fromDay), sql`case when k.kind = 'sales' then 1 else 2 end`]).as('v'))
          .whereRef('k.retailerId', '=', 'r.id')
          .where('k.day', '>=', fromDay)
          .where('k.day', '<', orderDay)
          .as('unknown'),
      ])
      .where('r.id', 'in', retailerIds)
      .execute(),
    db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCounts.retailerId', 'stockCounts.countedAt', jsonColumns(db, [sql.ref('stock_count_lines.spec_id'), sql.ref('stock_count_lines.qty_packs')]).as('lines')])
      .where('stockCounts.retailerId', 'in', retailerIds)
      .where('stockCounts.countedAt', '>=', shanghaiToInstant(fromDay))
      .where('stockCounts.countedAt', '<', shanghaiToInstant(orderDay, '23:59:59'))
      .groupBy(['stockCounts.id', 'stockCounts.retailerId', 'stockCounts.countedAt'])
      .orderBy('stockCounts.countedAt')
      .orderBy('stockCounts.id')
      .execute(),
    db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('specs', 'specs.id', 'orderLines.specId')
      .select(['orders.retailerId', 'orderLines.specId', 'orderLines.qtyAllocatedCartons', 'specs.packsPerCarton'])
      .where('orders.retailerId', 'in', retailerIds)
      .where('orders.status', 'in', ['allocated', 'confirmed'])
      .execute(),
  ]);
  const shops = new Map(retailerIds.map((id) => [id, emptyShopData()]));
  const addByDay = (target: Map<number, Map<string, number>>, joined: string | null) =>
    eachItem(joined, (specId, offset, qtyPacks) => {
      const day = days[offset]!;
      const d = target.get(specId) ?? new Map<string, number>();
      d.set(day, (d.get(day) ?? 0) + qtyPacks);
      target.set(specId, d);
    });
  for (const r of perShop) {
    const shop = shops.get(r.id)!;
    addByDay(shop.sales, r.sales);
    addByDay(shop.receipts, r.receipts);
    eachItem(r.uploads, (offset) => shop.uploadedDays.add(days[offset]!));
    eachItem(r.unknown, (specId, offset, kind) => {
      const target = kind === 1 ? shop.unknownSales : shop.unknownReceipts;
      const set = target.get(specId) ?? new Set<string>();
      set.add(days[offset]!);
      target.set(specId, set);
    });
  }
  for (const c of counts) {
    const shop = shops.get(c.retailerId)!;
    const day = shanghaiDayOf(c.countedAt);
    eachItem(c.lines, (specId, qtyPacks) => {
      const list = shop.counts.get(specId) ?? [];
      // A later count on the same morning replaces an earlier one.
      if (list.at(-1)?.day === day) list[list.length - 1] = { day, qtyPacks };
      else list.push({ day, qtyPacks });
      shop.counts.set(specId, list);
    });
  }
  for (const l of inTransit) {
    const transit = shops.get(l.retailerId)!.inTransitPacks;
    transit.set(l.specId, (transit.get(l.specId) ?? 0) + cartonsToPacks(l.qtyAllocatedCartons ?? 0, l.packsPerCarton));
  }
  return shops;
}

/**
 * The spec's daily history with censored days: days the shop sent no sales (nothing is known), and days it
 * had none of the spec on the shelf (derived from its counts, receipts and sales) and sold none — a zero
 * then says nothing about demand; also days whose figure for the spec an upload refused with no earlier figure
 * to keep. Also returns stock on the order-day morning, rolled forward from the latest count: null without a
 * count, or when the count is too old or too many days since are not on record to roll it forward
 * (rolledStockIsKnown) — unknown, not 0. Days from `today` on (suggestions computed ahead of the order day) have
 * no data yet: they are not missing records.
 */
export function specHistory(days: readonly string[], data: ShopData, specId: number, today?: string): { history: SalesDay[]; onHandPacks: number | null } {
  const sales = data.sales.get(specId);
  const receipts = data.receipts.get(specId);
  const counts = data.counts.get(specId) ?? [];
  const unknownSales = data.unknownSales.get(specId);
  const unknownReceipts = data.unknownReceipts.get(specId);
  let nextCount = 0;
  let stock: number | null = null;
  let countIndex = 0;
  let unrecordedSalesSinceCount = 0;
  let unrecordedReceiptsSinceCount = 0;
  const history: SalesDay[] = [];
  // An empty shelf hides demand only while the shop still restocks the spec; a spec it stopped receiving is
  // left uncensored, so the rule can see that it no longer sells there.
  const lastReceipt = receipts ? [...receipts.keys()].sort().at(-1) : undefined;
  const stillRestocked = lastReceipt !== undefined && lastReceipt >= days[Math.max(0, days.length - RESTOCK_WINDOW_DAYS)]!;
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    while (nextCount < counts.length && counts[nextCount]!.day <= day) {
      if (counts[nextCount]!.day === day) {
        stock = counts[nextCount]!.qtyPacks;
        countIndex = i;
        unrecordedSalesSinceCount = 0;
        unrecordedReceiptsSinceCount = 0;
      }
      nextCount++;
    }
    const sold = sales?.get(day) ?? 0;
    const received = receipts?.get(day) ?? 0;
    const salesUnknown = !data.uploadedDays.has(day) || unknownSales?.has(day) === true;
    const outOfStock = stillRestocked && stock !== null && stock <= 0 && received === 0 && sold === 0;
    history.push({ day, qtyPacks: sold, censored: salesUnknown || outOfStock });
    if (stock !== null) {
      stock += received - sold;
      if (salesUnknown && (today === undefined || day < today)) unrecordedSalesSinceCount++;
      if (unknownReceipts?.has(day)) unrecordedReceiptsSinceCount++;
    }
  }
  const known = stock !== null && rolledStockIsKnown(days.length - countIndex, unrecordedSalesSinceCount, unrecordedReceiptsSinceCount);
  return { history, onHandPacks: known ? stock : null };
}

function serviceLevelOf(spec: { isScarce: number; priceClass: number }, s: RuleSettings): number {
  return spec.isScarce ? s.serviceLevels.scarce : spec.priceClass <= 2 ? s.serviceLevels.premium : s.serviceLevels.standard;
}

export interface ComputedSuggestion {
  specId: number;
  suggestion: Suggestion;
}

type CycleRow = NonNullable<Awaited<ReturnType<typeof orderingCycle>>>;

/** What every shop's computation of a run shares: loaded once per batch instead of once per shop. */
interface SharedContext {
  specs: Array<{ id: number; packsPerCarton: number; isScarce: number; isNew: number; isDiscontinued: number; isOrderable: number; priceClass: number }>;
  settings: RuleSettings;
  version: number;
  params: Readonly<ReplenishmentParams>;
  cycles: Map<string, CycleRow | null>;
  nextCycles: Map<number, { startsOn: string; leadDays: number } | null>;
  caps: Map<number, Array<{ specId: number; gradeFrom: number; gradeTo: number; capCartons: number }>>;
  /** Similar shops' profiles by group key (see peerKey), read once per run (see peerProfileFor). */
  peerProfiles: Map<string, PeerProfile>;
  /** Shops computed with an empty profile: the batch computes them again once their group has suggestions. */
  withoutPeers: Set<number>;
  /** A batch builds profiles from the stored suggestions; a single shop reads the ones the last batch kept. */
  batch: boolean;
}

async function sharedContext(db: DB, batch = false): Promise<SharedContext> {
  const [specs, { version, settings }] = await Promise.all([
    db.selectFrom('specs').select(['id', 'packsPerCarton', 'isScarce', 'isNew', 'isDiscontinued', 'isOrderable', 'priceClass']).execute(),
    currentRuleSettings(db),
  ]);
  return {
    specs,
    settings,
    version,
    params: resolveReplenishmentParams(settings.params),
    cycles: new Map(),
    nextCycles: new Map(),
    caps: new Map(),
    peerProfiles: new Map(),
    withoutPeers: new Set(),
    batch,
  };
}

/**
 * Similar shops (同档位同业态): the same business type and grade band of five (1–5, 6–10, …, as caps usually go).
 * Their stored suggestions give, per spec, how many of them sell it and their mean forecast daily sales — the
 * prior for a shop with too little history of the spec, and the list of specs common in its group.
 */
const PEER_GRADE_BAND = 5;
/** Only forecasts read from a shop's own sales feed the prior (a prior must not feed the next prior). */
const OWN_FORECAST_REASONS = ['normal', 'short_history_prior'];
/** A spec the shop never carried is offered when at least this share of at least this many similar shops sell it. */
export const OFFER_MIN_PEER_SHARE = 0.5;
export const OFFER_MIN_PEERS = 5;
/**
 * Shops a batch reads, computes and stores together: their data in five queries and their suggestions in one
 * transaction (per-shop round trips were most of a city batch's time on PostgreSQL). A chunk's transaction holds
 * only these shops' rows of the cycle.
 */
const BATCH_CHUNK_SHOPS = 100;
/**
 * Chunks in flight at once on PostgreSQL: while Node runs the rule for one chunk the database reads the next.
 * SQLite answers in-process, so it gains nothing from it.
 */
const BATCH_CHUNKS_IN_FLIGHT_POSTGRES = 2;
/** Up to this many rows (a shop's suggestions) are stored with one plain INSERT (9 parameters a row). */
const PLAIN_INSERT_MAX_ROWS = 500;

export function peerGradeBand(grade: number): [number, number] {
  const from = Math.floor((grade - 1) / PEER_GRADE_BAND) * PEER_GRADE_BAND + 1;
  return [from, from + PEER_GRADE_BAND - 1];
}

interface PeerProfile {
  /** Similar shops with suggestions in the source cycle. */
  shops: number;
  bySpec: Map<number, { shops: number; dailyPacks: number }>;
}

const peerKey = (cycleId: number, businessType: string, gradeFrom: number) => `${cycleId}:${businessType}:${gradeFrom}`;

/** `((grade - 1) / 5) * 5 + 1`: the first grade of a shop's band, in SQL (integer division in both dialects). */
const GRADE_BAND_FROM = sql<number>`((retailers.grade - 1) / ${sql.lit(PEER_GRADE_BAND)}) * ${sql.lit(PEER_GRADE_BAND)} + 1`;

/**
 * The similar shops' profiles for shops ordering in cycle `cycleId`, every group at once or only `onlyGroup`:
 * each active shop's latest stored suggestions from this cycle, the one before or the one after (shops ordering at
 * the same moment may be in neighbouring cycles), counting only forecasts read from the shop's own sales. The
 * database aggregates, so a group of thousands of shops costs a few hundred rows.
 */
async function livePeerProfiles(db: DB, cycleId: number, onlyGroup?: { businessType: BusinessType; gradeFrom: number }): Promise<Map<string, PeerProfile>> {
  const latest = db
    .selectFrom('suggestions')
    .innerJoin('retailers', 'retailers.id', 'suggestions.retailerId')
    .select(['suggestions.retailerId', 'retailers.businessType', GRADE_BAND_FROM.as('gradeFrom'), (eb) => eb.fn.max('suggestions.cycleId').as('cycleId')])
    .where('retailers.active', '=', 1)
    .where('suggestions.cycleId', '>=', cycleId - 1)
    .where('suggestions.cycleId', '<=', cycleId + 1)
    .$if(!!onlyGroup, (q) =>
      q
        .where('retailers.businessType', '=', onlyGroup!.businessType)
        .where('retailers.grade', '>=', onlyGroup!.gradeFrom)
        .where('retailers.grade', '<=', onlyGroup!.gradeFrom + PEER_GRADE_BAND - 1),
    )
    .groupBy(['suggestions.retailerId', 'retailers.businessType', 'retailers.grade']);
  const [groups, specs] = await Promise.all([
    db
      .selectFrom(latest.as('latest'))
      .select(['latest.businessType', 'latest.gradeFrom', (eb) => eb.fn.countAll().as('shops')])
      .groupBy(['latest.businessType', 'latest.gradeFrom'])
      .execute(),
    db
      .selectFrom(latest.as('latest'))
      .innerJoin('suggestions', (join) => join.onRef('suggestions.retailerId', '=', 'latest.retailerId').onRef('suggestions.cycleId', '=', 'latest.cycleId'))
      .select(['latest.businessType', 'latest.gradeFrom', 'suggestions.specId', (eb) => eb.fn.countAll().as('shops'), // PostgreSQL sums a real column as real: in double precision, the mean matches the shops' own to the last digit.
        sql<number>`sum(cast(suggestions.forecast_daily_packs as double precision))`.as('packs')])
      .where('suggestions.forecastDailyPacks', '>', 0)
      .where('suggestions.reason', 'in', OWN_FORECAST_REASONS)
      .groupBy(['latest.businessType', 'latest.gradeFrom', 'suggestions.specId'])
      .execute(),
  ]);
  const profiles = new Map<string, PeerProfile>();
  for (const g of groups) profiles.set(peerKey(cycleId, g.businessType, Number(g.gradeFrom)), { shops: Number(g.shops), bySpec: new Map() });
  for (const r of specs) {
    const shops = Number(r.shops);
    profiles.get(peerKey(cycleId, r.businessType, Number(r.gradeFrom)))?.bySpec.set(r.specId, { shops, dailyPacks: Number(r.packs) / shops });
  }
  return profiles;
}

const EMPTY_PROFILE: PeerProfile = { shops: 0, bySpec: new Map() };

/**
 * A batch reads every group's profile of every cycle it computes before it stores anything: a profile read after
 * some chunks stored would mix this run's suggestions into it, and depend on the order the chunks ran in.
 */
async function loadPeerProfiles(db: DB, shared: SharedContext, cycleIds: Iterable<number>) {
  shared.peerProfiles.clear();
  for (const cycleId of cycleIds) for (const [key, profile] of await livePeerProfiles(db, cycleId)) shared.peerProfiles.set(key, profile);
}

/**
 * The similar shops' profile for a shop ordering in cycle `cycleId`: in a batch, the one it loaded at its start
 * (loadPeerProfiles); for a single shop, the one the last batch kept, or else its group's live one.
 */
async function peerProfileFor(db: DB, shared: SharedContext, cycleId: number, retailer: { grade: number; businessType: BusinessType }): Promise<PeerProfile> {
  const [gradeFrom] = peerGradeBand(retailer.grade);
  const key = peerKey(cycleId, retailer.businessType, gradeFrom);
  let profile = shared.peerProfiles.get(key);
  if (!profile && !shared.batch) {
    profile =
      (await storedPeerProfile(db, cycleId, retailer.businessType, gradeFrom)) ??
      (await livePeerProfiles(db, cycleId, { businessType: retailer.businessType, gradeFrom })).get(key);
  }
  profile ??= EMPTY_PROFILE;
  shared.peerProfiles.set(key, profile);
  return profile;
}

/** The profile the last batch kept for the group, from this cycle or else a neighbouring one; null if none. */
async function storedPeerProfile(db: DB, cycleId: number, businessType: BusinessType, gradeFrom: number): Promise<PeerProfile | null> {
  const rows = await db
    .selectFrom('peerProfiles')
    .select(['cycleId', 'specId', 'shops', 'dailyPacks', 'groupShops'])
    .where('businessType', '=', businessType)
    .where('gradeFrom', '=', gradeFrom)
    .where('cycleId', '>=', cycleId - 1)
    .where('cycleId', '<=', cycleId + 1)
    .execute();
  if (!rows.length) return null;
  // The shop's own cycle when the batch met the group there, else the latest neighbour.
  const source = rows.some((r) => r.cycleId === cycleId) ? cycleId : Math.max(...rows.map((r) => r.cycleId));
  const kept = rows.filter((r) => r.cycleId === source);
  return { shops: kept[0]!.groupShops, bySpec: new Map(kept.map((r) => [r.specId, { shops: r.shops, dailyPacks: r.dailyPacks }])) };
}

/** After a batch: every group of the cycles it met, rebuilt from the suggestions it stored, kept for single shops' reads. */
async function storePeerProfiles(db: DB, cycleIds: Iterable<number>, now: Date) {
  const computedAt = now.toISOString();
  for (const cycleId of cycleIds) {
    const profiles = await livePeerProfiles(db, cycleId);
    const rows = [...profiles].flatMap(([key, profile]) => {
      const [, businessType, gradeFrom] = key.split(':');
      return [...profile.bySpec].map(([specId, s]) => ({
        cycleId,
        businessType: businessType as BusinessType,
        gradeFrom: Number(gradeFrom),
        specId,
        shops: s.shops,
        dailyPacks: s.dailyPacks,
        groupShops: profile.shops,
        computedAt,
      }));
    });
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('peerProfiles').where('cycleId', '=', cycleId).execute();
      await bulkInsert(trx, { table: 'peerProfiles', rows });
    });
  }
}

/** Specs common among the similar shops that this shop never carried (not new: those have their own start). */
function isCommonAmongPeers(profile: PeerProfile, specId: number): boolean {
  const spec = profile.bySpec.get(specId);
  return !!spec && profile.shops >= OFFER_MIN_PEERS && spec.shops / profile.shops >= OFFER_MIN_PEER_SHARE;
}

async function cycleFor(db: DB, shared: SharedContext, orderWeekday: number, now: Date) {
  const key = `${orderWeekday}`;
  if (!shared.cycles.has(key)) shared.cycles.set(key, await orderingCycle(db, orderWeekday, now));
  return withCycleData(db, shared, shared.cycles.get(key) ?? null);
}

/** Loads, once per run, what every shop of a cycle shares: the next cycle (for T + L) and the caps. */
async function withCycleData(db: DB, shared: SharedContext, cycle: CycleRow | null) {
  if (cycle && !shared.nextCycles.has(cycle.id)) {
    const next = await db.selectFrom('orderCycles').select(['startsOn', 'leadDays']).where('startsOn', '>', cycle.startsOn).orderBy('startsOn').limit(1).executeTakeFirst();
    shared.nextCycles.set(cycle.id, next ?? null);
    shared.caps.set(cycle.id, await db.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycle.id).execute());
  }
  return cycle;
}

async function fixedCycle(db: DB, shared: SharedContext, cycleId: number) {
  const key = `id:${cycleId}`;
  if (!shared.cycles.has(key)) shared.cycles.set(key, (await db.selectFrom('orderCycles').selectAll().where('id', '=', cycleId).executeTakeFirst()) ?? null);
  return withCycleData(db, shared, shared.cycles.get(key) ?? null);
}

type ShopRow = { id: number; grade: number; orderWeekday: number; businessType: BusinessType };

/** A shop of a run with its cycle and order day: shops sharing both are read and stored together. */
interface PlannedShop {
  retailer: ShopRow;
  cycle: CycleRow;
  orderDay: string;
}

async function planShop(db: DB, shared: SharedContext, retailer: ShopRow, now: Date, forCycleId?: number): Promise<PlannedShop | null> {
  const cycle = forCycleId === undefined ? await cycleFor(db, shared, retailer.orderWeekday, now) : await fixedCycle(db, shared, forCycleId);
  return cycle ? { retailer, cycle, orderDay: orderDayOf(cycle, retailer.orderWeekday) } : null;
}

interface ShopResult {
  cycleId: number;
  retailerId: number;
  protectionDays: number;
  settingsVersion: number;
  suggestions: ComputedSuggestion[];
}

interface ShopInputs {
  planned: PlannedShop;
  protectionDays: number;
  specs: Array<{ input: ReplenishmentInput; offered: boolean }>;
}

/**
 * The rule's input for every spec of one shop: every spec it sold, received or counted in the history window,
 * every new spec, the specs common among its similar shops, and nothing discontinued. With `data` null (the first
 * batch's second step) only the offered specs, which need no history of the shop. The usual orders are filled
 * in afterwards for the specs whose stock is unknown (withUsualOrders).
 */
function shopInputs(ctx: SharedContext, planned: PlannedShop, days: readonly string[], today: string, data: ShopData | null, carried: Set<number>, peers: PeerProfile): ShopInputs {
  const { retailer, cycle } = planned;
  const offersOnly = data === null;
  const nextCycle = ctx.nextCycles.get(cycle.id) ?? null;
  const { settings } = ctx;
  // Only the band holding this shop's grade: one cap per spec.
  const capBySpec = new Map((ctx.caps.get(cycle.id) ?? []).filter((c) => retailer.grade >= c.gradeFrom && retailer.grade <= c.gradeTo).map((c) => [c.specId, c.capCartons]));
  const protectionDays = nextCycle ? protectionDaysForCycles(cycle, nextCycle, retailer.orderWeekday) : 7 + cycle.leadDays;
  const newStart = settings.newSpecStartCartons.find((b) => retailer.grade >= b.gradeFrom && retailer.grade <= b.gradeTo)?.cartons ?? null;

  const specs: ShopInputs['specs'] = [];
  for (const spec of ctx.specs) {
    if (!spec.isOrderable || spec.isDiscontinued) continue;
    const offered = !carried.has(spec.id) && !spec.isNew && isCommonAmongPeers(peers, spec.id);
    if ((!carried.has(spec.id) && !spec.isNew && !offered) || (offersOnly && !offered)) continue;
    // A spec the shop never had: its zero sales say nothing about demand (no history), and it has none of it.
    const { history, onHandPacks } = offered || !data ? { history: [], onHandPacks: 0 } : specHistory(days, data, spec.id, today);
    specs.push({
      offered,
      input: {
        specId: spec.id,
        packsPerCarton: spec.packsPerCarton,
        capCartons: capBySpec.get(spec.id) ?? null,
        discontinued: spec.isDiscontinued === 1,
        isNewSpec: spec.isNew === 1,
        newSpecStartCartons: spec.isNew ? newStart : null,
        serviceLevel: serviceLevelOf(spec, settings),
        history,
        onHandPacks,
        inTransitPacks: data?.inTransitPacks.get(spec.id) ?? 0,
        protectionDays,
        priorDailyPacks: peers.bySpec.get(spec.id)?.dailyPacks ?? null,
      },
    });
  }
  return { planned, protectionDays, specs };
}

/**
 * Fills in the usual order (unknown-stock.ts) of every spec whose stock is unknown: what each shop ordered of it
 * over its last USUAL_ORDER_CYCLES cycles before this one. One query for the shops that have such a spec (a shop
 * that counts its stock has none, so most batches read few rows).
 */
async function withUsualOrders(db: DB, cycleStartsOn: string, shops: ShopInputs[]) {
  const unknown = shops.filter((s) => s.specs.some((x) => x.input.onHandPacks === null));
  if (!unknown.length) return;
  const recent = await recentOrderedCartons(
    db,
    unknown.map((s) => s.planned.retailer.id),
    cycleStartsOn,
  );
  for (const shop of unknown) {
    const bySpec = recent.bySpec.get(shop.planned.retailer.id);
    for (const { input } of shop.specs) {
      if (input.onHandPacks === null) input.usualOrderCartons = usualOrderCartonsOf(bySpec?.get(input.specId) ?? 0, recent.cycles);
    }
  }
}

/** Orders that count as the shop's: placed, whatever happened to them after (a failed payment still shows the need). */
const PLACED_ORDER_STATUSES = ['submitted', 'allocated', 'confirmed', 'delivered', 'failed'] as const;

/** The ids of the last `count` cycles that start before `startsOn`, newest first (a subquery). */
function cyclesBefore(db: DB, startsOn: string, count: number) {
  return db.selectFrom('orderCycles').select('id').where('startsOn', '<', startsOn).orderBy('startsOn', 'desc').limit(count);
}

/**
 * What each shop ordered of each spec, in cartons summed over its last USUAL_ORDER_CYCLES cycles before the one
 * starting on `cycleStartsOn`, and how many such cycles there are (fewer in a young county).
 */
async function recentOrderedCartons(db: DB, retailerIds: number[], cycleStartsOn: string): Promise<{ cycles: number; bySpec: Map<number, Map<number, number>> }> {
  const [cycles, rows] = await Promise.all([
    cyclesBefore(db, cycleStartsOn, USUAL_ORDER_CYCLES).execute(),
    db
      .selectFrom('orders')
      .innerJoin('orderLines', 'orderLines.orderId', 'orders.id')
      .select(['orders.retailerId', 'orderLines.specId', (eb) => eb.fn.sum<number>('orderLines.qtyRequestedCartons').as('cartons')])
      .where('orders.retailerId', 'in', retailerIds)
      .where('orders.status', 'in', PLACED_ORDER_STATUSES)
      .where('orders.cycleId', 'in', cyclesBefore(db, cycleStartsOn, USUAL_ORDER_CYCLES))
      .groupBy(['orders.retailerId', 'orderLines.specId'])
      .execute(),
  ]);
  const bySpec = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const shop = bySpec.get(r.retailerId) ?? new Map<number, number>();
    shop.set(r.specId, Number(r.cartons));
    bySpec.set(r.retailerId, shop);
  }
  return { cycles: cycles.length, bySpec };
}

/** Runs the rule on a shop's inputs. */
function computeShop(ctx: SharedContext, shop: ShopInputs): ShopResult {
  const { retailer, cycle } = shop.planned;
  const computed: ComputedSuggestion[] = [];
  for (const { input, offered } of shop.specs) {
    try {
      const suggestion = suggest(input, ctx.params);
      if (offered) suggestion.explanation.notes.push('common_in_peer_group');
      computed.push({ specId: input.specId, suggestion });
    } catch (error) {
      // A bad input for one spec (the rule names it) must not cost the shop its other suggestions.
      logError(error, { retailerId: retailer.id, specId: input.specId });
    }
  }
  return { cycleId: cycle.id, retailerId: retailer.id, protectionDays: shop.protectionDays, settingsVersion: ctx.version, suggestions: computed };
}

/**
 * Reads, computes and (with `store`) keeps the suggestions of shops that share one cycle and order day: their
 * data in five queries, their suggestions in one transaction. `offersOnly` adds the specs offered because
 * similar shops sell them to what is stored (the first batch's second step, see computeSuggestionsForCounty).
 */
async function computeShops(db: DB, ctx: SharedContext, shops: PlannedShop[], now: Date, store: boolean, offersOnly = false): Promise<ShopResult[]> {
  if (!shops.length) return [];
  const { cycle, orderDay } = shops[0]!;
  const ids = shops.map((s) => s.retailer.id);
  // Every shop of the chunk orders on the same day, so they share one history window.
  const days = historyDaysBefore(orderDay);
  const data = offersOnly ? null : await loadShopsData(db, ids, days);
  const storedSpecs = new Map<number, Set<number>>();
  if (offersOnly) {
    for (const r of await db.selectFrom('suggestions').select(['retailerId', 'specId']).where('cycleId', '=', cycle.id).where('retailerId', 'in', ids).execute()) {
      const set = storedSpecs.get(r.retailerId) ?? new Set<number>();
      set.add(r.specId);
      storedSpecs.set(r.retailerId, set);
    }
  }
  const inputs: ShopInputs[] = [];
  for (const planned of shops) {
    const shopData = data?.get(planned.retailer.id) ?? null;
    // A spec whose only line of a day was refused was still scanned there.
    const carried = shopData
      ? new Set<number>([...shopData.sales.keys(), ...shopData.receipts.keys(), ...shopData.counts.keys(), ...shopData.unknownSales.keys()])
      : (storedSpecs.get(planned.retailer.id) ?? new Set<number>());
    const peers = await peerProfileFor(db, ctx, cycle.id, planned.retailer);
    if (peers.shops === 0) ctx.withoutPeers.add(planned.retailer.id);
    inputs.push(shopInputs(ctx, planned, days, shanghaiDayOf(now), shopData, carried, peers));
  }
  await withUsualOrders(db, cycle.startsOn, inputs);
  const results = inputs.map((shop) => computeShop(ctx, shop));
  if (store) {
    const computedAt = now.toISOString();
    const rows = results.flatMap((r) =>
      r.suggestions.map((c) => ({
        cycleId: r.cycleId,
        retailerId: r.retailerId,
        specId: c.specId,
        suggestedCartons: c.suggestion.suggestedCartons,
        forecastDailyPacks: c.suggestion.explanation.forecastDailyPacks,
        explanationJson: encodeExplanation(c.suggestion.explanation),
        settingsVersion: ctx.version,
        computedAt,
        reason: c.suggestion.explanation.reason,
      })),
    );
    await db.transaction().execute(async (trx) => {
      if (!offersOnly) await trx.deleteFrom('suggestions').where('cycleId', '=', cycle.id).where('retailerId', 'in', ids).execute();
      // One shop's few dozen rows in one plain statement; a chunk's thousands through the bulk path (on
      // PostgreSQL one array per column).
      if (rows.length <= PLAIN_INSERT_MAX_ROWS) {
        if (rows.length) await trx.insertInto('suggestions').values(rows).execute();
      } else {
        await bulkInsert(trx, { table: 'suggestions', rows });
      }
    });
  }
  return results;
}

/**
 * Computes (and stores) this cycle's suggestions for one shop in the user's scope. Null when the shop is not in
 * scope or there is no cycle.
 */
export async function computeSuggestionsForRetailer(
  db: DB,
  user: ScopeUser,
  retailerId: number,
  now = new Date(),
  store = true,
  /** A past cycle to compute as of its order day (for forecast accuracy); default: the cycle ordering now. */
  forCycleId?: number,
): Promise<ShopResult | null> {
  const retailer = await db.selectFrom('retailers').select(['id', 'grade', 'orderWeekday', 'businessType']).where('id', '=', retailerId).where(retailerInScope(user, 'retailers.id')).executeTakeFirst();
  if (!retailer) return null;
  const ctx = await sharedContext(db);
  const planned = await planShop(db, ctx, retailer, now, forCycleId);
  if (!planned) return null;
  return (await computeShops(db, ctx, [planned], now, store))[0]!;
}

/** Shops in chunks that share a cycle and an order day, each at most `size`. */
function chunksOf(shops: PlannedShop[], size: number): PlannedShop[][] {
  const byDay = new Map<string, PlannedShop[]>();
  for (const s of shops) {
    const key = `${s.cycle.id}:${s.orderDay}`;
    byDay.set(key, [...(byDay.get(key) ?? []), s]);
  }
  return [...byDay.values()].flatMap((group) => Array.from({ length: Math.ceil(group.length / size) }, (_, i) => group.slice(i * size, (i + 1) * size)));
}

/**
 * Runs `work` on every chunk, `inFlight` at a time. When one fails (or the job stops the run) no new chunk is
 * started and the error is thrown once the chunks in flight have ended, so nothing still writes after the return.
 */
async function forEachChunk(chunks: PlannedShop[][], inFlight: number, work: (chunk: PlannedShop[]) => Promise<void>) {
  let next = 0;
  let failed = false;
  const runs = await Promise.allSettled(
    Array.from({ length: Math.min(inFlight, chunks.length) }, async () => {
      try {
        while (!failed && next < chunks.length) await work(chunks[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
  const rejected = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Staff's batch: this cycle's suggestions for every active shop, in chunks of shops (short transactions); or, with
 * `forCycleId`, a past cycle's as of its order day, so its forecast accuracy can be measured.
 */
export async function computeSuggestionsForCounty(
  db: DB,
  user: ScopeUser,
  now = new Date(),
  forCycleId?: number,
  /**
   * Chunk size and chunks in flight, for tests and the bench; the defaults are what was measured fastest. `onChunk`
   * hears after each chunk how many shops of how many are done (the job's progress; it may throw to stop the run).
   */
  tuning: { chunkShops?: number; inFlight?: number; onChunk?: (doneShops: number, totalShops: number) => Promise<void> } = {},
) {
  const started = performance.now();
  const retailers = await db
    .selectFrom('retailers')
    .select(['id', 'grade', 'orderWeekday', 'businessType'])
    .where('active', '=', 1)
    .where(retailerInScope(user, 'retailers.id'))
    .orderBy('id')
    .execute();
  const shared = await sharedContext(db, true);
  const planned: PlannedShop[] = [];
  for (const r of retailers) {
    const p = await planShop(db, shared, r, now, forCycleId);
    if (p) planned.push(p);
  }
  const cycleIds = new Set(planned.map((p) => p.cycle.id));
  await loadPeerProfiles(db, shared, cycleIds);
  const counts = new Map<number, number>();
  const inFlight = tuning.inFlight ?? (sqlFor(db).isParallel ? BATCH_CHUNKS_IN_FLIGHT_POSTGRES : 1);
  const chunkShops = tuning.chunkShops ?? BATCH_CHUNK_SHOPS;
  let doneShops = 0;
  let totalShops = planned.length;
  await forEachChunk(chunksOf(planned, chunkShops), inFlight, async (chunk) => {
    for (const r of await computeShops(db, shared, chunk, now, true)) counts.set(r.retailerId, r.suggestions.length);
    await tuning.onChunk?.((doneShops += chunk.length), totalShops);
  });
  // A group with no stored suggestions yet (the very first batch, or a new group) is learnt from this run's
  // first pass: its shops get the specs common among them offered now; the prior for their short histories
  // follows from the next batch on (it needs the shop's history read again, which would double the run).
  const again = new Set(shared.withoutPeers);
  if (again.size) {
    await loadPeerProfiles(db, shared, cycleIds);
    shared.withoutPeers.clear();
    totalShops += again.size;
    await forEachChunk(chunksOf(planned.filter((p) => again.has(p.retailer.id)), chunkShops), inFlight, async (chunk) => {
      for (const r of await computeShops(db, shared, chunk, now, true, true)) counts.set(r.retailerId, (counts.get(r.retailerId) ?? 0) + r.suggestions.length);
      await tuning.onChunk?.((doneShops += chunk.length), totalShops);
    });
  }
  await storePeerProfiles(db, cycleIds, now);
  return { shops: retailers.length, suggestions: [...counts.values()].reduce((a, b) => a + b, 0), elapsedMs: performance.now() - started };
}

export interface ShopSuggestion {
  specId: number;
  suggestedCartons: number;
  explanation: Suggestion['explanation'];
}

/**
 * This cycle's suggestions for a shop in the user's scope, computed now when none are stored yet (staff's
 * batch normally computes them when the cycle opens). Empty when the shop or its cycle is not there.
 */
export async function suggestionsForOrdering(db: DB, user: ScopeUser, retailerId: number, cycleId: number, now = new Date()): Promise<ShopSuggestion[]> {
  const read = () =>
    db
      .selectFrom('suggestions')
      .select(['specId', 'suggestedCartons', 'explanationJson'])
      .where('cycleId', '=', cycleId)
      .where('retailerId', '=', retailerId)
      .where(retailerInScope(user, 'suggestions.retailerId'))
      .execute();
  let rows = await read();
  if (!rows.length) {
    const computed = await computeSuggestionsForRetailer(db, user, retailerId, now);
    if (!computed || computed.cycleId !== cycleId) return [];
    rows = await read();
  }
  return rows.map((r) => ({ specId: r.specId, suggestedCartons: r.suggestedCartons, explanation: decodeExplanation(r.explanationJson) }));
}

/**
 * The suggested draft against the largest order the shop placed in its last DRAFT_LOOKBACK_CYCLES cycles
 * (draft-check.ts), for the order page to say why when the draft is far above it.
 */
export async function draftCheckForOrdering(db: DB, user: ScopeUser, retailerId: number, cycleId: number, suggestions: readonly ShopSuggestion[]): Promise<DraftCheck> {
  const cycle = await db.selectFrom('orderCycles').select('startsOn').where('id', '=', cycleId).executeTakeFirst();
  const row = cycle
    ? await db
        .selectFrom('orders')
        .select((eb) => eb.fn.max('totalCartons').as('largest'))
        .where('retailerId', '=', retailerId)
        .where(retailerInScope(user, 'orders.retailerId'))
        .where('status', 'in', PLACED_ORDER_STATUSES)
        .where('cycleId', 'in', cyclesBefore(db, cycle.startsOn, DRAFT_LOOKBACK_CYCLES))
        .executeTakeFirst()
    : undefined;
  return checkDraft(suggestions, row?.largest == null ? null : Number(row.largest));
}

/**
 * Forecast accuracy of a cycle: each stored suggestion's daily forecast × 7 against what the shop then sold in
 * the 7 days from its order day, counting only shops that uploaded sales on all 7 days. Stored per spec and
 * for the county (spec 0). Returns the county row, or null when nothing could be compared yet.
 */
export async function computeForecastAccuracy(db: DB, cycleId: number, now = new Date()) {
  const cycle = await db.selectFrom('orderCycles').select(['id', 'startsOn']).where('id', '=', cycleId).executeTakeFirst();
  if (!cycle) return null;
  const last = addDays(cycle.startsOn, 6 + 6);
  const [suggestionRows, sales, uploads, retailers] = await Promise.all([
    db.selectFrom('suggestions').select(['retailerId', 'specId', 'forecastDailyPacks']).where('cycleId', '=', cycleId).execute(),
    db.selectFrom('posDailySales').select(['retailerId', 'specId', 'salesDate', 'qtyPacks']).where('salesDate', '>=', cycle.startsOn).where('salesDate', '<=', last).execute(),
    db.selectFrom('uploads').select(['retailerId', 'businessDate']).where('kind', '=', 'sales').where('businessDate', '>=', cycle.startsOn).where('businessDate', '<=', last).execute(),
    db.selectFrom('retailers').select(['id', 'orderWeekday']).execute(),
  ]);
  const weekday = new Map(retailers.map((r) => [r.id, r.orderWeekday]));
  const uploaded = new Set(uploads.map((u) => `${u.retailerId}:${u.businessDate}`));
  const sold = new Map<string, number>();
  for (const s of sales) sold.set(`${s.retailerId}:${s.specId}:${s.salesDate}`, s.qtyPacks);
  const pairs: ForecastPair[] = [];
  for (const s of suggestionRows) {
    const orderDay = orderDayOf(cycle, weekday.get(s.retailerId) ?? 1);
    const week = Array.from({ length: 7 }, (_, i) => addDays(orderDay, i));
    if (!week.every((d) => uploaded.has(`${s.retailerId}:${d}`))) continue;
    const actual = week.reduce((n, d) => n + (sold.get(`${s.retailerId}:${s.specId}:${d}`) ?? 0), 0);
    pairs.push({ specId: s.specId, forecastPacks: s.forecastDailyPacks * 7, actualPacks: actual });
  }
  if (!pairs.length) return null;
  const rows = accuracyRows(pairs);
  const computedAt = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('forecastAccuracy').where('cycleId', '=', cycleId).execute();
    await trx.insertInto('forecastAccuracy').values(rows.map((r) => ({ cycleId, ...r, computedAt }))).execute();
  });
  return { ...rows[0]!, accuracy: accuracyOf(rows[0]!), pairs: pairs.length };
}

/** Saves staff's settings as a new version (the old ones stay, so every suggestion can say which made it). */
export async function saveRuleSettings(db: DB, user: ScopeUser, settings: RuleSettings, note: string | null, now = new Date()) {
  if (user.role !== 'staff') return null;
  const row = await db
    .insertInto('ruleSettings')
    .values({ settingsJson: JSON.stringify(settings), createdByUserId: user.userId, createdAt: now.toISOString(), note })
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function ruleSettingsHistory(db: DB, limit = 10) {
  return db
    .selectFrom('ruleSettings')
    .leftJoin('users', 'users.id', 'ruleSettings.createdByUserId')
    .select(['ruleSettings.version', 'ruleSettings.createdAt', 'ruleSettings.note', 'users.displayName as by'])
    .orderBy('ruleSettings.version', 'desc')
    .limit(limit)
    .execute();
}

/** The county's forecast accuracy per cycle (newest first), for the staff page. */
export async function forecastAccuracyByCycle(db: DB, limit = 12) {
  const rows = await db
    .selectFrom('forecastAccuracy')
    .innerJoin('orderCycles', 'orderCycles.id', 'forecastAccuracy.cycleId')
    .select(['orderCycles.code', 'forecastAccuracy.forecastPacks', 'forecastAccuracy.actualPacks', 'forecastAccuracy.absErrorPacks', 'forecastAccuracy.computedAt'])
    .where('forecastAccuracy.specId', '=', 0)
    .orderBy('orderCycles.startsOn', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, accuracy: accuracyOf(r) }));
}
