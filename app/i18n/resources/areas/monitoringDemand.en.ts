/** English: allocation measured against demand on the monitoring page (issue 18). */
import type { monitoringDemandZhCN } from './monitoringDemand.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const monitoringDemandEn = {
  title: 'Allocation against demand (specs with a supply figure)',
  show: 'Show allocation against demand',
  hide: 'Hide allocation against demand',
  showShort: 'Show',
  intro:
    'Order lines of specs with a supply figure (scarce, shared out by the allocation) of the shops whose order day is in the period: what was allocated against the demand estimated and stored for that cycle (the estimates the allocation read). Fulfilment here counts the same lines only, to compare like with like. Select a figure to see every line behind it.',
  demandFill: 'Demand met',
  coverage: 'Regular sellers covered',
  evenness: 'Evenness of fill',
  orderFill: 'Fulfilment (same lines)',
  demandCartons: 'Estimated demand (cartons)',
  allocatedCartons: 'Allocated (cartons)',
  bandGap: 'Gap between grade bands: this period {{current}}, previous {{previous}}',
  noLines: 'Nothing to measure in this period (no order lines of supplied specs in an allocated cycle).',
  missing_one: 'Cycle {{codes}} has no stored demand estimates and is left out (none are computed here; they are estimated when a cycle closes).',
  missing_other: 'Cycles {{codes}} have no stored demand estimates and are left out (none are computed here; they are estimated when a cycle closes).',
  estimatedAfterRun_one: 'Cycle {{codes}} had its demand estimated again after its last allocation run: these figures read the newer estimates, not the ones the run used.',
  estimatedAfterRun_other: 'Cycles {{codes}} had their demand estimated again after their last allocation run: these figures read the newer estimates, not the ones the runs used.',
  drillTitle: 'Allocation against demand · {{group}}',
  drillSummary: 'In cartons: demand met {{met}} / estimated demand {{demand}} = {{fill}} · regular sellers allocated {{covered}} / {{regular}} = {{coverage}} · allocated {{allocated}} / requested {{requested}} = {{orderFill}} · evenness {{evenness}}',
  drillCount_one: '{{count}} order line',
  drillCount_other: '{{count}} order lines',
  col: {
    cycle: 'Cycle',
    orderDay: 'Order day',
    spec: 'Spec',
    requested: 'Requested (cartons)',
    demand: 'Estimated demand (cartons)',
    allocated: 'Allocated (cartons)',
    met: 'Demand met (cartons)',
    regular: 'Regular seller',
  },
  yes: 'Yes',
  no: 'No',
  definition:
    'Demand met = Σ min(allocated, estimated demand) ÷ Σ estimated demand (no shop counts beyond its demand); regular sellers covered = regular sellers’ lines allocated at least 1 carton ÷ regular sellers’ lines; evenness of fill = 1 − the Gini coefficient of each line’s fill (at most 1); fulfilment = allocated ÷ requested, over the same lines only.',
  fileName: 'allocation-against-demand_{{from}}_{{to}}',
  sheet: 'Against demand',
} satisfies Shape<typeof monitoringDemandZhCN>;
