/** English: the replay of supply methods; must have exactly the keys of ./supplyReplay.zh-CN.ts. */
import type { supplyReplayZhCN } from './supplyReplay.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const supplyReplayEn = {
  nav: 'Supply methods replay',
  title: 'Replay of supply methods',
  intro:
    'The county’s latest delivered cycles, with their real orders, supply and caps: each short scarce spec shared again by grade and by demand, and what each shop could then have sold in the two weeks after delivery. Nothing is changed. It runs in the background: you can leave this page and come back for the result.',
  cycles: 'Latest delivered cycles to replay',
  cyclesHint: 'Only cycles whose two weeks after delivery are over; 1–{{max}}.',
  floor: 'By-demand floor (cartons)',
  floorHint: 'What each regular seller gets first; 0–{{max}}.',
  run: 'Start the replay',
  running: 'Replaying…',
  invalid: 'Cycles to replay: 1–{{maxCycles}}; the floor: a whole number of cartons, 0–{{maxFloor}}.',
  jobDone_one: 'Replayed {{count}} short spec-cycle.',
  jobDone_other: 'Replayed {{count}} short spec-cycles.',
  window: 'Cycles replayed: {{cycles}}; by-demand floor (cartons): {{floor}}.',
  noneShort: 'No scarce spec was short in these cycles: there is nothing to compare.',
  method: { grade: 'By grade', demand: 'By demand', hindsight: 'Hindsight (a bound, not a method)' },
  figures: {
    allocated: 'Allocated',
    sold: 'Sold within two weeks of delivery',
    left: 'Still unsold after two weeks',
    demandMet: 'Estimated demand met',
    coverage: 'Regular sellers covered',
    bandsLeftOut: 'Grade bands whose regular sellers got nothing',
    evenness: 'Evenness of fill',
  },
  coverageValue: '{{covered}} of {{total}} ({{share}})',
  bandsValue: '{{left}} of {{total}}',
  hindsightNote:
    'Hindsight: the most that could have sold within the same supply, orders and caps had each shop’s next two weeks been known in advance. No allocation method can know them; it only shows how much room there is.',
  definitions:
    'Sold within two weeks = Σ per shop min(packs allocated, demand over the 14 days from delivery − stock that morning) ÷ packs allocated (a sold-out day’s sales count as "at least this much"); estimated demand met = Σ min(allocated, estimated demand) ÷ Σ estimated demand; evenness of fill = 1 − the Gini coefficient of the shops’ fills (1 = every shop equally filled), averaged over the spec-cycles.',
} satisfies Shape<typeof supplyReplayZhCN>;
