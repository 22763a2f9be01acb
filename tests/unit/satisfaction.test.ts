/** The satisfaction survey's pure scoring: quarters, per-topic and overall averages, grouping, the form. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surveySchema } from '~/domain/forms/survey';
import {
  isValidScore,
  previousQuarter,
  quarterBounds,
  quarterOf,
  responseRate,
  SATISFACTION_TOPICS,
  shopScore,
  summarise,
  summariseBy,
  type TopicScores,
} from '~/domain/satisfaction';
import { addDays } from '~/domain/time';

const scores = fc.record({
  supply: fc.integer({ min: 0, max: 100 }),
  ordering: fc.integer({ min: 0, max: 100 }),
  delivery: fc.integer({ min: 0, max: 100 }),
  manager: fc.integer({ min: 0, max: 100 }),
});

describe('quarters', () => {
  it('names the quarter a day falls in and its first and last day', () => {
    expect(quarterOf('2026-11-23')).toBe('2026-Q4');
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01')).toBe('2026-Q2');
    expect(quarterBounds('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterBounds('2028-Q1')).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
    expect(previousQuarter('2026-Q3')).toBe('2026-Q2');
    expect(() => quarterOf('2026-02-30')).toThrow(RangeError);
    expect(() => quarterBounds('2026-Q5')).toThrow(RangeError);
  });

  it('every day lies within its own quarter’s bounds, and the next quarter starts the day after', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), (offset) => {
        const day = addDays('2024-01-01', offset);
        const { from, to } = quarterBounds(quarterOf(day));
        expect(from <= day && day <= to).toBe(true);
        expect(quarterOf(addDays(to, 1))).not.toBe(quarterOf(day));
        expect(previousQuarter(quarterOf(addDays(to, 1)))).toBe(quarterOf(day));
      }),
    );
  });
});

describe('scores', () => {
  it('a shop’s score is the mean of its four topics', () => {
    expect(shopScore({ supply: 80, ordering: 90, delivery: 100, manager: 70 })).toBe(85);
  });

  it('summarises per topic and overall; nothing answered reads as null, not 0', () => {
    const s = summarise([
      { supply: 80, ordering: 90, delivery: 100, manager: 70 },
      { supply: 60, ordering: 70, delivery: 80, manager: 90 },
    ]);
    expect(s).toEqual({ answers: 2, byTopic: { supply: 70, ordering: 80, delivery: 90, manager: 80 }, overall: 80 });
    expect(summarise([])).toEqual({ answers: 0, byTopic: { supply: null, ordering: null, delivery: null, manager: null }, overall: null });
  });

  it('averages stay within 0–100 and the overall score is the mean of the topic averages', () => {
    fc.assert(
      fc.property(fc.array(scores, { minLength: 1, maxLength: 50 }), (answers) => {
        const s = summarise(answers);
        for (const topic of SATISFACTION_TOPICS) {
          const v = s.byTopic[topic]!;
          expect(v).toBeGreaterThanOrEqual(Math.min(...answers.map((a) => a[topic])));
          expect(v).toBeLessThanOrEqual(Math.max(...answers.map((a) => a[topic])));
        }
        const meanOfTopics = SATISFACTION_TOPICS.reduce((sum, t) => sum + s.byTopic[t]!, 0) / SATISFACTION_TOPICS.length;
        expect(s.overall!).toBeCloseTo(meanOfTopics, 9);
      }),
    );
  });

  it('groups keep every answer once, and a group of one is that answer', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), scores), { maxLength: 40 }), (rows) => {
        const answers = rows.map(([group, s]) => ({ ...s, group }));
        const groups = summariseBy(answers, (a) => a.group);
        expect(groups.reduce((n, g) => n + g.summary.answers, 0)).toBe(answers.length);
        for (const g of groups.filter((g) => g.summary.answers === 1)) {
          const only = answers.find((a) => a.group === g.key)! as TopicScores;
          expect(g.summary.overall).toBeCloseTo(shopScore(only), 9);
        }
      }),
    );
  });

  it('response rate is answered over asked, and undefined when nobody was asked', () => {
    expect(responseRate(3, 4)).toBe(0.75);
    expect(responseRate(0, 0)).toBeNull();
  });

  it('only whole numbers 0–100 are scores', () => {
    expect([0, 100, 55].every(isValidScore)).toBe(true);
    expect([-1, 101, 55.5, Number.NaN].some(isValidScore)).toBe(false);
  });
});

describe('the survey form', () => {
  const good = { supply: '90', ordering: '80', delivery: '100', manager: '0', comment: '  送货准时  ' };

  it('takes four whole scores 0–100 and trims the comment', () => {
    expect(surveySchema.parse(good)).toEqual({ supply: 90, ordering: 80, delivery: 100, manager: 0, comment: '送货准时' });
    expect(surveySchema.parse({ ...good, comment: '' }).comment).toBeNull();
  });

  it('names each bad score: empty (not read as 0), out of range, fractional, not a number', () => {
    const r = surveySchema.safeParse({ supply: '', ordering: '101', delivery: '5.5', manager: 'abc' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['supply', 'score'],
      ['ordering', 'score'],
      ['delivery', 'score'],
      ['manager', 'score'],
    ]);
  });

  it('refuses an over-long comment', () => {
    const r = surveySchema.safeParse({ ...good, comment: 'x'.repeat(501) });
    expect(r.error!.issues[0]).toMatchObject({ path: ['comment'], message: 'commentTooLong' });
  });
});
