/** English messages of the shop's records; must have exactly the keys of ./records.zh-CN.ts. */
import type { recordsZhCN } from './records.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const recordsEn = {
  history: {
    summary_one: '{{count}} upload record; days with data: {{days}}.',
    summary_other: '{{count}} upload records; days with data: {{days}}.',
    none: 'No uploads yet.',
    figures_one: '{{count}} spec',
    figures_other: '{{count}} specs',
    rejected_one: '{{count}} row with problems',
    rejected_other: '{{count}} rows with problems',
    sentAt: 'sent {{time}}',
    byUser: 'by {{name}}',
    byToken: 'till: {{name}}',
    page: 'Page {{page}} of {{pages}}',
    newer: 'Newer records',
    older: 'Older records',
    pages: 'Upload history pages',
  },
  merges: {
    rows_one: '{{count}} good row; {{merged}} of them were the same spec on the same day and were added up into {{into}}.',
    rows_other: '{{count}} good rows; {{merged}} of them were the same spec on the same day and were added up into {{into}}.',
    stored_one: 'Stored as {{count}} figure.',
    stored_other: 'Stored as {{count}} figures.',
  },
  count: {
    last_one: 'Last count: {{count}} pack ({{day}})',
    last_other: 'Last count: {{count}} packs ({{day}})',
    never: 'Not counted before',
    expected_one: 'the records expect about {{count}} pack now',
    expected_other: 'the records expect about {{count}} packs now',
    confirmTitle: 'These figures are far from what the records expect. Are they right?',
    wild_one: '{{name}}: you entered {{count}} pack; the records expect about {{expected}} now.',
    wild_other: '{{name}}: you entered {{count}} packs; the records expect about {{expected}} now.',
    hint: {
      cartons: 'Did you enter cartons? Enter packs here (a carton holds {{packsPerCarton}}).',
      extra_zero: 'Did you type one 0 too many?',
      far: 'Please count again; if it is right, confirm.',
    },
    confirm: 'Yes, save as entered',
    fix: 'Go back and fix',
    needsConfirm: 'Some figures are far from what the records expect: please check them and confirm.',
  },
  delivery: {
    allAsAllocated: 'Delivery confirmed: everything arrived as allocated.',
    reported_one: 'Delivery confirmed. You reported {{count}} spec that differs from the allocation; your account manager will see it:',
    reported_other: 'Delivery confirmed. You reported {{count}} specs that differ from the allocation; your account manager will see them:',
    short_one: '{{name}}: {{count}} carton short (allocated {{allocated}}, received {{received}})',
    short_other: '{{name}}: {{count}} cartons short (allocated {{allocated}}, received {{received}})',
    over_one: '{{name}}: {{count}} carton more (allocated {{allocated}}, received {{received}})',
    over_other: '{{name}}: {{count}} cartons more (allocated {{allocated}}, received {{received}})',
  },
} satisfies Shape<typeof recordsZhCN>;
