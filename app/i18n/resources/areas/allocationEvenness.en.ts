/** English: the evenness of fill on the allocation page (issue 18). */
import type { allocationEvennessZhCN } from './allocationEvenness.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const allocationEvennessEn = {
  evenness: 'Evenness of fill',
  evennessHint: '1 − the Gini coefficient of each shop’s fill (allocated ÷ estimated demand, at most 1)',
  bandGap: 'Gap between grade bands',
  bandGapHint: 'The best-filled grade band’s demand met minus the worst’s',
  points_one: '{{count}} pt',
  points_other: '{{count}} pts',
  definition:
    'Evenness of fill: each shop’s fill = min(1, allocated ÷ estimated demand); evenness = 1 − the Gini coefficient of the fills: 1 when every shop got the same share of its demand, towards 0 when a few shops got it all. Gap between grade bands = the best-filled band’s demand met minus the worst’s.',
} satisfies Shape<typeof allocationEvennessZhCN>;
