/**
 * A "dead" spec: no sale in the last deadNoSaleDays days (default 56, eight weekly cycles) while the shop has
 * at least that many days of history, of which at least deadMinObservedShare (default half) were observed.
 * The share matters: censored days are days the shop could not sell (out of stock, cap used up) or did not
 * upload, so eight weeks of them are a supply or data problem, not proof that nobody wants the spec. A sale on
 * a censored day still counts as a sale.
 */
import type { ReplenishmentParams } from './params';
import type { SalesDay } from './types';

export function isDeadSpec(history: readonly SalesDay[], params: Pick<ReplenishmentParams, 'deadNoSaleDays' | 'deadMinObservedShare'>): boolean {
  const windowDays = params.deadNoSaleDays;
  const n = history.length;
  if (n < windowDays) return false;
  let observedDays = 0;
  for (let i = n - windowDays; i < n; i++) {
    const day = history[i]!;
    if (day.qtyPacks > 0) return false;
    if (day.censored !== true) observedDays++;
  }
  return observedDays >= params.deadMinObservedShare * windowDays;
}
