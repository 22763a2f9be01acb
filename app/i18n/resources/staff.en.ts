/** English messages of the staff namespace; `satisfies StaffMessages` makes a missing or extra key a type error. */
import { allocationEn } from './areas/allocation.en';
import { cyclesEn } from './areas/cycles.en';
import { handoverEn } from './areas/handover.en';
import { masterDataEn } from './areas/masterData.en';
import { monitoringEn } from './areas/monitoring.en';
import { jobsEn } from './areas/jobs.en';
import { backtestEn } from './areas/backtest.en';
import { insightsEn } from './areas/insights.en';
import { reportsEn } from './areas/reports.en';
import { notifyStaffEn } from './areas/notifyStaff.en';
import { specPicturesEn } from './areas/specPictures.en';
import { allocationEvennessEn } from './areas/allocationEvenness.en';
import { monitoringDemandEn } from './areas/monitoringDemand.en';
import { supplyReplayEn } from './areas/supplyReplay.en';
import { gradingEn } from './areas/grading.en';
import type { StaffMessages } from './staff.zh-CN';

export const staffEn = {
  staff: {
    homeTitle: 'County monitoring',
    retailersActive: 'Active retailers',
    retailersOnline: 'Online-distribution retailers',
    uploadRateYesterday: 'Upload rate yesterday',
    ordersThisCycle: 'Orders submitted this week',
    salesLast7Days: 'Sales, last 7 days',
    byStation: 'By station',
    station: 'Station',
    managers: 'Managers',
    retailers: 'Retailers',
    packs_one: '{{count}} pack',
    packs_other: '{{count}} packs',
    cycle: 'Current cycle {{code}}',
    noCycle: 'No order cycle is open',
  },
  ruleStaff: {
    nav: 'Suggestions',
    title: 'Sales-driven purchasing: suggested orders',
    intro: 'Suggestions come from each shop’s own sales and stock. Set the rule’s parameters here (every save is a new version), compute the county’s suggestions for the current cycle, and follow forecast accuracy.',
    settings: 'Rule parameters',
    version: 'Current version {{version}}',
    defaults: 'No parameters saved yet: the defaults are in use.',
    serviceLevels: 'Service levels (chance of not running out)',
    scarce: 'Scarce specs',
    premium: 'Price class 1–2',
    standard: 'Other specs',
    newSpecStart: 'New-spec starting quantity (cartons), by grade',
    band: 'Grades {{from}}–{{to}}',
    intermittentMethod: 'Forecast method for intermittent demand',
    roundDown: 'Remainder the safety stock may absorb when rounding (cartons; 0 = always round up)',
    maxCoverDays: 'Most days of cover a carton order may create',
    maxCoverDaysHint: 'How many days of sales the shop’s stock (on hand, on the way and this order) may last after an order. A carton that would go beyond it is not suggested, so a slow seller that needs longer than that to sell one carton is not suggested at all rather than tying up stock for months. 0 = no limit; at most {{max}} days.',
    maxCoverDaysNow_one: 'Now: at most {{count}} day.',
    maxCoverDaysNow_other: 'Now: at most {{count}} days.',
    maxCoverDaysOff: 'Now: no limit.',
    levelFollowDefault: 'The rule’s default (now: {{method}})',
    levelDefault: 'In force: {{method}}, the rule’s default. With “the rule’s default” selected, a later change of the default applies by itself.',
    levelChosen: 'In force: {{method}}, chosen in this version; it stays when the rule’s default changes.',
    levelSetAside: 'In force: {{method}}, the rule’s default. Version {{version}} records “{{saved}}”, but only because the page had it preselected, not as a choice, so the default applies; to keep using it, select it here and save.',
    note: 'Note on the change',
    save: 'Save as a new version',
    saved: 'Saved as version {{version}}. It applies from the next suggestion run; to recompute this cycle’s suggestions with it now, use “Compute now”.',
    invalid: 'Invalid parameters: service levels from 0.5 to 0.999, starting quantities whole numbers from 0 to 50, most days of cover a whole number from 0 to 365.',
    history: 'Settings history',
    by: 'By',
    batch: 'County run',
    batchIntro: 'Compute the current cycle’s suggestions for every active shop. It runs in the background (about 10 seconds for a county, a minute for a city); progress and the result show here.',
    runBatch: 'Compute now',
    batchDone: 'Done in {{seconds}} s. Shops: {{shops}}; suggestions computed: {{suggestions}}.',
    accuracy: 'Forecast accuracy',
    accuracyIntro: 'Forecast accuracy = 1 − Σ|forecast − actual| ÷ Σ actual, over shops that uploaded sales every day of the week.',
    cycle: 'Cycle',
    forecast: 'Forecast (packs)',
    actual: 'Actual (packs)',
    rate: 'Accuracy',
    computeFor: 'Compute accuracy for this cycle',
    chooseCycle: 'Choose a finished cycle',
    accuracyDone: 'Forecast accuracy for {{code}}: {{rate}}.',
    running: 'Working…',
    noAccuracy: 'Not computed yet.',
  },
  cycles: cyclesEn,
  handover: handoverEn,
  masterData: masterDataEn,
  monitoring: monitoringEn,
  jobs: jobsEn,
  backtest: backtestEn,
  insights: insightsEn,
  allocation: allocationEn,
  reports: reportsEn,
  notifyStaff: notifyStaffEn,
  specPictures: specPicturesEn,
  allocationEvenness: allocationEvennessEn,
  monitoringDemand: monitoringDemandEn,
  supplyReplay: supplyReplayEn,
  grading: gradingEn,
} satisfies StaffMessages;
