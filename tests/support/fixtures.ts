/**
 * A tiny county for integration tests: one station, two managers with a route of two retailers each, and a
 * staff user. Everyone's password is "Secret#123" (hashed once, reused: argon2 is slow on purpose).
 */
import type { DB } from '../../db/connect';
import { hashPassword } from '~/server/password.server';

export const PASSWORD = 'Secret#123';
let hashed: Promise<string> | undefined;

export async function smallCounty(db: DB) {
  hashed ??= hashPassword(PASSWORD);
  const passwordHash = await hashed;
  const now = new Date().toISOString();
  const user = async (username: string, role: 'retailer' | 'manager' | 'staff', disabled = 0) =>
    (
      await db
        .insertInto('users')
        .values({ username, passwordHash, role, displayName: username, locale: null, disabled, createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const station = (await db.insertInto('stations').values({ code: 'S1', nameZh: '城关', nameEn: 'Chengguan' }).returning('id').executeTakeFirstOrThrow()).id;
  const staffUserId = await user('staff01', 'staff');
  const managers = [];
  const retailers = [];
  for (const m of [1, 2]) {
    const userId = await user(`mgr0${m}`, 'manager');
    const managerId = (
      await db
        .insertInto('accountManagers')
        .values({ userId, code: `mgr0${m}`, name: `经理${m}`, phone: '13800000000', stationId: station })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    managers.push({ userId, managerId });
    for (const r of [1, 2]) {
      const licenceNo = `44030010${m}00${r}`.padEnd(12, '0');
      const rUserId = await user(licenceNo, 'retailer');
      const id = (
        await db
          .insertInto('retailers')
          .values({
            userId: rUserId,
            licenceNo,
            name: `店${m}-${r}`,
            ownerName: '王',
            phone: '13900000000',
            address: '城关镇',
            stationId: station,
            managerId,
            businessType: 'grocery',
            marketType: 'urban',
            grade: 5 * r,
            orderWeekday: r,
            isOnline: 1,
            active: 1,
            isBenchmark: 0,
            depositBalanceFen: 100_000,
            createdAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      retailers.push({ id, userId: rUserId, licenceNo, managerId });
    }
  }
  const disabledUserId = await user('gone01', 'staff', 1);
  return { station, staffUserId, managers, retailers, disabledUserId };
}

/**
 * An open cycle (week of 2026-11-23, cut-off 17:00 on each order day) and four specs: a scarce one capped by
 * grade, an ordinary one, a discontinued one and one that is not orderable online.
 */
export async function orderingFixture(db: DB) {
  const now = new Date().toISOString();
  const cycleId = (
    await db
      .insertInto('orderCycles')
      .values({ code: '2026-W48', startsOn: '2026-11-23', endsOn: '2026-11-29', opensAt: '2026-11-21T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 1, status: 'open', createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const spec = async (code: string, over: Record<string, number> = {}) =>
    (
      await db
        .insertInto('specs')
        .values({
          code,
          name: `品规${code}`,
          brand: '玉溪',
          manufacturer: '云南中烟',
          cartonBarcode: `69010${code}1`,
          packBarcode: `69010${code}2`,
          packsPerCarton: 10,
          priceClass: 2,
          wholesalePriceFenPerCarton: 20_000,
          retailPriceFenPerCarton: 23_000,
          isScarce: 0,
          isNew: 0,
          launchDate: null,
          isOrderable: 1,
          isDiscontinued: 0,
          ...over,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const scarce = await spec('001', { isScarce: 1, wholesalePriceFenPerCarton: 45_000 });
  const plain = await spec('002');
  const discontinued = await spec('003', { isDiscontinued: 1 });
  const offline = await spec('004', { isOrderable: 0 });
  await db
    .insertInto('caps')
    .values([
      { cycleId, specId: scarce, gradeFrom: 1, gradeTo: 5, capCartons: 1 },
      { cycleId, specId: scarce, gradeFrom: 6, gradeTo: 30, capCartons: 3 },
    ])
    .execute();
  return { cycleId, specs: { scarce, plain, discontinued, offline } };
}

/** Instants around a Monday (order weekday 1) retailer's 17:00 cut-off on 2026-11-23. */
export const MONDAY = {
  beforeOpen: new Date('2026-11-21T00:59:59.000Z'),
  open: new Date('2026-11-23T08:00:00.000Z'),
  /** The cut-off second itself is still open. */
  lastSecond: new Date('2026-11-23T09:00:00.500Z'),
  afterCutoff: new Date('2026-11-23T09:00:01.000Z'),
};
