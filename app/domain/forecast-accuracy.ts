/** 预测准确率: 1 − Σ|forecast − actual| ÷ Σ actual, over (shop, spec) pairs, for the county and per spec. */

export interface ForecastPair {
  specId: number;
  forecastPacks: number;
  actualPacks: number;
}

export interface AccuracyRow {
  /** 0 = county total. */
  specId: number;
  forecastPacks: number;
  actualPacks: number;
  absErrorPacks: number;
}

export function accuracyOf(row: Pick<AccuracyRow, 'absErrorPacks' | 'actualPacks'>): number | null {
  return row.actualPacks > 0 ? 1 - row.absErrorPacks / row.actualPacks : null;
}

/** Sums the pairs into one county row (specId 0) and one row per spec; forecasts are rounded to whole packs. */
export function accuracyRows(pairs: readonly ForecastPair[]): AccuracyRow[] {
  const bySpec = new Map<number, AccuracyRow>();
  const county: AccuracyRow = { specId: 0, forecastPacks: 0, actualPacks: 0, absErrorPacks: 0 };
  for (const p of pairs) {
    const forecast = Math.round(p.forecastPacks);
    const error = Math.abs(forecast - p.actualPacks);
    const row = bySpec.get(p.specId) ?? { specId: p.specId, forecastPacks: 0, actualPacks: 0, absErrorPacks: 0 };
    row.forecastPacks += forecast;
    row.actualPacks += p.actualPacks;
    row.absErrorPacks += error;
    bySpec.set(p.specId, row);
    county.forecastPacks += forecast;
    county.actualPacks += p.actualPacks;
    county.absErrorPacks += error;
  }
  return [county, ...[...bySpec.values()].sort((a, b) => a.specId - b.specId)];
}

/** Measured forecasts summed per cycle, spec and whether the spec was only offered (not in the shop's draft). */
export interface MeasureSum {
  cycleId: number;
  specId: number;
  offered: boolean;
  forecastPacks: number;
  actualPacks: number;
  /** Σ|forecast − actual| over the shops (shop × spec × week). */
  absErrorPacks: number;
}

/**
 * 预测准确率 at the levels it can be read at, from the same measured forecasts:
 * - shopSpecWeek: each shop's forecast of each spec for its week (what the table shows and the roll-ups add up);
 * - specCountyWeek: per spec and week for the whole county, |Σ forecasts − Σ sales| (a shop's miss is
 *   offset by another's, as the county's supply plan sees it);
 * - specCountyWeekDraft: the same without the specs only offered to shops (never in their drafts).
 */
export interface ForecastLevels {
  shopSpecWeek: number | null;
  specCountyWeek: number | null;
  specCountyWeekDraft: number | null;
}

export function forecastLevels(rows: readonly MeasureSum[]): ForecastLevels {
  let shopError = 0;
  let shopActual = 0;
  const all = new Map<string, { f: number; a: number }>();
  const draft = new Map<string, { f: number; a: number }>();
  for (const r of rows) {
    shopError += r.absErrorPacks;
    shopActual += r.actualPacks;
    const k = `${r.cycleId}:${r.specId}`;
    for (const m of r.offered ? [all] : [all, draft]) {
      const e = m.get(k) ?? { f: 0, a: 0 };
      e.f += r.forecastPacks;
      e.a += r.actualPacks;
      m.set(k, e);
    }
  }
  const level = (m: Map<string, { f: number; a: number }>) => {
    let error = 0;
    let actual = 0;
    for (const e of m.values()) {
      error += Math.abs(e.f - e.a);
      actual += e.a;
    }
    return accuracyOf({ absErrorPacks: error, actualPacks: actual });
  };
  return { shopSpecWeek: accuracyOf({ absErrorPacks: shopError, actualPacks: shopActual }), specCountyWeek: level(all), specCountyWeekDraft: level(draft) };
}
