/**
 * What every drill-down row says of its shop — who it is, where, and whom to call — as the monitoring lists, their
 * pages and their Excel sheets show it (the shop columns come first in each). One type, so the lists cannot drift.
 */
export interface DrillShop {
  licenceNo: string;
  name: string;
  phone: string;
  stationZh: string;
  stationEn: string;
  managerName: string;
  managerPhone: string;
}
