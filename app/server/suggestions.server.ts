/**
 * Suggested orders (销售引导购进) from the database: for one shop and its ordering cycle, assemble each spec's
 * input for the pure rule (app/domain/replenishment) — its daily sales with censored days, stock on hand
 * rolled forward from the latest count, what is allocated but not delivered, its cap and protection period —
 * run the rule, and keep every suggestion with the numbers that made it.
 */
import { orderDayOf } from '~/domain/cycle';
import { accuracyOf, accuracyRows, type ForecastPair } from '~/domain/forecast-accuracy';
import {
  protectionDaysForCycles,
  resolveReplenishmentParams,
  suggest,
  type ReplenishmentInput,
  type ReplenishmentParams,
  type SalesDay,
  type Suggestion,
} from '~/domain/replenishment';
import { addDays, shanghaiDayOf, shanghaiToInstant } from '~/domain/time';
import { cartonsToPacks } from '~/domain/units';
import type { DB } from './db.server';
import type { BusinessType } from '#db/schema';
import { dialectOfDb } from '#db/connect';
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
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  params: {},
  serviceLevels: { scarce: 0.97, premium: 0.95, standard: 0.92 },
  newSpecStartCartons: [
    { gradeFrom: 1, gradeTo: 10, cartons: 1 },
    { gradeFrom: 11, gradeTo: 20, cartons: 2 },
    { gradeFrom: 21, gradeTo: 30, cartons: 3 },
  ],
};

