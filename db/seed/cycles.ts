/**
 * Weekly order cycles (订货周期) and their per-grade caps (限量). History weeks are delivered, the week
 * containing `today` is open, the next one is planned (its supply and caps are already loaded).
 */
import type { Selectable } from 'kysely';
import { addDays, isoWeekCode, mondayOf, shanghaiToInstant } from '../../app/domain/time';
import type { CapTable, CycleStatus, OrderCycleTable } from '../schema';
import { seasonalFactor } from './calendar';
import type { SpecProfile } from './catalogue';
import { dailyPacksOfGrade } from './county';
import type { Rng } from './random';

/** A realistic afternoon cut-off: the warehouse picks overnight for next-day delivery. */
export const CUTOFF_LOCAL_TIME = '17:00:00';

export type CycleKind = 'history' | 'current' | 'next';

export interface CyclePlan {
  index: number;
  kind: CycleKind;
  row: Selectable<OrderCycleTable>;
}

export interface CycleOptions {
  weeks: number;
  today: string;
}

/** Monday of the first simulated week. */
export function firstDayOf({ weeks, today }: CycleOptions): string {
  return addDays(mondayOf(today), -7 * weeks);
}

export function buildCycles(rng: Rng, options: CycleOptions): CyclePlan[] {
  const currentMonday = mondayOf(options.today);
  // Nothing the seed writes may lie in the future, whatever the clock says when it runs.
  const latestCreatedAt = shanghaiToInstant(addDays(options.today, -1), '18:00:00');
  const plans: CyclePlan[] = [];
  for (let k = -options.weeks; k <= 1; k++) {
    const startsOn = addDays(currentMonday, 7 * k);
    const kind: CycleKind = k < 0 ? 'history' : k === 0 ? 'current' : 'next';
    const status: CycleStatus = kind === 'history' ? 'delivered' : kind === 'current' ? 'open' : 'planned';
    const opensAt = shanghaiToInstant(addDays(startsOn, -2), '09:00:00');
    const loadedAt = shanghaiToInstant(addDays(startsOn, -4), '15:30:00');
    plans.push({
      index: plans.length,
      kind,
      row: {
        id: plans.length + 1,
        code: isoWeekCode(startsOn),
        startsOn,
        endsOn: addDays(startsOn, 6),
        opensAt,
        cutoffLocalTime: CUTOFF_LOCAL_TIME,
        // Mostly next-day delivery; some weeks (holidays, truck rotas) take two days.
        leadDays: rng.chance(0.25) ? 2 : 1,
        status,
        createdAt: loadedAt < latestCreatedAt ? loadedAt : latestCreatedAt,
      },
    });
  }
  return plans;
}

export const GRADE_BANDS: readonly (readonly [number, number])[] = [
  [1, 5],
  [6, 10],
  [11, 15],
  [16, 20],
  [21, 25],
  [26, 30],
];

export function bandOfGrade(grade: number): number {
  return Math.min(GRADE_BANDS.length - 1, Math.max(0, Math.floor((grade - 1) / 5)));
}

/** Caps per cycle and spec, by grade band; 0 = no cap. */
export class CapTableLookup {
  private readonly bySpec: Int32Array[];

  constructor(specCount: number, cycleCount: number) {
    this.bySpec = Array.from({ length: cycleCount }, () => new Int32Array(specCount * GRADE_BANDS.length));
  }

  set(cycleIndex: number, specIndex: number, band: number, capCartons: number) {
    this.bySpec[cycleIndex]![specIndex * GRADE_BANDS.length + band] = capCartons;
  }

  /** The cap for a retailer of this grade, or null when the spec has no cap in that cycle. */
  capFor(cycleIndex: number, specIndex: number, grade: number): number | null {
    const cap = this.bySpec[cycleIndex]![specIndex * GRADE_BANDS.length + bandOfGrade(grade)]!;
    return cap > 0 ? cap : null;
  }
}

export interface CapPlanResult {
  rows: Selectable<CapTable>[];
  lookup: CapTableLookup;
}

/** Strictly increasing with grade, at least 1 carton. */
function makeIncreasing(caps: number[]): number[] {
  for (let b = 0; b < caps.length; b++) caps[b] = Math.max(b === 0 ? 1 : caps[b - 1]! + 1, caps[b]!);
  return caps;
}

/**
 * Caps for every scarce spec (always) and about a fifth of ordinary ones (mostly dearer classes), sized
 * from what a typical shop in each band sells: scarce caps bind, ordinary caps rarely do. Gift seasons
 * raise the 一类/二类 caps by half.
 *
 * @param shareOfShopVolume per spec, the mean share of a carrying shop's daily packs (0 = nobody carries it)
 */
export function planCaps(rng: Rng, specs: SpecProfile[], cycles: CyclePlan[], shareOfShopVolume: number[]): CapPlanResult {
  const lookup = new CapTableLookup(specs.length, cycles.length);
  const rows: Selectable<CapTable>[] = [];
  const capped = specs.map((s) => s.row.isOrderable === 1 && (s.row.isScarce === 1 || rng.chance(s.row.priceClass <= 2 ? 0.32 : 0.12)));
  for (const cycle of cycles) {
    for (const spec of specs) {
      if (!capped[spec.index]) continue;
      if (spec.discontinuedFrom !== null && spec.discontinuedFrom <= cycle.row.startsOn) continue;
      const scarce = spec.row.isScarce === 1;
      const gifting = spec.row.priceClass <= 2 && giftPressure(cycle.row.startsOn) >= 1.3;
      const caps = GRADE_BANDS.map(([from, to]) => {
        const cartonsPerWeek = ((shareOfShopVolume[spec.index] ?? 0) * dailyPacksOfGrade((from + to) / 2) * 7) / spec.row.packsPerCarton;
        const base = scarce ? Math.round(cartonsPerWeek * 1.1) : Math.ceil(cartonsPerWeek * 1.8) + 1;
        return gifting ? Math.ceil(base * 1.5) : base;
      });
      if (rng.chance(0.15)) {
        const band = rng.int(0, caps.length - 1);
        caps[band] = Math.max(1, caps[band]! + (rng.chance(0.5) ? 1 : -1));
      }
      makeIncreasing(caps).forEach((capCartons, band) => {
        const [gradeFrom, gradeTo] = GRADE_BANDS[band]!;
        lookup.set(cycle.index, spec.index, band, capCartons);
        rows.push({ cycleId: cycle.row.id, specId: spec.row.id, gradeFrom, gradeTo, capCartons });
      });
    }
  }
  return { rows, lookup };
}

/** Mean 一类 demand lift over a cycle's week and the one after (what staff plan caps against). */
export function giftPressure(startsOn: string): number {
  let sum = 0;
  for (let d = 0; d < 14; d++) sum += seasonalFactor(addDays(startsOn, d), 1);
  return sum / 14;
}
