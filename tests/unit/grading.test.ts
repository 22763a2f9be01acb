import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGradingRule, DEFAULT_GRADING_RULE, evenBands, gradeForPlace, places, proposeGrades, type GradingRule, type GradingShop } from '~/domain/shop/grading';

const rule = (over: Partial<GradingRule> = {}): GradingRule => ({ ...DEFAULT_GRADING_RULE, ...over });

describe('the grading rule: bad input refused, naming the field', () => {
  it('accepts the default: even bands covering 0–100 % in grade order, weights summing to 100', () => {
    expect(checkGradingRule(DEFAULT_GRADING_RULE)).toEqual([]);
    expect(evenBands()[0]).toEqual({ grade: 1, fromPercent: 0, toPercent: 3 });
    expect(evenBands().at(-1)).toEqual({ grade: 30, fromPercent: 97, toPercent: 100 });
  });

  it('weights that do not sum to 100, or are not whole percentages', () => {
    expect(checkGradingRule(rule({ weights: { ordered: 50, premium: 20, scanned: 20 } }))).toEqual([{ field: 'weights', code: 'weights_not_100', sum: 90 }]);
    expect(checkGradingRule(rule({ weights: { ordered: 60, premium: 19.5, scanned: 20.5 } }))).toEqual([
      { field: 'weights.premium', code: 'weight_not_whole' },
      { field: 'weights.scanned', code: 'weight_not_whole' },
    ]);
    expect(checkGradingRule(rule({ maxStep: 0 }))).toEqual([{ field: 'maxStep', code: 'step_not_whole' }]);
  });

  it('bands that overlap, leave a gap, are empty, or do not run from 0 to 100', () => {
    const bands = evenBands();
    const at = (i: number, b: Partial<(typeof bands)[number]>) => bands.map((x, j) => (j === i ? { ...x, ...b } : x));
    expect(checkGradingRule(rule({ bands: at(4, { fromPercent: bands[3]!.toPercent - 2 }) }))).toEqual([{ field: 'bands.4.fromPercent', code: 'overlap', grade: 5, previousTo: bands[3]!.toPercent }]);
    expect(checkGradingRule(rule({ bands: at(4, { fromPercent: bands[3]!.toPercent + 1 }) }))).toEqual([{ field: 'bands.4.fromPercent', code: 'gap', grade: 5, previousTo: bands[3]!.toPercent }]);
    expect(checkGradingRule(rule({ bands: at(0, { fromPercent: 1 }) }))).toEqual([{ field: 'bands.0.fromPercent', code: 'not_from_0' }]);
    expect(checkGradingRule(rule({ bands: at(29, { toPercent: 99 }) }))).toEqual([{ field: 'bands.29.toPercent', code: 'not_to_100' }]);
    expect(checkGradingRule(rule({ bands: at(2, { toPercent: bands[2]!.fromPercent }) }))).toContainEqual({ field: 'bands.2.toPercent', code: 'empty_band' });
    expect(checkGradingRule(rule({ bands: bands.slice(1) }))).toEqual([{ field: 'bands', code: 'bands_not_30' }]);
    expect(checkGradingRule(rule({ bands: at(7, { toPercent: 33.5 }) }))).toContainEqual({ field: 'bands.7.toPercent', code: 'percent_not_whole' });
  });
});

describe('places and bands', () => {
  it('ranks within the group, ties sharing a place', () => {
    expect(places([10, 20, 20, 40])).toEqual([0.125, 0.5, 0.5, 0.875]);
    expect(gradeForPlace(evenBands(), 0)).toBe(1);
    expect(gradeForPlace(evenBands(), 1)).toBe(30);
    expect(gradeForPlace(evenBands(), 0.5)).toBe(16);
  });
});

const shop = (retailerId: number, over: Partial<GradingShop> = {}): GradingShop => ({ retailerId, businessType: 'grocery', grade: 15, notJudged: null, orderedFen: 100_000, premiumFen: 50_000, scannedPacks: null, ...over });

