/**
 * The route board's server time for a 250-retailer route at demo scale: the server function `managerRoute`
 * (the loader's whole database work, without HTTP) called 200 times on the seeded SQLite county after a warm-up,
 * p50/p95. The demo county has ~125 shops per manager, so inside a transaction that is rolled back afterwards
 * one manager's route is grown to 250 shops (taken from other routes, with their whole history) and given a
 * few contact notes per shop; the follow-up lists are timed the same way.
 *   npx tsx bench/route-board.ts [--retailers 1500]   seeds its own county when run alone
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, type DB } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../app/server/seed.server';
import { followUpLists } from '../app/server/follow-up.server';
import { managerRoute } from '../app/server/manager-route.server';
import { percentile, printAndSave, type Figure } from './lib';

const ROUTE_SIZE = 250;
const RUNS = 200;
const WARM_UP = 10;

class Rollback extends Error {}

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export async function benchRouteBoard(databaseUrl: string): Promise<Figure[]> {
  const db: DB = connect({ url: databaseUrl });
  const figures: Figure[] = [];
  try {
    await db
      .transaction()
      .execute(async (trx) => {
        const manager = await trx.selectFrom('accountManagers').select(['id', 'userId']).orderBy('code').executeTakeFirstOrThrow();
        const have = await trx.selectFrom('retailers').select('id').where('managerId', '=', manager.id).where('active', '=', 1).execute();
        const moving = await trx
          .selectFrom('retailers')
          .select('id')
          .where('managerId', '<>', manager.id)
          .where('active', '=', 1)
          .orderBy('id')
          .limit(Math.max(0, ROUTE_SIZE - have.length))
          .execute();
        if (moving.length) await trx.updateTable('retailers').set({ managerId: manager.id }).where('id', 'in', moving.map((r) => r.id)).execute();
        const route = [...have, ...moving];
        // A few weeks of follow-up: three notes per shop, so "last contact" reads a real index.
        const now = Date.now();
        const notes = route.flatMap((r, i) =>
          [1, 3, 8].map((daysAgo) => ({
            retailerId: r.id,
            authorUserId: manager.userId,
            at: new Date(now - daysAgo * 86_400_000 - i * 1000).toISOString(),
            topic: 'not_ordered' as const,
            outcome: 'will_order_tonight',
            note: null,
            cycleId: null,
          })),
        );
        for (let i = 0; i < notes.length; i += 500) await trx.insertInto('contactNotes').values(notes.slice(i, i + 500)).execute();

        const user = { userId: manager.userId, role: 'manager' as const };
        const board = await managerRoute(trx, user);
        const boardTimes = await timeIt(RUNS, () => managerRoute(trx, user));
        const followTimes = await timeIt(RUNS / 4, () => followUpLists(trx, user));
        figures.push(
          { name: `route board, ${board.route.length}-shop route, server function p50`, value: percentile(boardTimes, 50), unit: 'ms' },
          { name: `route board, ${board.route.length}-shop route, server function p95`, value: percentile(boardTimes, 95), unit: 'ms', target: '< 100' },
          { name: `follow-up lists, ${board.route.length}-shop route, p95`, value: percentile(followTimes, 95), unit: 'ms' },
        );
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
  } finally {
    await db.destroy();
  }
  return figures;
}

// Alone: seed a county into a temporary file and measure.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { retailers: { type: 'string' } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-bench-board-'));
  const url = path.join(dir, 'bench.db');
  try {
    const db = connect({ url });
    await migrateToLatest(db);
    console.log('» seeding the demo county…');
    await seedDemo(db, values.retailers ? { retailers: Number(values.retailers) } : {});
    await db.destroy();
    console.log('» route board…');
    printAndSave(await benchRouteBoard(url));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
