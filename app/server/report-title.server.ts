/**
 * The title block of every Excel report (export.server's writeWorkbook): the title, then one line each for the
 * period (and the one compared with), the county, when it was generated (Asia/Shanghai) and the units.
 */
import type { TFunction } from 'i18next';
import { formatDateTime } from '~/ui/format';
import { env } from './env.server';

type T = TFunction<'common'>;

export function countyName(t: T): string {
  return env().COUNTY_NAME || t('reports.countyDefault');
}

export function reportTitle(
  t: T,
  o: { title: string; period?: { from: string; to: string } | null; previous?: { from: string; to: string } | null; lines?: string[]; units: string[]; now: Date },
): { title: string; lines: string[] } {
  const lines: string[] = [];
  if (o.period) lines.push(t('reports.period', { from: o.period.from, to: o.period.to }));
  if (o.previous) lines.push(t('reports.comparedWith', { from: o.previous.from, to: o.previous.to }));
  lines.push(...(o.lines ?? []));
  lines.push(t('reports.county', { name: countyName(t) }));
  lines.push(t('reports.generatedAt', { time: formatDateTime(o.now) }));
  lines.push(...o.units);
  return { title: o.title, lines };
}
