/**
 * 考核目标 (issue 17, item 5): staff set a target per monitoring indicator; the monitoring page reads them to
 * colour each figure. County-wide settings: staff only, like the roll-ups they are read against.
 */
import { isIndicatorId, type IndicatorId } from '~/domain/indicators';
import { TARGET_DIRECTIONS, fromShown, fromStoredHundredths, toStoredHundredths, type IndicatorTarget, type TargetDirection } from '~/domain/indicators/targets';
import type { DB } from './db.server';
import type { ScopeUser } from './scope.server';

export interface StoredTarget extends IndicatorTarget {
  updatedAt: string;
}

export type TargetMap = Partial<Record<IndicatorId, StoredTarget>>;

/** Every target set, by indicator (a staff page reads them; other roles get none). */
export async function indicatorTargets(db: DB, user: ScopeUser): Promise<TargetMap> {
  if (user.role !== 'staff') return {};
  const rows = await db.selectFrom('indicatorTargets').selectAll().execute();
  const out: TargetMap = {};
  for (const r of rows) {
    if (!isIndicatorId(r.indicator)) continue;
    const direction = (TARGET_DIRECTIONS as readonly string[]).includes(r.direction) ? (r.direction as TargetDirection) : 'atLeast';
    out[r.indicator] = {
      indicator: r.indicator,
      target: fromStoredHundredths(r.indicator, Number(r.targetHundredths)),
      direction,
      amberMargin: r.amberHundredths === null ? null : fromStoredHundredths(r.indicator, Number(r.amberHundredths)),
      updatedAt: String(r.updatedAt),
    };
  }
  return out;
}

export interface TargetInput {
  indicator: IndicatorId;
  /** In the unit the page shows (a rate in percent). */
  targetShown: number;
  direction: TargetDirection;
  amberShown: number | null;
}

export async function saveIndicatorTarget(db: DB, user: ScopeUser, input: TargetInput, now = new Date()): Promise<{ ok: true } | { ok: false; reason: 'forbidden' }> {
  if (user.role !== 'staff') return { ok: false, reason: 'forbidden' };
  const row = {
    indicator: input.indicator,
    targetHundredths: toStoredHundredths(input.indicator, fromShown(input.indicator, input.targetShown)),
    direction: input.direction,
    amberHundredths: input.amberShown === null ? null : toStoredHundredths(input.indicator, fromShown(input.indicator, input.amberShown)),
    updatedByUserId: user.userId,
    updatedAt: now.toISOString(),
  };
  await db
    .insertInto('indicatorTargets')
    .values(row)
    .onConflict((oc) => oc.column('indicator').doUpdateSet({ targetHundredths: row.targetHundredths, direction: row.direction, amberHundredths: row.amberHundredths, updatedByUserId: row.updatedByUserId, updatedAt: row.updatedAt }))
    .execute();
  return { ok: true };
}

export async function clearIndicatorTarget(db: DB, user: ScopeUser, indicator: IndicatorId): Promise<{ ok: true } | { ok: false; reason: 'forbidden' | 'not_found' }> {
  if (user.role !== 'staff') return { ok: false, reason: 'forbidden' };
  const r = await db.deleteFrom('indicatorTargets').where('indicator', '=', indicator).executeTakeFirst();
  return Number(r.numDeletedRows) > 0 ? { ok: true } : { ok: false, reason: 'not_found' };
}
