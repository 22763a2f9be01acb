/**
 * The demand calendar: the gift-buying festivals that move a tobacco county's sales. Gifts are 一类/二类
 * cartons, so festivals lift those classes most. Dates are the public holidays' first days; the list covers
 * any window the demo is likely to be generated for. The weekly rhythm is each shop's own (demand.ts).
 */
import { daysBetween } from '../../app/domain/time';

export type FestivalKind = 'spring' | 'mid_autumn' | 'national_day';

export interface Festival {
  day: string;
  kind: FestivalKind;
  nameZh: string;
}

export const FESTIVALS: readonly Festival[] = [
  { day: '2025-01-29', kind: 'spring', nameZh: '春节' },
  { day: '2025-10-01', kind: 'national_day', nameZh: '国庆节' },
  { day: '2025-10-06', kind: 'mid_autumn', nameZh: '中秋节' },
  { day: '2026-02-17', kind: 'spring', nameZh: '春节' },
  { day: '2026-09-25', kind: 'mid_autumn', nameZh: '中秋节' },
  { day: '2026-10-01', kind: 'national_day', nameZh: '国庆节' },
  { day: '2027-02-06', kind: 'spring', nameZh: '春节' },
  { day: '2027-09-15', kind: 'mid_autumn', nameZh: '中秋节' },
  { day: '2027-10-01', kind: 'national_day', nameZh: '国庆节' },
];

export function isGiftClass(priceClass: number): boolean {
  return priceClass <= 2;
}

/** One festival's effect on a day's demand for a price class (1 = none). */
function festivalFactor(festival: Festival, day: string, priceClass: number): number {
  const daysBefore = daysBetween(day, festival.day); // > 0 before the festival, ≤ 0 on and after it
  const gift = isGiftClass(priceClass);
  if (festival.kind === 'spring') {
    if (daysBefore >= 1 && daysBefore <= 21) {
      const ramp = (22 - daysBefore) / 21;
      return gift ? 1 + 2.2 * ramp : 1 + 0.45 * ramp;
    }
    if (daysBefore <= 0 && daysBefore >= -6) return 1.2; // visiting relatives all week
    if (daysBefore < -6 && daysBefore >= -20) return 0.82; // migrants gone, gifts still at home
    return 1;
  }
  if (daysBefore >= 1 && daysBefore <= 10) {
    const ramp = (11 - daysBefore) / 10;
    return gift ? 1 + 1.6 * ramp : 1 + 0.15 * ramp;
  }
  const holidayLength = festival.kind === 'national_day' ? 7 : 3;
  if (daysBefore <= 0 && daysBefore > -holidayLength) return gift ? 1.3 : 1.1;
  return 1;
}

/** Seasonal multiplier for a day and price class: the strongest festival boost, else the deepest dip. */
export function seasonalFactor(day: string, priceClass: number): number {
  let boost = 1;
  let dip = 1;
  for (const festival of FESTIVALS) {
    const f = festivalFactor(festival, day, priceClass);
    if (f > boost) boost = f;
    if (f < dip) dip = f;
  }
  return boost > 1 ? boost : dip;
}
