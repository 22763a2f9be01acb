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
