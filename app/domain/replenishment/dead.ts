/**
 * A "dead" spec: the shop no longer sells it, so nothing is suggested. Either test finds it:
 *
 * 1. No sale in the last deadNoSaleDays days (default 56, eight weekly cycles) while the shop has at least that
 *    many days of history, of which at least deadMinObservedShare (default half) were observed.
 * 2. Noticed sooner, by the spec's own pace: before its last sale it sold on a share p of its observed days;
 *    since then it has had r observed days without a sale. If it still sold at that pace, r quiet days in a row
 *    would happen with chance (1 − p)^r. Below deadRunChance (1 %), with r ≥ deadMinNoSaleDays (14), it has
 *    stopped: a spec that sold every other day is dead after two weeks of open, stocked days without a sale,
 *    one that sold once a week after about four weeks.
 *    At least deadMinObservedShare of the days since the last sale must be observed, as in (1).
 *
 * The observed share matters in both: censored days are days the shop could not sell (out of stock, cap used
 * up) or did not upload, so weeks of them are a supply or data problem, not proof that nobody wants the spec —
 * and a spec found dead with an empty shelf would stay dead for ever. A sale on a censored day still counts
 * as a sale. Both tests read only which days had a sale, so scaling the sales changes nothing.
 */
import type { ReplenishmentParams } from './params';
import type { SalesDay } from './types';

type DeadParams = Pick<ReplenishmentParams, 'deadNoSaleDays' | 'deadMinObservedShare' | 'deadRunChance' | 'deadMinNoSaleDays'>;

export interface QuietRun {
  /** Days since the last sale (censored ones too); the whole history when it has no sale. */
  days: number;
  /** Observed days among them. */
  observedDays: number;
  /** Before the run: observed days and days with a sale. */
  observedBefore: number;
  saleDaysBefore: number;
}

/** The run of days without a sale at the end of the history, and the pace before it. */
export function quietRun(history: readonly SalesDay[]): QuietRun {
  let k = history.length - 1;
  let observedDays = 0;
  while (k >= 0 && !(history[k]!.qtyPacks > 0)) {
    if (history[k]!.censored !== true) observedDays++;
    k--;
  }
  let observedBefore = 0;
  let saleDaysBefore = 0;
  for (let i = 0; i <= k; i++) {
    const day = history[i]!;
    if (day.qtyPacks > 0) saleDaysBefore++;
    if (day.censored !== true) observedBefore++;
  }
  return { days: history.length - 1 - k, observedDays, observedBefore, saleDaysBefore };
}

/** (1 − p)^r: the chance of the quiet run at the pace before it; 1 when there is no pace to judge by. */
export function quietRunChance(run: QuietRun): number {
  if (run.saleDaysBefore === 0 || run.observedBefore === 0) return 1;
  const p = Math.min(1, run.saleDaysBefore / run.observedBefore);
  return Math.pow(1 - p, run.observedDays);
}

export function isDeadSpec(history: readonly SalesDay[], params: DeadParams): boolean {
  const run = quietRun(history);
  const windowDays = params.deadNoSaleDays;
  if (history.length >= windowDays && run.days >= windowDays) {
    let observedDays = 0;
    for (let i = history.length - windowDays; i < history.length; i++) if (history[i]!.censored !== true) observedDays++;
    if (observedDays >= params.deadMinObservedShare * windowDays) return true;
  }
  return (
    run.saleDaysBefore > 0 &&
    run.observedDays >= params.deadMinNoSaleDays &&
    run.observedDays >= params.deadMinObservedShare * run.days &&
    quietRunChance(run) < params.deadRunChance
  );
}
