/**
 * Similar shops' profiles from the database: built from their stored suggestions (live), kept by each batch for
 * single shops' reads (stored), and cached for one run. Who counts as similar and what a profile offers is
 * app/domain/replenishment/peers.ts.
 */
import { EMPTY_PEER_PROFILE, OWN_FORECAST_REASONS, PEER_GRADE_BAND, peerGradeBand, type PeerProfile } from '~/domain/replenishment';
import { sql } from 'kysely';
import type { BusinessType } from '../../../db/schema';
import { bulkInsert } from '../../../db/dialect';
import type { DB } from '../db.server';

/** A group of similar shops ordering in one cycle: the same business type, grades in the same band (from its first grade). */
export interface PeerGroup {
  cycleId: number;
  businessType: BusinessType;
  gradeFrom: number;
}

/** Profiles by group, keyed by the group's parts (cycle, business type, first grade of the band) rather than a string made of them. */
export class PeerProfiles {
  private readonly byCycle = new Map<number, Map<BusinessType, Map<number, PeerProfile>>>();

  get(g: PeerGroup): PeerProfile | undefined {
    return this.byCycle.get(g.cycleId)?.get(g.businessType)?.get(g.gradeFrom);
  }

  set(g: PeerGroup, profile: PeerProfile): void {
    let byType = this.byCycle.get(g.cycleId);
    if (!byType) this.byCycle.set(g.cycleId, (byType = new Map<BusinessType, Map<number, PeerProfile>>()));
    let byGrade = byType.get(g.businessType);
    if (!byGrade) byType.set(g.businessType, (byGrade = new Map<number, PeerProfile>()));
    byGrade.set(g.gradeFrom, profile);
  }

  clear(): void {
    this.byCycle.clear();
  }

  /** Every group with its profile. */
  *entries(): IterableIterator<[PeerGroup, PeerProfile]> {
    for (const [cycleId, byType] of this.byCycle)
      for (const [businessType, byGrade] of byType) for (const [gradeFrom, profile] of byGrade) yield [{ cycleId, businessType, gradeFrom }, profile];
  }
}

/** A run's profiles by group, read once per run; a batch reads them all before it stores anything. */
export interface PeerProfileCache {
  peerProfiles: PeerProfiles;
  /** A batch builds profiles from the stored suggestions; a single shop reads the ones the last batch kept. */
  batch: boolean;
}

/** `((grade - 1) / 5) * 5 + 1`: the first grade of a shop's band, in SQL (integer division in both dialects). */
const GRADE_BAND_FROM = sql<number>`((retailers.grade - 1) / ${sql.lit(PEER_GRADE_BAND)}) * ${sql.lit(PEER_GRADE_BAND)} + 1`;

/**
 * The similar shops' profiles for shops ordering in cycle `cycleId`, every group at once or only `onlyGroup`:
 * each active shop's latest stored suggestions from this cycle, the one before or the one after (shops ordering at
 * the same moment may be in neighbouring cycles), counting only forecasts read from the shop's own sales. The
 * database aggregates, so a group of thousands of shops costs a few hundred rows.
 */
async function livePeerProfiles(db: DB, cycleId: number, onlyGroup?: { businessType: BusinessType; gradeFrom: number }): Promise<PeerProfiles> {
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
  const profiles = new PeerProfiles();
  for (const g of groups) profiles.set({ cycleId, businessType: g.businessType, gradeFrom: Number(g.gradeFrom) }, { shops: Number(g.shops), bySpec: new Map() });
  for (const r of specs) {
    const shops = Number(r.shops);
    profiles.get({ cycleId, businessType: r.businessType, gradeFrom: Number(r.gradeFrom) })?.bySpec.set(r.specId, { shops, dailyPacks: Number(r.packs) / shops });
  }
  return profiles;
}

/**
 * A batch reads every group's profile of every cycle it computes before it stores anything: a profile read after
 * some chunks stored would mix this run's suggestions into it, and depend on the order the chunks ran in.
 */
export async function loadPeerProfiles(db: DB, shared: PeerProfileCache, cycleIds: Iterable<number>) {
  shared.peerProfiles.clear();
  for (const cycleId of cycleIds) for (const [group, profile] of (await livePeerProfiles(db, cycleId)).entries()) shared.peerProfiles.set(group, profile);
}

/**
 * The similar shops' profile for a shop ordering in cycle `cycleId`: in a batch, the one it loaded at its start
 * (loadPeerProfiles); for a single shop, the one the last batch kept, or else its group's live one.
 */
export async function peerProfileFor(db: DB, shared: PeerProfileCache, cycleId: number, retailer: { grade: number; businessType: BusinessType }): Promise<PeerProfile> {
  const [gradeFrom] = peerGradeBand(retailer.grade);
  const group: PeerGroup = { cycleId, businessType: retailer.businessType, gradeFrom };
  let profile = shared.peerProfiles.get(group);
  if (!profile && !shared.batch) {
    profile =
      (await storedPeerProfile(db, cycleId, retailer.businessType, gradeFrom)) ??
      (await livePeerProfiles(db, cycleId, { businessType: retailer.businessType, gradeFrom })).get(group);
  }
  profile ??= EMPTY_PEER_PROFILE;
  shared.peerProfiles.set(group, profile);
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
export async function storePeerProfiles(db: DB, cycleIds: Iterable<number>, now: Date) {
  const computedAt = now.toISOString();
  for (const cycleId of cycleIds) {
    const profiles = await livePeerProfiles(db, cycleId);
    const rows = [...profiles.entries()].flatMap(([{ businessType, gradeFrom }, profile]) => {
      return [...profile.bySpec].map(([specId, s]) => ({
        cycleId,
        businessType,
        gradeFrom,
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
