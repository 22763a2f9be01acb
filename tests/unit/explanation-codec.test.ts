/**
 * The stored form of a suggestion's explanation (explanation-codec.ts): whatever the values, decoding what was
 * encoded gives the explanation back; rows in the earlier object form still decode; a format this build does
 * not know is refused rather than misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeExplanation, encodeExplanation, ExplanationFormatError } from '~/domain/replenishment/explanation-codec';
import { suggest } from '~/domain/replenishment/rule';
import { DEFAULT_REPLENISHMENT_PARAMS } from '~/domain/replenishment/params';
import type { SuggestionExplanation } from '~/domain/replenishment/types';
import { addDays } from '~/domain/time';

const real = (history: number[]) =>
  suggest(
    {
      specId: 1,
      packsPerCarton: 10,
      capCartons: 5,
      discontinued: false,
      isNewSpec: false,
      newSpecStartCartons: null,
      serviceLevel: 0.95,
      history: history.map((qtyPacks, i) => ({ day: addDays('2026-08-03', i), qtyPacks, censored: i % 17 === 3 })),
      onHandPacks: 7,
      inTransitPacks: 0,
      protectionDays: 9,
      priorDailyPacks: 0.37,
    },
    DEFAULT_REPLENISHMENT_PARAMS,
  ).explanation;

describe('explanation codec', () => {
  it('round-trips the rule’s own explanations over generated sales', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 112 }), (history) => {
        const explanation = real(history);
        expect(decodeExplanation(encodeExplanation(explanation))).toEqual(explanation);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any values in any field (numbers to the last digit, nulls, strings, notes)', () => {
    const template = real([3, 0, 5, 2, 0, 0, 4]);
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null), fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 4 }));
    fc.assert(
      fc.property(fc.tuple(...Object.keys(template).map(() => value)), (values) => {
        const explanation = Object.fromEntries(Object.keys(template).map((k, i) => [k, values[i]])) as unknown as SuggestionExplanation;
        // JSON has no negative zero: it reads back as 0, in the old object format as well.
        expect(decodeExplanation(encodeExplanation(explanation))).toEqual(JSON.parse(JSON.stringify(explanation)));
      }),
      { numRuns: 300 },
    );
  });

  it('is much smaller than the object it replaces', () => {
    const explanation = real([3, 0, 5, 2, 0, 0, 4, 8, 1, 0, 2, 2, 3]);
    expect(encodeExplanation(explanation).length).toBeLessThan(JSON.stringify(explanation).length / 2);
  });

  it('still reads an explanation stored as a JSON object, and refuses a format it does not know', () => {
    const explanation = real([1, 2, 3]);
    expect(decodeExplanation(JSON.stringify(explanation))).toEqual(explanation);
    const encoded = JSON.parse(encodeExplanation(explanation)) as unknown[];
    expect(() => decodeExplanation(JSON.stringify([99, ...encoded.slice(1)]))).toThrow(ExplanationFormatError);
    expect(() => decodeExplanation(JSON.stringify(encoded.slice(0, -1)))).toThrow(ExplanationFormatError);
  });

  const format3Only = {
    recentUpperDailyPacks: null,
    levelDailyPacks: null,
    periodWeekdayFactor: null,
    closedWeekdays: null,
    quietObservedDays: null,
    maxCoverDays: null,
    cartonsBeforeWorthCheck: null,
    cartonsBeforeCoverLimit: null,
  };
  const format4Only = { soldOutDays: null };
  const format5Only = { closedDays: null };

  it('reads a format 1 row (before the unknown-stock fields) with those fields null', () => {
    const explanation = { ...real([1, 2, 3]), onHandRecordedPacks: 7, usualOrderCartons: 1.5 };
    const encoded = JSON.parse(encodeExplanation(explanation)) as unknown[];
    expect(encoded[0]).toBe(5);
    const formatOne = [1, ...encoded.slice(1, -12)];
    expect(decodeExplanation(JSON.stringify(formatOne))).toEqual({ ...explanation, onHandRecordedPacks: null, usualOrderCartons: null, ...format3Only, ...format4Only, ...format5Only });
    expect(() => decodeExplanation(JSON.stringify([1, ...encoded.slice(1)]))).toThrow(ExplanationFormatError);
  });

  it('reads a format 2 row (before the weekday level, the quiet run and the cover limit) with those fields null', () => {
    const explanation = { ...real([1, 2, 3, 0, 4, 2, 2, 5]), onHandRecordedPacks: 7, usualOrderCartons: 1.5 };
    const encoded = JSON.parse(encodeExplanation(explanation)) as unknown[];
    const formatTwo = [2, ...encoded.slice(1, -10)];
    expect(decodeExplanation(JSON.stringify(formatTwo))).toEqual({ ...explanation, ...format3Only, ...format4Only, ...format5Only });
    expect(() => decodeExplanation(JSON.stringify([2, ...encoded.slice(1)]))).toThrow(ExplanationFormatError);
  });

  it('reads a format 3 row (before the sold-out days) with that field null', () => {
    const explanation = real([1, 2, 3, 0, 4, 2, 2, 5]);
    const encoded = JSON.parse(encodeExplanation(explanation)) as unknown[];
    const formatThree = [3, ...encoded.slice(1, -2)];
    expect(decodeExplanation(JSON.stringify(formatThree))).toEqual({ ...explanation, ...format4Only, ...format5Only });
    expect(() => decodeExplanation(JSON.stringify([3, ...encoded.slice(1)]))).toThrow(ExplanationFormatError);
  });

  it('reads a format 4 row (before the closed days) with that field null', () => {
    const explanation = real([1, 2, 3, 0, 4, 2, 2, 5]);
    const encoded = JSON.parse(encodeExplanation(explanation)) as unknown[];
    const formatFour = [4, ...encoded.slice(1, -1)];
    expect(decodeExplanation(JSON.stringify(formatFour))).toEqual({ ...explanation, ...format5Only });
    expect(() => decodeExplanation(JSON.stringify([4, ...encoded.slice(1)]))).toThrow(ExplanationFormatError);
  });
});