describe('proposals: examples', () => {
  it('a missing scanned figure gives its weight to the others; a shop not judged keeps its grade', () => {
    const r = proposeGrades(rule({ weights: { ordered: 50, premium: 0, scanned: 50 }, maxStep: 29 }), [
      shop(1, { orderedFen: 10_000, scannedPacks: 900 }),
      shop(2, { orderedFen: 20_000, scannedPacks: null }),
      shop(3, { orderedFen: 30_000, scannedPacks: 100 }),
      shop(4, { notJudged: 'no_orders', orderedFen: 0 }),
    ]);
    const of = (id: number) => r.proposals.find((p) => p.retailerId === id)!;
    expect(of(2).why.places).toEqual({ ordered: 0.5, premium: 0.5 });
    // Shop 2's score is its ordered place alone (premium has no weight): 0.5.
    expect(of(2).why.score).toBe(0.5);
    expect(of(1).why.places.scanned).toBe(0.75);
    expect(r.notJudged).toEqual([{ retailerId: 4, grade: 15, reason: 'no_orders' }]);
    expect(r.proposals.map((p) => p.retailerId)).toEqual([1, 2, 3]);
  });

  it('ranks within the business type, not across types', () => {
    const r = proposeGrades(rule({ maxStep: 29 }), [shop(1, { businessType: 'grocery', orderedFen: 1_000 }), shop(2, { businessType: 'supermarket', orderedFen: 9_000_000 })]);
    expect(r.proposals.map((p) => p.why.rank)).toEqual([1, 1]);
    expect(r.proposals.map((p) => p.why.shops)).toEqual([1, 1]);
  });
});

const shopArb = fc.record({
  businessType: fc.constantFrom('grocery', 'convenience'),
  grade: fc.integer({ min: 1, max: 30 }),
  orderedFen: fc.integer({ min: 1, max: 5_000_000 }),
  premium: fc.double({ min: 0, max: 1, noNaN: true }),
  scannedPacks: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
  notJudged: fc.constantFrom(null, null, null, 'no_orders' as const),
});
const ruleArb = fc.record({
  ordered: fc.integer({ min: 0, max: 100 }),
  premium: fc.integer({ min: 0, max: 100 }),
  maxStep: fc.integer({ min: 1, max: 29 }),
}).filter((w) => w.ordered + w.premium <= 100).map((w) => rule({ weights: { ordered: w.ordered, premium: w.premium, scanned: 100 - w.ordered - w.premium }, maxStep: w.maxStep }));

describe('proposals: properties', () => {
  const build = (list: Array<typeof shopArb extends fc.Arbitrary<infer T> ? T : never>) =>
    list.map((s, i) => shop(i + 1, { businessType: s.businessType, grade: s.grade, orderedFen: s.orderedFen, premiumFen: Math.round(s.orderedFen * s.premium), scannedPacks: s.scannedPacks, notJudged: s.notJudged }));

  it('every judged shop once, within 1–30 and at most maxStep from its grade; the shops not judged listed apart', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(shopArb, { maxLength: 40 }), (r, list) => {
        const shops = build(list);
        const out = proposeGrades(r, shops);
        const judged = shops.filter((s) => !s.notJudged);
        if (out.proposals.length !== judged.length || out.notJudged.length !== shops.length - judged.length) return false;
        return out.proposals.every((p) => p.gradeTo >= 1 && p.gradeTo <= 30 && Math.abs(p.gradeTo - p.gradeFrom) <= r.maxStep && p.bandGrade >= 1 && p.bandGrade <= 30 && p.why.rank >= 1 && p.why.rank <= p.why.shops);
      }),
    );
  });

  it('within a business type, a shop at least as strong on every figure gets at least the same band', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(shopArb, { minLength: 2, maxLength: 30 }), (r, list) => {
        const shops = build(list).map((s) => ({ ...s, businessType: 'grocery', notJudged: null, scannedPacks: s.scannedPacks ?? 0 }));
        const out = proposeGrades(r, shops);
        const by = new Map(out.proposals.map((p) => [p.retailerId, p]));
        for (const a of shops) {
          for (const b of shops) {
            const share = (s: GradingShop) => s.premiumFen / s.orderedFen;
            if (a.orderedFen >= b.orderedFen && share(a) >= share(b) && a.scannedPacks >= b.scannedPacks && by.get(a.retailerId)!.bandGrade < by.get(b.retailerId)!.bandGrade) return false;
          }
        }
        return true;
      }),
    );
  });
});
