/** Order-cycle queries. */
import type { DB } from './db.server';

/** The cycle whose week contains `today`, or else the next one to come; null when none is planned. */
export async function currentCycle(db: DB, today: string) {
  const containing = await db
    .selectFrom('orderCycles')
    .selectAll()
    .where('startsOn', '<=', today)
    .where('endsOn', '>=', today)
    .orderBy('startsOn', 'desc')
    .executeTakeFirst();
  if (containing) return containing;
  return (
    (await db.selectFrom('orderCycles').selectAll().where('startsOn', '>', today).orderBy('startsOn').executeTakeFirst()) ?? null
  );
}
