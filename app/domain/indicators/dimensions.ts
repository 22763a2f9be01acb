/** The breakdowns of every indicator (DOMAIN.md): the county and each retailer attribute. */
export const DIMENSIONS = ['county', 'station', 'manager', 'businessType', 'marketType', 'grade'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function isDimension(value: unknown): value is Dimension {
  return typeof value === 'string' && (DIMENSIONS as readonly string[]).includes(value);
}

export interface RetailerDimensions {
  stationId: number;
  managerId: number;
  businessType: string;
  marketType: string;
  grade: number;
}

/** The value a retailer has in a dimension, as stored in the roll-ups ('all' for the county). */
export function dimensionValue(dim: Dimension, r: RetailerDimensions): string {
  switch (dim) {
    case 'county':
      return 'all';
    case 'station':
      return String(r.stationId);
    case 'manager':
      return String(r.managerId);
    case 'businessType':
      return r.businessType;
    case 'marketType':
      return r.marketType;
    case 'grade':
      return String(r.grade);
  }
}
