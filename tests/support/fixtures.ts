/**
 * A tiny county for integration tests: one station, two managers with a route of two retailers each, and a
 * staff user. Everyone's password is "Secret#123" (hashed once, reused: argon2 is slow on purpose).
 */
import type { DB } from '#db/connect';
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
