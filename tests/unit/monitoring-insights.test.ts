/** Targets (考核目标), 环比 / 同比 and rankings, and the sales structure: the pure rules of issue 17, item 5. */
import fc from 'fast-check';
import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { targetsForm } from '~/domain/forms/targets';
import { insightsEn } from '~/i18n/resources/areas/insights.en';
import { insightsZhCN } from '~/i18n/resources/areas/insights.zh-CN';
import { INDICATOR_IDS } from '~/domain/indicators';
import { changeOf, rankBy, yearAgoRange } from '~/domain/indicators/comparisons';
import { structureBy, structureCartons, structureOf } from '~/domain/indicators/structure';
import { amberMarginOf, fromStoredHundredths, targetStatus, toStoredHundredths, type IndicatorTarget } from '~/domain/indicators/targets';

const rateTarget = (target: number, amberMargin: number | null = null, direction: IndicatorTarget['direction'] = 'atLeast'): IndicatorTarget => ({
  indicator: 'uploadRate',
  target,
  direction,
  amberMargin,
});

describe('target status', () => {
  it('reads green at or beyond the target, amber within the band, red beyond it', () => {
    const t = rateTarget(0.95, 0.03);
    expect(targetStatus(0.95, t)).toBe('green');
    expect(targetStatus(0.99, t)).toBe('green');
    expect(targetStatus(0.93, t)).toBe('amber');
    expect(targetStatus(0.92, t)).toBe('amber');
    expect(targetStatus(0.91, t)).toBe('red');
    expect(targetStatus(null, t)).toBeNull();
    expect(targetStatus(0.5, undefined)).toBeNull();
  });

  it('mirrors for lower-is-better, and uses the stated rule without a margin', () => {
    const t: IndicatorTarget = { indicator: 'notOrdered', target: 10, direction: 'atMost', amberMargin: null };
    expect(amberMarginOf(t)).toBe(1);
    expect(targetStatus(9, t)).toBe('green');
    expect(targetStatus(11, t)).toBe('amber');
    expect(targetStatus(12, t)).toBe('red');
    expect(amberMarginOf(rateTarget(0.9))).toBe(0.05);
  });

  it('never reads better for a worse figure (monotone)', () => {
    const order = { green: 0, amber: 1, red: 2 } as const;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.boolean(), (a, b, target, margin, atLeast) => {
        const t = rateTarget(target, margin, atLeast ? 'atLeast' : 'atMost');
        const [worse, better] = atLeast ? [Math.min(a, b), Math.max(a, b)] : [Math.max(a, b), Math.min(a, b)];
        expect(order[targetStatus(worse, t)!]).toBeGreaterThanOrEqual(order[targetStatus(better, t)!]);
      }),
    );
  });

  it('stores hundredths of the shown unit and reads them back', () => {
    expect(toStoredHundredths('uploadRate', 0.955)).toBe(9550);
    expect(fromStoredHundredths('uploadRate', 9550)).toBeCloseTo(0.955, 10);
    expect(toStoredHundredths('stockToSales', 1.5)).toBe(150);
    expect(toStoredHundredths('notOrdered', 12)).toBe(1200);
  });
});

describe('the targets form', () => {
  const parse = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    return parseWithZod(fd, { schema: targetsForm });
  };

  it('accepts a rate in percent and a blank amber band', () => {
    const s = parse({ intent: 'save', indicator: 'uploadRate', target: '95', direction: 'atLeast', amber: '' });
    expect(s.status).toBe('success');
    if (s.status === 'success' && s.value.intent === 'save') expect(s.value).toMatchObject({ target: 95, amber: undefined });
  });

  it('names the field that is wrong', () => {
    const empty = parse({ intent: 'save', indicator: 'uploadRate', target: '', direction: 'atLeast' });
    expect(empty.status).toBe('error');
    expect(empty.reply().error?.target).toEqual(['required']);
    const words = parse({ intent: 'save', indicator: 'uploadRate', target: 'abc', direction: 'atLeast' });
    expect(words.reply().error?.target).toEqual(['not_a_number']);
    const over = parse({ intent: 'save', indicator: 'uploadRate', target: '120', direction: 'atLeast', amber: '-1' });
    expect(over.reply().error?.target).toEqual(['out_of_range']);
    expect(over.reply().error?.amber).toEqual(['out_of_range']);
    const half = parse({ intent: 'save', indicator: 'notOrdered', target: '2.5', direction: 'atMost' });
    expect(half.reply().error?.target).toEqual(['whole_number']);
    const bad = parse({ intent: 'save', indicator: 'nope', target: '1', direction: 'atLeast' });
    expect(bad.reply().error?.indicator).toEqual(['required']);
  });
});

