/**
 * `tsx scripts/seed.ts [--retailers N] [--specs N] [--weeks N] [--seed N] [--today YYYY-MM-DD]
 *                      [--error-rate P] [--if-empty] [--reset]`
 *
 * Seeds the demo county into DATABASE_URL (default: the SQLite file of db/connect.ts), after bringing the
 * schema up to date. A database that already has data is left alone: with --if-empty that is a quiet
 * success (the demo seeds once; a restart keeps what people did), without it an error unless --reset,
 * which drops everything (all migrations down, then up) before seeding. An entry script (not in db/seed) because
 * it seeds through the app: seedDemo hashes the demo password and builds the monitoring roll-ups.
 */
import { parseArgs } from 'node:util';
import { seedDemo } from '../app/server/seed.server';
import { connect } from '../db/connect';
import { sqlForUrl } from '../db/dialect';
import { migrateToEmpty, migrateToLatest } from '../db/migrate';
import type { SeedOptions } from '../db/seed/generate';

const USAGE = `usage: tsx scripts/seed.ts [--retailers N] [--specs N] [--weeks N] [--seed N] [--today YYYY-MM-DD]
                           [--error-rate P] [--if-empty] [--reset]`;

function integerOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} needs a whole number, got "${value}"\n${USAGE}`);
  return Number(value);
}

function parseCommandLine(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      retailers: { type: 'string' },
      specs: { type: 'string' },
      weeks: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
      'error-rate': { type: 'string' },
      'if-empty': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const errorRate = values['error-rate'] === undefined ? undefined : Number(values['error-rate']);
  if (errorRate !== undefined && Number.isNaN(errorRate)) throw new Error(`--error-rate needs a number\n${USAGE}`);
  const options: Partial<SeedOptions> = {
    retailers: integerOption(values.retailers, 'retailers'),
    specs: integerOption(values.specs, 'specs'),
    weeks: integerOption(values.weeks, 'weeks'),
    seed: integerOption(values.seed, 'seed'),
    today: values.today,
    errorRatePerRetailerWeek: errorRate,
  };
  return { options, ifEmpty: values['if-empty'], reset: values.reset, help: values.help };
}

async function main(): Promise<number> {
  const args = parseCommandLine(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.ifEmpty && args.reset) throw new Error(`--if-empty and --reset contradict each other\n${USAGE}`);
  const url = process.env.DATABASE_URL;
  const db = connect({ url });
  try {
    if (args.reset) {
      await migrateToEmpty(db);
      console.log('reset: all data dropped');
    }
    await migrateToLatest(db);
    const existing = await db.selectFrom('retailers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) {
      if (args.ifEmpty) {
        console.log(`database already has ${existing.n} retailers: nothing seeded (--if-empty)`);
        return 0;
      }
      console.error(`database already has ${existing.n} retailers: refusing to seed over it (use --reset to start again, or --if-empty)`);
      return 1;
    }
    console.log(`seeding the demo county into ${sqlForUrl(url).name} ${sqlForUrl(url).name === 'postgres' ? '(DATABASE_URL)' : (url ?? 'default file')} …`);
    const summary = await seedDemo(db, args.options);
    const o = summary.options;
    console.log(`seed ${o.seed}, today ${o.today}: ${o.retailers} retailers, ${o.specs} specs, ${o.weeks} weeks of history`);
    const width = Math.max(...Object.keys(summary.rowCounts).map((t) => t.length));
    for (const [table, n] of Object.entries(summary.rowCounts)) console.log(`  ${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(10)}`);
    console.log(`${summary.totalRows.toLocaleString('en-US')} rows in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
    console.log('sign in with staff01 / mgr01 / 440300100001, password Demo@2026');
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
