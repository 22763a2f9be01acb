/**
 * The pure domain on its own, no database or HTTP: the replenishment rule (`suggest()`) for every spec of one shop,
 * and the data-quality checks (`checkShop()`) over one shop's 16 weeks, on simulated shops the same every run
 * (tests/support/simulated-shops.ts). These were timing assertions in the unit tests; a shared machine's load made
 * them fail without a change in the code, so they are figures here and the tests assert behaviour only.
 * `npm run bench -- --parts domain` measures only this (it still seeds the county first).
 */
import { checkShop } from '../app/domain/quality';
import { suggest } from '../app/domain/replenishment/rule';
import { addDays } from '../app/domain/time';
import { realisticShop, replenishmentShop } from '../tests/support/simulated-shops';
import { machineLoad, percentile, type Figure } from './lib';

const SPECS = 60;
const WEEKS = 16;

/**
 * Runs `work` once per item after `warmUp` untimed runs (JIT): each item's wall time in ms (sorted), and the
 * process's CPU time per item over the whole loop (user + system), which other work on the machine hardly changes.
 */
function timeEach<T>(items: readonly T[], warmUp: number, work: (item: T) => void): { times: number[]; cpuMs: number } {
  for (const item of items.slice(0, warmUp)) work(item);
  const cpuBefore = process.cpuUsage();
  const times = items.map((item) => {
    const started = performance.now();
    work(item);
    return performance.now() - started;
  });
  const cpu = process.cpuUsage(cpuBefore);
  return { times: times.sort((a, b) => a - b), cpuMs: (cpu.user + cpu.system) / 1000 / items.length };
}

export function benchDomain(): Figure[] {
  const days = Array.from({ length: WEEKS * 7 }, (_, i) => addDays('2026-06-01', i));
  const ruleShops = Array.from({ length: 300 }, (_, s) => replenishmentShop(1000 + s, days, SPECS));
  let cartons = 0;
  const rule = timeEach(ruleShops, 20, (shop) => {
    for (const input of shop) cartons += suggest(input).suggestedCartons;
  });
  // The work must have been done (and not optimised away): a county's shops order something.
  if (cartons === 0) throw new Error('suggest() suggested nothing for 300 simulated shops');

  const qualityShops = Array.from({ length: 150 }, (_, i) => realisticShop(100 + i, '2026-08-03', SPECS, WEEKS));
  let issues = 0;
  const quality = timeEach(qualityShops, 10, (history) => {
    issues += checkShop(history).length;
  });
  if (issues !== 0) throw new Error(`checkShop() found ${issues} issues in clean simulated shops`);

  const rows = (what: string, { times, cpuMs }: { times: number[]; cpuMs: number }, targetP95: string): Figure[] => [
    { name: `${what}, p50`, value: percentile(times, 50), unit: 'ms' },
    { name: `${what}, p95`, value: percentile(times, 95), unit: 'ms', target: targetP95 },
    { name: `${what}, CPU time per shop`, value: cpuMs, unit: 'ms' },
  ];
  return [
    ...rows(`suggest(), one shop (${SPECS} specs × ${WEEKS} weeks)`, rule, '< 5'),
    ...rows(`checkShop(), one shop (${SPECS} specs × ${WEEKS} weeks, ${WEEKS + 1} counts)`, quality, '< 10'),
    machineLoad('after the domain part'),
  ];
}