describe('环比 / 同比 and rankings', () => {
  it('compares with the same period a year earlier', () => {
    expect(yearAgoRange('day', { from: '2026-11-11', to: '2026-11-11' })).toEqual({ from: '2025-11-11', to: '2025-11-11' });
    // 52 weeks back: a Monday stays a Monday.
    expect(yearAgoRange('week', { from: '2026-11-09', to: '2026-11-15' })).toEqual({ from: '2025-11-10', to: '2025-11-16' });
    expect(yearAgoRange('month', { from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2025-11-01', to: '2025-11-30' });
    // A running month: as many days a year earlier.
    expect(yearAgoRange('month', { from: '2026-11-01', to: '2026-11-10' })).toEqual({ from: '2025-11-01', to: '2025-11-10' });
    expect(yearAgoRange('day', { from: '2028-02-29', to: '2028-02-29' })).toEqual({ from: '2027-02-28', to: '2027-02-28' });
  });

  it('says which way a change went and whether it is better', () => {
    expect(changeOf(0.9, 0.8)).toMatchObject({ direction: 'up', better: true });
    expect(changeOf(5, 8, 'atMost')).toMatchObject({ direction: 'down', better: true });
    expect(changeOf(0.8, 0.8)).toMatchObject({ direction: 'flat', better: null });
    expect(changeOf(null, 0.8)).toBeNull();
    expect(changeOf(0.8, null)).toBeNull();
  });

  it('ranks best first, ties share a rank, unknown figures last', () => {
    const rows = [
      { n: 'a', v: 0.5 },
      { n: 'b', v: 0.9 },
      { n: 'c', v: null },
      { n: 'd', v: 0.5 },
      { n: 'e', v: 0.7 },
    ];
    const up = rankBy(rows, (r) => r.v, 'atLeast').map((r) => [r.rank, r.item.n]);
    expect(up).toEqual([
      [1, 'b'],
      [2, 'e'],
      [3, 'a'],
      [3, 'd'],
      [0, 'c'],
    ]);
    expect(rankBy(rows, (r) => r.v, 'atMost')[0]!.item.n).toBe('a');
  });

  it('keeps every item and orders the known ones', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null })), (values) => {
        const ranked = rankBy(values.map((v, i) => ({ i, v })), (x) => x.v, 'atLeast');
        expect(ranked).toHaveLength(values.length);
        const known = ranked.filter((r) => r.rank > 0);
        for (let i = 1; i < known.length; i++) expect(known[i - 1]!.item.v!).toBeGreaterThanOrEqual(known[i]!.item.v!);
      }),
    );
  });
});

describe('sales structure', () => {
  it('一类烟占比 and 单条均价 from lines', () => {
    const s = structureOf([
      { cartons: 2, amountFen: 2 * 20000, priceClass: 1 },
      { cartons: 8, amountFen: 8 * 5000, priceClass: 3 },
    ]);
    expect(s).toMatchObject({ cartons: 10, amountFen: 80000, classOneCartons: 2, classOneShare: 0.2, avgPriceFenPerCarton: 8000 });
    expect(structureOf([])).toMatchObject({ classOneShare: null, avgPriceFenPerCarton: null });
    expect(structureCartons({ qtyRequestedCartons: 5, qtyAllocatedCartons: 3 })).toBe(3);
    expect(structureCartons({ qtyRequestedCartons: 5, qtyAllocatedCartons: null })).toBe(5);
  });

  it('groups add up to the whole', () => {
    const line = fc.record({ cartons: fc.integer({ min: 0, max: 50 }), amountFen: fc.integer({ min: 0, max: 1_000_000 }), priceClass: fc.integer({ min: 1, max: 5 }), brand: fc.constantFrom('a', 'b', 'c') });
    fc.assert(
      fc.property(fc.array(line), (lines) => {
        const total = structureOf(lines);
        const groups = structureBy(lines, (l) => l.brand);
        expect(groups.reduce((a, g) => a + g.figures.cartons, 0)).toBe(total.cartons);
        expect(groups.reduce((a, g) => a + g.figures.amountFen, 0)).toBe(total.amountFen);
        expect(groups.reduce((a, g) => a + g.figures.classOneCartons, 0)).toBe(total.classOneCartons);
      }),
    );
  });

});

describe('definitions', () => {
  it('every indicator has its definition in both languages', () => {
    for (const id of INDICATOR_IDS) {
      expect(insightsZhCN.definitions[id]).toMatch(/\S/);
      expect(insightsEn.definitions[id]).toMatch(/\S/);
    }
  });
});
