/**
 * Negative derived stock: from the latest count of a spec (taken on a morning, before trade), receipts
 * add and sales subtract on their day; when the stock at the end of a day falls below zero, the shop
 * recorded selling packs it did not have (a missed receipt, a wrong count or a mis-scan).
 *
 * One issue per spec per episode, on the first negative day: the episode lasts while the derived stock
 * stays below zero, and ends when it is back at zero or above, or when a new count of the spec resets it.
 * Days before the spec's first count cannot be judged (the opening stock is unknown) and are skipped.
 */
import type { PreparedHistory, SpecHistory } from './history';
import type { QualityIssue } from './types';

export interface NegativeStockEpisode {
  specId: number;
  /** First day the derived stock is below zero (at the end of the day). */
  day: string;
  derivedQtyPacks: number;
  /** The count the derivation starts from. */
  fromCountDay: string;
}

export function findNegativeStockEpisodes(history: PreparedHistory): NegativeStockEpisode[] {
  const episodes: NegativeStockEpisode[] = [];
  for (const spec of history.specs) if (spec.counts.length > 0) collectForSpec(spec, episodes);
  return episodes;
}

function collectForSpec(spec: SpecHistory, into: NegativeStockEpisode[]) {
  const { days, counts } = spec;
  let stock = 0;
  let fromCountDay: string | null = null;
  let inEpisode = false;
  let d = 0;
  let c = 0;
  // Walk the union of flow days and count days in order; on a shared day the count (morning) comes first.
  while (d < days.length || c < counts.length) {
    const day = c < counts.length && (d >= days.length || counts[c]!.day <= days[d]!) ? counts[c]!.day : days[d]!;
    if (c < counts.length && counts[c]!.day === day) {
      stock = counts[c]!.qtyPacks;
      fromCountDay = day;
      inEpisode = false;
      c++;
    }
    if (d < days.length && days[d] === day) {
      stock += spec.receiptsPacks[d]! - spec.salesPacks[d]!;
      d++;
    }
    if (fromCountDay === null) continue;
    if (stock < 0) {
      if (!inEpisode) into.push({ specId: spec.specId, day, derivedQtyPacks: stock, fromCountDay });
      inEpisode = true;
    } else inEpisode = false;
  }
}

export function negativeStockIssue(episode: NegativeStockEpisode): QualityIssue {
  return {
    kind: 'negative_stock',
    specId: episode.specId,
    day: episode.day,
    detail: { derivedQtyPacks: episode.derivedQtyPacks, fromCountDay: episode.fromCountDay },
  };
}
