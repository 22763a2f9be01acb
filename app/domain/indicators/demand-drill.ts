import type { DrillShop } from './drill-shop';

/**
 * One order line behind a 配货对需求 figure, as the drill-down lists it (app/server/monitoring-demand.server.ts reads
 * it, app/ui/monitoring/demand-drill.tsx shows it): a shared type here, so the server and the page cannot drift.
 */
export interface DemandDrillRow extends DrillShop {
  retailerId: number;
  cycleCode: string;
  orderDay: string;
  specCode: string;
  specName: string;
  requestedCartons: number;
  demandCartons: number;
  allocatedCartons: number;
  /** min(allocated, demand): what counts towards 需求满足率. */
  demandMetCartons: number;
  regularSeller: boolean;
}
