/** English: the market supervision line (issue 18). */
import type { supervisionZhCN } from './supervision.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const supervisionEn = {
  nav: 'Market supervision',
  title: 'Market supervision: orders far beyond sales',
  intro:
    'Shops that ordered a scarce spec in at least {{minCycles}} of the last {{cycles}} delivered cycles and asked in all for more than their scanned sales of it × {{factor}}, plus one carton (possible hoarding or diversion). A day without a sales upload is not read as no sales: shops that uploaded on fewer than half the days are not judged. Shared by demand, such a shop gets what its sales support (net of its stock), not what it asks beyond them.',
  window: 'Cycles from {{from}} to {{to}}',
  none: 'No shop orders far beyond its sales.',
  noCycles: 'No delivered cycle yet: nothing to judge.',
  grade: 'grade {{grade}}',
  manager: 'Account manager: {{name}}',
  figures: {
    asked: 'Asked',
    allocated: 'Allocated',
    sold: 'Scanned sales',
    ratio: 'Asked ÷ sold',
    received: 'Received',
    stock: 'Stock (start → end)',
    unaccounted: 'Neither sold nor on the shelf',
  },
  askedCycles_one: '{{amount}} ({{count}} cycle)',
  askedCycles_other: '{{amount}} ({{count}} cycles)',
  soldPacks_one: '{{count}} pack',
  soldPacks_other: '{{count}} packs',
  soldScaled: '{{amount}} (scaled up from the days with uploads: {{uploaded}}/{{days}})',
  times: '{{ratio}} ×',
  unknown: 'unknown',
  unaccountedHint: 'Received − scanned sales − stock gained; above zero, cartons that neither sold through the till nor stayed on the shelf.',
  byCycle: 'Cycle by cycle',
  cycle: 'Cycle',
  uploadedDays: 'Days uploaded',
  count_one: '{{count}} shop and spec',
  count_other: '{{count}} shops and specs',
} satisfies Shape<typeof supervisionZhCN>;