/** The settings in force (the newest version), or the defaults as version 0 when staff never saved any. */
export async function currentRuleSettings(db: DB): Promise<{ version: number; settings: RuleSettings }> {
  const row = await db.selectFrom('ruleSettings').select(['version', 'settingsJson']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return { version: 0, settings: DEFAULT_RULE_SETTINGS };
  return { version: row.version, settings: { ...DEFAULT_RULE_SETTINGS, ...(JSON.parse(row.settingsJson) as Partial<RuleSettings>) } };
}

interface ShopData {
  sales: Map<number, Map<string, number>>;
  receipts: Map<number, Map<string, number>>;
  /** Counts per spec, oldest first: { day, qtyPacks } (a count is taken in the morning, before trade). */
  counts: Map<number, Array<{ day: string; qtyPacks: number }>>;
  uploadedDays: Set<string>;
  inTransitPacks: Map<number, number>;
}

async function loadShopData(db: DB, retailerId: number, fromDay: string, orderDay: string): Promise<ShopData> {
  const [sales, receipts, counts, uploads, inTransit] = await Promise.all([
    db.selectFrom('posDailySales').select(['specId', 'salesDate as day', 'qtyPacks']).where('retailerId', '=', retailerId).where('salesDate', '>=', fromDay).where('salesDate', '<', orderDay).execute(),
    db.selectFrom('receipts').select(['specId', 'receivedOn as day', 'qtyPacks']).where('retailerId', '=', retailerId).where('receivedOn', '>=', fromDay).where('receivedOn', '<', orderDay).execute(),
    db
      .selectFrom('stockCounts')
      .innerJoin('stockCountLines', 'stockCountLines.stockCountId', 'stockCounts.id')
      .select(['stockCounts.countedAt', 'stockCountLines.specId', 'stockCountLines.qtyPacks'])
      .where('stockCounts.retailerId', '=', retailerId)
      .where('stockCounts.countedAt', '>=', shanghaiToInstant(fromDay))
      .where('stockCounts.countedAt', '<', shanghaiToInstant(orderDay, '23:59:59'))
      .orderBy('stockCounts.countedAt')
      .execute(),
    db.selectFrom('uploads').select('businessDate').where('retailerId', '=', retailerId).where('kind', '=', 'sales').where('businessDate', '>=', fromDay).where('businessDate', '<', orderDay).execute(),
    db
      .selectFrom('orderLines')
      .innerJoin('orders', 'orders.id', 'orderLines.orderId')
      .innerJoin('specs', 'specs.id', 'orderLines.specId')
      .select(['orderLines.specId', 'orderLines.qtyAllocatedCartons', 'specs.packsPerCarton'])
      .where('orders.retailerId', '=', retailerId)
      .where('orders.status', 'in', ['allocated', 'confirmed'])
      .execute(),
  ]);
  const byDay = (rows: Array<{ specId: number; day: string; qtyPacks: number }>) => {
    const m = new Map<number, Map<string, number>>();
    for (const r of rows) {
      const d = m.get(r.specId) ?? new Map<string, number>();
      d.set(r.day, (d.get(r.day) ?? 0) + r.qtyPacks);
      m.set(r.specId, d);
    }
    return m;
  };
  const countsBySpec = new Map<number, Array<{ day: string; qtyPacks: number }>>();
  for (const c of counts) {
    const list = countsBySpec.get(c.specId) ?? [];
    const day = shanghaiDayOf(c.countedAt);
    // A later count on the same morning replaces an earlier one.
    if (list.at(-1)?.day === day) list[list.length - 1] = { day, qtyPacks: c.qtyPacks };
    else list.push({ day, qtyPacks: c.qtyPacks });
    countsBySpec.set(c.specId, list);
  }
  const inTransitPacks = new Map<number, number>();
  for (const l of inTransit) inTransitPacks.set(l.specId, (inTransitPacks.get(l.specId) ?? 0) + cartonsToPacks(l.qtyAllocatedCartons ?? 0, l.packsPerCarton));
  return { sales: byDay(sales), receipts: byDay(receipts), counts: countsBySpec, uploadedDays: new Set(uploads.map((u) => u.businessDate)), inTransitPacks };
}

/**
 * The spec's daily history with censored days: days the shop sent no sales (nothing is known), and days it
 * had none of the spec on the shelf (derived from its counts, receipts and sales) and sold none — a zero
 * then says nothing about demand. Also returns stock on the order-day morning, rolled forward from the latest
 * count (null without a count).
 */
export function specHistory(days: readonly string[], data: ShopData, specId: number): { history: SalesDay[]; onHandPacks: number | null } {
  const sales = data.sales.get(specId);
  const receipts = data.receipts.get(specId);
  const counts = data.counts.get(specId) ?? [];
  let nextCount = 0;
  let stock: number | null = null;
  const history: SalesDay[] = [];
  // An empty shelf hides demand only while the shop still restocks the spec; a spec it stopped receiving is
  // left uncensored, so the rule can see that it no longer sells there.
  const lastReceipt = receipts ? [...receipts.keys()].sort().at(-1) : undefined;
  const stillRestocked = lastReceipt !== undefined && lastReceipt >= days[Math.max(0, days.length - RESTOCK_WINDOW_DAYS)]!;
  for (const day of days) {
    while (nextCount < counts.length && counts[nextCount]!.day <= day) {
      if (counts[nextCount]!.day === day) stock = counts[nextCount]!.qtyPacks;
      nextCount++;
    }
    const sold = sales?.get(day) ?? 0;
    const received = receipts?.get(day) ?? 0;
    const outOfStock = stillRestocked && stock !== null && stock <= 0 && received === 0 && sold === 0;
    history.push({ day, qtyPacks: sold, censored: !data.uploadedDays.has(day) || outOfStock });
    if (stock !== null) stock += received - sold;
  }
  return { history, onHandPacks: stock };
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
  /** Similar shops' profiles, by group and cycle window, read once per run (see peerProfile). */
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
/** Shops computed at once by a batch on PostgreSQL (within the default pool of 10 connections). */
const BATCH_WORKERS_POSTGRES = 4;
export const OFFER_MIN_PEERS = 5;

export function peerGradeBand(grade: number): [number, number] {
  const from = Math.floor((grade - 1) / PEER_GRADE_BAND) * PEER_GRADE_BAND + 1;
  return [from, from + PEER_GRADE_BAND - 1];
}

interface PeerProfile {
  /** Similar shops with suggestions in the source cycle. */
  shops: number;
  bySpec: Map<number, { shops: number; dailyPacks: number }>;
}

/**
 * The similar shops' profile for a shop ordering in cycle `cycleId`: each similar shop's latest stored
 * suggestions from this cycle, the one before or the one after (shops ordering at the same moment may be in
 * neighbouring cycles), counting only forecasts read from the shop's own sales. Read once per group per run
 * and kept: a batch's shops of one group share one profile.
 */
async function peerProfile(db: DB, shared: SharedContext, cycleId: number, retailer: { grade: number; businessType: BusinessType }): Promise<PeerProfile> {
  const [gradeFrom, gradeTo] = peerGradeBand(retailer.grade);
  const key = `${cycleId}:${retailer.businessType}:${gradeFrom}`;
  let profile = shared.peerProfiles.get(key);
  if (!profile && !shared.batch) profile = (await storedPeerProfile(db, cycleId, retailer.businessType, gradeFrom)) ?? undefined;
  if (!profile) {
    const rows = await db
      .selectFrom('suggestions')
      .innerJoin('retailers', 'retailers.id', 'suggestions.retailerId')
      .select(['suggestions.retailerId', 'suggestions.specId', 'suggestions.cycleId', 'suggestions.forecastDailyPacks', 'suggestions.reason'])
      .where('retailers.businessType', '=', retailer.businessType)
      .where('retailers.grade', '>=', gradeFrom)
      .where('retailers.grade', '<=', gradeTo)
      .where('retailers.active', '=', 1)
      .where('suggestions.cycleId', '>=', cycleId - 1)
      .where('suggestions.cycleId', '<=', cycleId + 1)
      .execute();
    // Each shop's latest cycle only, so a shop computed in two neighbouring cycles counts once.
    const latestCycle = new Map<number, number>();
    for (const r of rows) latestCycle.set(r.retailerId, Math.max(latestCycle.get(r.retailerId) ?? 0, r.cycleId));
    const sums = new Map<number, { shops: number; packs: number }>();
    for (const r of rows) {
      if (r.cycleId !== latestCycle.get(r.retailerId) || !(r.forecastDailyPacks > 0) || !OWN_FORECAST_REASONS.includes(r.reason ?? '')) continue;
      const sum = sums.get(r.specId) ?? { shops: 0, packs: 0 };
      sum.shops++;
      sum.packs += r.forecastDailyPacks;
      sums.set(r.specId, sum);
    }
    profile = { shops: latestCycle.size, bySpec: new Map([...sums].map(([specId, v]) => [specId, { shops: v.shops, dailyPacks: v.packs / v.shops }])) };
    shared.peerProfiles.set(key, profile);
  }
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

/** After a batch: every group it met, rebuilt from the suggestions it stored, kept for single shops' reads. */
async function storePeerProfiles(db: DB, shared: SharedContext, now: Date) {
  const groups = new Map<string, { cycleId: number; businessType: BusinessType; grade: number }>();
  for (const key of shared.peerProfiles.keys()) {
    const [cycleId, businessType, gradeFrom] = key.split(':');
    groups.set(key, { cycleId: Number(cycleId), businessType: businessType as BusinessType, grade: Number(gradeFrom) });
  }
  const fresh = { ...shared, peerProfiles: new Map<string, PeerProfile>() };
  const computedAt = now.toISOString();
  for (const g of groups.values()) {
    const profile = await peerProfile(db, fresh, g.cycleId, g);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('peerProfiles').where('cycleId', '=', g.cycleId).where('businessType', '=', g.businessType).where('gradeFrom', '=', g.grade).execute();
      if (profile.bySpec.size) {
        await trx
          .insertInto('peerProfiles')
          .values([...profile.bySpec].map(([specId, s]) => ({ cycleId: g.cycleId, businessType: g.businessType, gradeFrom: g.grade, specId, shops: s.shops, dailyPacks: s.dailyPacks, groupShops: profile.shops, computedAt })))
          .execute();
      }
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

/**
 * Computes (and stores) this cycle's suggestions for one shop in the user's scope: every spec it sold,
 * received or counted in the history window, every new spec, and nothing discontinued. Null when the shop is
 * not in scope or there is no cycle.
 */
export async function computeSuggestionsForRetailer(
  db: DB,
  user: ScopeUser,
  retailerId: number,
  now = new Date(),
  store = true,
  shared?: SharedContext,
  /** A past cycle to compute as of its order day (for forecast accuracy); default: the cycle ordering now. */
  forCycleId?: number,
  /**
   * Only add the specs offered because similar shops sell them, to the shop's stored suggestions (the first
   * batch's second step, see computeSuggestionsForCounty): they need no history of the shop, so its data is
   * not read again.
   */
  offersOnly = false,
) {
  const retailer = await db.selectFrom('retailers').select(['id', 'grade', 'orderWeekday', 'businessType']).where('id', '=', retailerId).where(retailerInScope(user, 'retailers.id')).executeTakeFirst();
  if (!retailer) return null;
  const ctx = shared ?? (await sharedContext(db));
  const cycle = forCycleId === undefined ? await cycleFor(db, ctx, retailer.orderWeekday, now) : await fixedCycle(db, ctx, forCycleId);
  if (!cycle) return null;
  const nextCycle = ctx.nextCycles.get(cycle.id) ?? null;
  const { settings, version, params } = ctx;
  const orderDay = orderDayOf(cycle, retailer.orderWeekday);
  const fromDay = addDays(orderDay, -HISTORY_DAYS);
  const days = Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(fromDay, i));
  const data = offersOnly ? null : await loadShopData(db, retailer.id, fromDay, orderDay);
  // Only the band holding this shop's grade: one cap per spec.
  const capBySpec = new Map((ctx.caps.get(cycle.id) ?? []).filter((c) => retailer.grade >= c.gradeFrom && retailer.grade <= c.gradeTo).map((c) => [c.specId, c.capCartons]));
  const protectionDays = nextCycle ? protectionDaysForCycles(cycle, nextCycle, retailer.orderWeekday) : 7 + cycle.leadDays;
  const newStart = settings.newSpecStartCartons.find((b) => retailer.grade >= b.gradeFrom && retailer.grade <= b.gradeTo)?.cartons ?? null;
  const carried = data
    ? new Set<number>([...data.sales.keys(), ...data.receipts.keys(), ...data.counts.keys()])
    : new Set((await db.selectFrom('suggestions').select('specId').where('cycleId', '=', cycle.id).where('retailerId', '=', retailer.id).execute()).map((r) => r.specId));
  const peers = await peerProfile(db, ctx, cycle.id, retailer);
  if (peers.shops === 0) ctx.withoutPeers.add(retailer.id);

  const computed: ComputedSuggestion[] = [];
  for (const spec of ctx.specs) {
    if (!spec.isOrderable || spec.isDiscontinued) continue;
    const offered = !carried.has(spec.id) && !spec.isNew && isCommonAmongPeers(peers, spec.id);
    if ((!carried.has(spec.id) && !spec.isNew && !offered) || (offersOnly && !offered)) continue;
    // A spec the shop never had: its zero sales say nothing about demand (no history), and it has none of it.
    const { history, onHandPacks } = offered || !data ? { history: [], onHandPacks: 0 } : specHistory(days, data, spec.id);
    const input: ReplenishmentInput = {
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
    };
    try {
      const suggestion = suggest(input, params);
      if (offered) suggestion.explanation.notes.push('common_in_peer_group');
      computed.push({ specId: spec.id, suggestion });
    } catch (error) {
      // A bad input for one spec (the rule names it) must not cost the shop its other suggestions.
      logError(error, { retailerId: retailer.id, specId: spec.id });
    }
  }

  if (store) {
    const computedAt = now.toISOString();
    await db.transaction().execute(async (trx) => {
      if (!offersOnly) await trx.deleteFrom('suggestions').where('cycleId', '=', cycle.id).where('retailerId', '=', retailer.id).execute();
      if (computed.length) {
        await trx
          .insertInto('suggestions')
          .values(
            computed.map((c) => ({
              cycleId: cycle.id,
              retailerId: retailer.id,
              specId: c.specId,
              suggestedCartons: c.suggestion.suggestedCartons,
              forecastDailyPacks: c.suggestion.explanation.forecastDailyPacks,
              explanationJson: JSON.stringify(c.suggestion.explanation),
              settingsVersion: version,
              computedAt,
              reason: c.suggestion.explanation.reason,
            })),
          )
          .execute();
      }
    });
  }
  return { cycleId: cycle.id, retailerId: retailer.id, protectionDays, settingsVersion: version, suggestions: computed };
}

/**
 * Staff's batch: this cycle's suggestions for every active shop, one shop at a time (short transactions); or,
 * with `forCycleId`, a past cycle's as of its order day, so its forecast accuracy can be measured.
 */
export async function computeSuggestionsForCounty(db: DB, user: ScopeUser, now = new Date(), forCycleId?: number) {
  const started = performance.now();
  const shops = await db.selectFrom('retailers').select('id').where('active', '=', 1).where(retailerInScope(user, 'retailers.id')).orderBy('id').execute();
  const shared = await sharedContext(db, true);
  const counts = new Map<number, number>();
  // PostgreSQL answers several shops' queries at once (its own processes, a pool of connections); SQLite has one
  // connection and gains nothing from it.
  const workers = dialectOfDb(db) === 'postgres' ? BATCH_WORKERS_POSTGRES : 1;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < shops.length) {
        const id = shops[next++]!.id;
        counts.set(id, (await computeSuggestionsForRetailer(db, user, id, now, true, shared, forCycleId))?.suggestions.length ?? 0);
      }
    }),
  );
  // A group with no stored suggestions yet (the very first batch, or a new group) is learnt from this run's
  // first pass: its shops get the specs common among them offered now; the prior for their short histories
  // follows from the next batch on (it needs the shop's history read again, which would double the run).
  const again = [...shared.withoutPeers];
  for (const [key, profile] of shared.peerProfiles) if (profile.shops === 0) shared.peerProfiles.delete(key);
  shared.withoutPeers.clear();
  for (const id of again) {
    const added = (await computeSuggestionsForRetailer(db, user, id, now, true, shared, forCycleId, true))?.suggestions.length ?? 0;
    counts.set(id, (counts.get(id) ?? 0) + added);
  }
  await storePeerProfiles(db, shared, now);
  return { shops: shops.length, suggestions: [...counts.values()].reduce((a, b) => a + b, 0), elapsedMs: performance.now() - started };
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
  return rows.map((r) => ({ specId: r.specId, suggestedCartons: r.suggestedCartons, explanation: JSON.parse(r.explanationJson) as Suggestion['explanation'] }));
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
