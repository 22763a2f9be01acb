/**
 * A shop's data-quality issue as its page lists it (app/server/quality.server.ts listQualityIssues reads it,
 * app/ui/issues-list.tsx draws it). Plain data, here so the page's component needs nothing from app/server.
 */
export interface QualityIssueView {
  id: number;
  /** A QualityIssueKind (types.ts) as stored. */
  kind: string;
  specId: number | null;
  day: string;
  status: 'open' | 'fixed' | 'explained';
  foundAt: string;
  resolutionNote: string | null;
  specName: string | null;
  packsPerCarton: number | null;
  detail: Record<string, number | string | null>;
}
