/** `tsx db/cli.ts migrate|down|reset`: schema commands against DATABASE_URL (default: the SQLite file). */
import { connect } from './connect';
import { migrateDown, migrateToEmpty, migrateToLatest } from './migrate';

const command = process.argv[2] ?? 'migrate';
const db = connect();
try {
  const lines =
    command === 'migrate'
      ? await migrateToLatest(db)
      : command === 'down'
        ? await migrateDown(db)
        : command === 'reset'
          ? [...(await migrateToEmpty(db)), ...(await migrateToLatest(db))]
          : (() => {
              throw new Error(`unknown command "${command}" (use migrate, down or reset)`);
            })();
  console.log(lines.length ? lines.join('\n') : 'schema is up to date');
} finally {
  await db.destroy();
}
