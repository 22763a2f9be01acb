/**
 * Suggested orders (销售引导购进) computed and stored: for one shop (computeSuggestionsForRetailer) or every active
 * shop of the county in chunks (computeSuggestionsForCounty, staff's batch job), assemble each spec's input for the
 * pure rule (app/domain/replenishment) — its daily sales with censored days, stock on hand rolled forward from the
 * latest count, what is allocated but not delivered, its cap and protection period — run the rule, and keep every
 * suggestion with the numbers that made it.
 */
import { orderDayOf } from '~/domain/cycle';
import {
  encodeExplanation,
  historyDaysBefore,
  isCommonAmongPeers,
  newSpecStartCartonsFor,
  protectionDaysForCycles,
  resolveReplenishmentParams,
  serviceLevelOf,
  specHistory,
  suggest,
  usualOrderCartonsOf,
  type PeerProfile,
  type ReplenishmentInput,
  type ReplenishmentParams,
  type RuleSettings,
  type ShopData,
  type Suggestion,
} from '~/domain/replenishment';
import { shanghaiDayOf } from '~/domain/time';
import type { BusinessType } from '../../../db/schema';
import { bulkInsert, sqlFor } from '../../../db/dialect';
import type { DB } from '../db.server';
import { logError } from '../log.server';
import { orderingCycle } from '../orders.server';
import { retailerInScope, type ScopeUser } from '../scope.server';
import { loadShopsData, recentOrderedCartons } from './history.server';
import { loadPeerProfiles, PeerProfiles, peerProfileFor, storePeerProfiles, type PeerProfileCache } from './peers.server';
import { currentRuleSettings } from './settings.server';

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

export interface ComputedSuggestion {
  specId: number;
  suggestion: Suggestion;
}

type CycleRow = NonNullable<Awaited<ReturnType<typeof orderingCycle>>>;

/** What every shop's computation of a run shares: loaded once per batch instead of once per shop. */
interface SharedContext extends PeerProfileCache {
  specs: Array<{ id: number; packsPerCarton: number; isScarce: number; isNew: number; isDiscontinued: number; isOrderable: number; priceClass: number }>;
  settings: RuleSettings;
  version: number;
  params: Readonly<ReplenishmentParams>;
  cycles: Map<string, CycleRow | null>;
  nextCycles: Map<number, { startsOn: string; leadDays: number } | null>;
  caps: Map<number, Array<{ specId: number; gradeFrom: number; gradeTo: number; capCartons: number }>>;
  /** Shops computed with an empty profile: the batch computes them again once their group has suggestions. */
  withoutPeers: Set<number>;
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
    peerProfiles: new PeerProfiles(),
    withoutPeers: new Set(),
    batch,
  };
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

export interface ShopResult {
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
  const newStart = newSpecStartCartonsFor(retailer.grade, settings);

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
  tuning: {
    chunkShops?: number;
    inFlight?: number;
    onChunk?: (doneShops: number, totalShops: number) => Promise<void>;
    /**
     * Measuring, not suggesting (forecast accuracy of a past cycle): each chunk's results are handed here and
     * nothing is stored — the suggestions in force for that cycle stay as they were.
     */
    measure?: (results: ShopResult[]) => void | Promise<void>;
  } = {},
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
  const measure = tuning.measure;
  await forEachChunk(chunksOf(planned, chunkShops), inFlight, async (chunk) => {
    const results = await computeShops(db, shared, chunk, now, !measure);
    for (const r of results) counts.set(r.retailerId, r.suggestions.length);
    await measure?.(results);
    await tuning.onChunk?.((doneShops += chunk.length), totalShops);
  });
  if (measure) return { shops: retailers.length, suggestions: [...counts.values()].reduce((a, b) => a + b, 0), elapsedMs: performance.now() - started };
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
