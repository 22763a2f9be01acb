/** English: the cycle's allocation page (issue 18). */
import type { allocationZhCN } from './allocation.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const allocationEn = {
  title: 'Allocation methods and demand · {{code}}',
  back: 'Back to the cycle',
  open: 'Allocation methods and demand',
  intro:
    'Each short spec can be shared by grade (a higher grade gets more, as before), by demand (in proportion to each shop’s estimated demand, with its cap as the ceiling and a floor for regular sellers first) or by a blend of the two. Estimated demand comes from the replenishment rule’s forecast: a sold-out day’s sales count as "at least this much", and an order for the whole cap as "demand is at least the cap"; then the shop’s stock on its order day and what is on its way are taken off (the days until delivery count as sales), leaving what this delivery must bring — a shop with a full shelf gets less, an empty one first.',
  prepared: 'Demand estimated at {{at}}.',
  notPrepared: 'Demand not estimated yet; a run by demand or by a blend estimates it first.',
  prepare: 'Estimate demand again',
  run: 'Run the allocation',
  busy: 'Working…',
  export: 'Export to Excel',
  noSpecs: 'No spec has a limited supply this cycle.',
  done: {
    prepare_one: 'Demand estimated for {{count}} order line (shops: {{shops}}).',
    prepare_other: 'Demand estimated for {{count}} order lines (shops: {{shops}}).',
    method: 'Allocation method saved.',
    run_one: 'Allocation run (orders: {{orders}}): {{count}} carton allocated.',
    run_other: 'Allocation run (orders: {{orders}}): {{count}} cartons allocated.',
  },
  error: {
    not_found: 'Cycle or spec not found.',
    bad_status: 'Not possible in the cycle’s current status (it must be closed and not yet published).',
    no_supply: 'This spec has no limited supply this cycle; it needs no method.',
    bad_method: 'A method does not fit; nothing was allocated:',
    invalid: 'The form is not filled in correctly; please check it.',
  },
  problem: {
    floor_above_supply: 'The floor (cartons: {{floor}}) is more than the spec’s supply (cartons: {{supply}}).',
    floor_not_whole: 'The floor must be a whole number of cartons, 0–50.',
    percent_not_whole: '{{field}} must be a whole number, 0–100.',
    weights_not_100: 'The by-grade and by-demand shares must sum to 100% (now {{sum}}%).',
  },
  field: { floorCartons: 'Floor', gradePercent: 'By-grade share', demandPercent: 'By-demand share' },
  method: { grade: 'By grade', demand: 'By demand', blend: 'Blend' },
  methodLabel: 'Method',
  floor: 'Floor (cartons)',
  floorHint: 'What each regular seller gets first; the rest is shared by demand.',
  gradePercent: 'By grade (%)',
  demandPercent: 'By demand (%)',
  save: 'Save method',
  figures: {
    supply: 'Supply',
    requested: 'Ordered',
    allocated: 'Allocated',
    demand: 'Estimated demand',
    demandFill: 'Demand met',
    orderFill: 'Orders filled',
    coverage: 'Regular sellers covered',
    shops: 'Shops ordering',
    regular: 'Regular sellers',
    regularCovered: 'Regular sellers allocated',
  },
  cartons_one: '{{count}} carton',
  cartons_other: '{{count}} cartons',
  by: { grade: 'By grade band', station: 'By station', businessType: 'By business type' },
  group: 'Group',
  gradeBand: 'Grades {{band}}',
  leftOut: 'Regular sellers of grade band {{bands}} got nothing.',
  noneLeftOut: 'Regular sellers of every grade band got some.',
  definitions:
    'Demand met = Σ min(allocated, estimated demand) per shop ÷ Σ estimated demand (a shop counts at most in full); orders filled = allocated ÷ ordered; regular sellers covered = regular sellers allocated at least 1 carton ÷ regular sellers who ordered the spec (regular: a sale in at least half of the last 8 weeks).',
  file: { name: 'allocation-demand_{{code}}', sheet: 'Allocation and demand', spec: 'Spec', dimension: 'Dimension', group: 'Group', method: 'Method' },
} satisfies Shape<typeof allocationZhCN>;
