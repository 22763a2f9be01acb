/**
 * Replay of supply methods (issue 18) on a generated county: the demo county (or "shapes") seeded into a temp SQLite
 * file, then the same replay the staff page runs as a job on the county's own history
 * (app/server/supply-replay.server.ts: what each method — 按档位, 按需 with a floor, and the hindsight bound — would
 * have sold within two weeks of delivery, left unsold, demand met, regular sellers covered, grade bands left with
 * nothing, evenness of fill).
 *
 *   npm run backtest -- --supply [--county demo|shapes] [--retailers 300] [--weeks 16] [--cycles 8] [--floor 1]
 *   (or npx tsx scripts/supply-replay.ts with the same options)
 *
 * The seed stores no suggestions for past cycles, so demand before a cycle is the censored-data mean of the weeks
 * before (sold-out days read as "at least"), net of stock. The seeded history was lived under the seed's own grade
 * allocation: the comparison leans, if anything, towards 按档位. The hindsight line is a bound for scale, not a
 * method: no allocation can know the fortnight after delivery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { supplyRates, type SupplyTally } from '../app/domain/allocation';
import { seedDemo } from '../app/server/seed.server';
import { replaySupplyMethods } from '../app/server/supply-replay.server';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedOptionsFor, type County } from './replay-sources';

export async function replaySupply(county: County, options: { retailers: number; weeks: number; cycles: number; floorCartons: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-supply-'));
  const db = connect({ url: path.join(dir, `${county}.db`) });
  try {
    await migrateToLatest(db);
    const seed = await seedDemo(db, seedOptionsFor(county, options));
    const result = await replaySupplyMethods(db, { today: seed.options.today, cycles: options.cycles, floorCartons: options.floorCartons });
    return { county, seed: seed.options, ...result };
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function line(name: string, t: SupplyTally) {
  const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);
  const r = supplyRates(t);
  return `${name.padEnd(9)} allocated ${String(t.allocatedCartons).padStart(6)} cartons · sold within 2 weeks ${pct(r.soldShare).padStart(7)} · left ${String(r.leftCartons).padStart(5)} cartons · demand met ${pct(r.demandMet).padStart(7)} · regular sellers covered ${t.regularCovered}/${t.regularSellers} (${pct(r.regularCoverage)}) · grade bands of regular sellers left with nothing ${t.bandsLeftOut}/${t.bandsWithRegular} · evenness ${r.evenness ?? '—'}`;
}

/** The replay as a command: `args` are its options (scripts/backtest.ts passes its own after --supply). */
export async function supplyReplayMain(args: string[] = process.argv.slice(2)) {
  const { values } = parseArgs({ args, options: { county: { type: 'string' }, retailers: { type: 'string' }, weeks: { type: 'string' }, cycles: { type: 'string' }, floor: { type: 'string' } } });
  const counties: County[] = values.county ? [values.county as County] : ['demo', 'shapes'];
  for (const county of counties) {
    const r = await replaySupply(county, { retailers: Number(values.retailers ?? 300), weeks: Number(values.weeks ?? 16), cycles: Number(values.cycles ?? 8), floorCartons: Number(values.floor ?? 1) });
    console.log(`county "${county}" (seed ${r.seed.seed}, ${r.seed.retailers} retailers, ${r.seed.weeks} weeks to ${r.seed.today}): ${r.specCycles} short scarce spec-cycles in ${r.cycles.join(', ')}`);
    console.log(`  ${line('按档位', r.methods.grade)}`);
    console.log(`  ${line('按需', r.methods.demand)}`);
    console.log(`  ${line('hindsight', r.methods.hindsight)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  supplyReplayMain().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
