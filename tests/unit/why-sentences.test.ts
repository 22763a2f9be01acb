/**
 * "为什么？" tells the whole story (issue 14): every note the rule can record has its words in both languages and is
 * said whenever the rule records it; the forecast is described as what it is ("recent" only for a recent window);
 * the weekday level's closed days and busy periods, the sold-out days read as demand, the spec's pace when it is
 * found dead are said; explanations stored by earlier builds still read. The same sentences serve the retailer's
 * order page and the manager's view of it (both render app/ui/order/order-page.tsx).
 */
import fc from 'fast-check';
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { resolveReplenishmentParams, suggest, type ReplenishmentInput, type ReplenishmentParams, type SalesDay, type SuggestionNote } from '~/domain/replenishment';
import { SUGGESTION_NOTES } from '~/domain/replenishment/terms';
import { addDays } from '~/domain/time';
import { en } from '~/i18n/resources/en';
import { zhCN } from '~/i18n/resources/zh-CN';
import { NOTE_SENTENCES, whySentences } from '~/ui/order/why-sentences';

const LANGUAGES = ['zh-CN', 'en'] as const;
/** What a sentence must never show: a key, a placeholder, or a number that is not one. */
const LEAK = /why\.|weekday\.|\{\{|\}\}|undefined|NaN|null|Infinity/;

async function translator(lng: (typeof LANGUAGES)[number]): Promise<TFunction<'common'>> {
  const instance = i18next.createInstance();
  await instance.init({ lng, fallbackLng: false, resources: { en: { common: en }, 'zh-CN': { common: zhCN } }, defaultNS: 'common', ns: ['common'], interpolation: { escapeValue: false } });
  return instance.t;
}

// 2026-06-01 is a Monday: 112 days of history end on a Sunday, so the order day is a Monday.
const START = '2026-06-01';

function historyOf(packs: readonly number[], censored: (i: number) => boolean = () => false): SalesDay[] {
  return packs.map((qtyPacks, i) => ({ day: addDays(START, i), qtyPacks, ...(censored(i) ? { censored: true } : {}) }));
}

const steady = (days = 112) => Array.from({ length: days }, (_, i) => 2 + (i % 3));

function inputOf(overrides: Partial<ReplenishmentInput> = {}): ReplenishmentInput {
  return {
    specId: 7,
    packsPerCarton: 10,
    capCartons: null,
    discontinued: false,
    isNewSpec: false,
    newSpecStartCartons: null,
    serviceLevel: 0.95,
    history: historyOf(steady()),
    onHandPacks: 5,
    inTransitPacks: 0,
    protectionDays: 8,
    ...overrides,
  };
}

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`)));
}

/** Notes added outside suggest(): the server marks a spec the similar shops sell (app/server/suggestions/batch.server.ts). */
const NOT_RECORDED_BY_SUGGEST: readonly SuggestionNote[] = ['common_in_peer_group'];

/** For each note suggest() can record, an input (and parameters) that makes it record that note. */
const SCENARIOS: Record<Exclude<SuggestionNote, 'common_in_peer_group'>, { input: ReplenishmentInput; params?: Partial<ReplenishmentParams> }> = {
  on_hand_unknown: { input: inputOf({ onHandPacks: null }) },
  unknown_stock_bound: { input: inputOf({ onHandPacks: null, usualOrderCartons: 1 }) },
  on_hand_negative_as_zero: { input: inputOf({ onHandPacks: -12 }) },
  censored_days_excluded: { input: inputOf({ history: historyOf(steady().map((v, i) => (i % 10 === 3 ? 0 : v)), (i) => i % 10 === 3) }) },
  // Closed days as specHistory marks them (censored, closed, nothing sold): every Sunday and a week of Spring Festival.
  shop_closed_days: { input: inputOf({ history: historyOf(steady()).map((d, i) => (i % 7 === 6 || (i >= 60 && i < 67) ? { day: d.day, qtyPacks: 0, censored: true, closed: true } : d)) }) },
  sold_out_days_counted: { input: inputOf({ history: historyOf(steady(), (i) => i % 10 === 3) }) },
  bulk_days_clipped: { input: inputOf({ history: historyOf(steady().map((v, i) => (i === 50 ? 60 : v))) }) },
  position_covers_target: { input: inputOf({ onHandPacks: 200 }) },
  // A need a little above whole cartons, left to the safety stock with a threshold of half a carton.
  rounded_down_small_remainder: { input: inputOf({ onHandPacks: 0, serviceLevel: 0.99, history: historyOf(Array.from({ length: 112 }, () => 5)) }), params: { roundDownThresholdCartons: 0.9 } },
  cover_limit: { input: inputOf({ onHandPacks: 0 }), params: { maxCoverDays: 10 } },
  carton_not_worth: { input: inputOf({ onHandPacks: 0, history: historyOf(Array.from({ length: 112 }, (_, i) => (i === 40 || i === 100 ? 1 : 0))) }) },
};

describe('every note the rule can record has its words', () => {
  it('has a sentence and its message in both languages (a _one/_other pair where it counts)', () => {
    for (const messages of [zhCN, en]) {
      const keys = new Set(leaves(messages));
      for (const note of SUGGESTION_NOTES) {
        const key = `why.note.${note}`;
        expect(keys.has(key) || (keys.has(`${key}_one`) && keys.has(`${key}_other`)), `${key} in ${messages === en ? 'en' : 'zh-CN'}`).toBe(true);
        expect(typeof NOTE_SENTENCES[note], note).toBe('function');
      }
    }
  });

  it('every note is recorded by one of the scenarios below, or named as added outside the rule', () => {
    expect([...Object.keys(SCENARIOS), ...NOT_RECORDED_BY_SUGGEST].sort()).toEqual([...SUGGESTION_NOTES].sort());
  });

  it.each(Object.entries(SCENARIOS))('says %s when the rule records it, in both languages', async (note, { input, params }) => {
    const { suggestedCartons, explanation } = suggest(input, resolveReplenishmentParams(params ?? {}));
    expect(explanation.notes).toContain(note);
    for (const lng of LANGUAGES) {
      const t = await translator(lng);
      const sentence = NOTE_SENTENCES[note as SuggestionNote](explanation, suggestedCartons, t);
      expect(sentence, `${lng} ${note}`).toBeTruthy();
      expect(sentence, `${lng} ${note}`).not.toMatch(LEAK);
      expect(whySentences(explanation, suggestedCartons, t), `${lng} ${note}`).toContain(sentence);
    }
  });
});

describe('whatever the rule records, it is said in words', () => {
  const day = fc.record({ qtyPacks: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })), censored: fc.boolean() });
  const inputs = fc.record({
    days: fc.array(fc.oneof({ weight: 4, arbitrary: day.map((d) => ({ ...d, censored: false })) }, { weight: 1, arbitrary: day })),
    onHandPacks: fc.oneof(fc.constant(null), fc.integer({ min: -30, max: 200 })),
    inTransitPacks: fc.integer({ min: 0, max: 40 }),
    capCartons: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 8 })),
    usualOrderCartons: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 6, noNaN: true })),
    priorDailyPacks: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 6, noNaN: true })),
    serviceLevel: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
    protectionDays: fc.integer({ min: 1, max: 15 }),
    discontinued: fc.boolean(),
    newSpec: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 4 })),
    levelMethod: fc.constantFrom('weekday_level' as const, 'window_mean' as const, 'smoothing' as const),
    maxCoverDays: fc.constantFrom(0, 7, 30, 90),
    roundDownThresholdCartons: fc.constantFrom(0, 0.5),
  });

  it('no key, placeholder or NaN, and a sentence for every note recorded, in both languages', async () => {
    const ts = await Promise.all(LANGUAGES.map(translator));
    fc.assert(
      fc.property(inputs, (x) => {
        const input = inputOf({
          history: x.days.map((d, i) => ({ day: addDays(START, i), qtyPacks: d.qtyPacks, ...(d.censored ? { censored: true } : {}) })),
          onHandPacks: x.onHandPacks,
          inTransitPacks: x.inTransitPacks,
          capCartons: x.capCartons,
          usualOrderCartons: x.usualOrderCartons,
          priorDailyPacks: x.priorDailyPacks,
          serviceLevel: x.serviceLevel,
          protectionDays: x.protectionDays,
          discontinued: x.discontinued,
          isNewSpec: x.newSpec !== null,
          newSpecStartCartons: x.newSpec,
        });
        const params = resolveReplenishmentParams({ levelMethod: x.levelMethod, maxCoverDays: x.maxCoverDays, roundDownThresholdCartons: x.roundDownThresholdCartons });
        const { suggestedCartons, explanation } = suggest(input, params);
        for (const t of ts) {
          const sentences = whySentences(explanation, suggestedCartons, t);
          expect(sentences.length).toBeGreaterThan(0);
          for (const s of sentences) expect(s).not.toMatch(LEAK);
          for (const note of explanation.notes) {
            const sentence = NOTE_SENTENCES[note](explanation, suggestedCartons, t);
            expect(sentence, note).toBeTruthy();
            expect(sentences).toContain(sentence);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the forecast said as what it is', () => {
  it('calls the weekday level what it is: 16 weeks with recent days weighing more, not "recent"', async () => {
    const e = suggest(inputOf()).explanation;
    expect(e.method).toBe('weekday_level');
    const zh = whySentences(e, 1, await translator('zh-CN')).join('');
    expect(zh).toContain('本店过去 16 周的销量，越近的日子权重越大，按星期几调整');
    expect(zh).not.toMatch(/近几周的销量水平|最近每天/);
    const english = whySentences(e, 1, await translator('en')).join(' ');
    expect(english).toContain('your sales of the last 16 weeks, recent days weighing more, adjusted for the day of the week');
  });

  it('says a fall it followed against the level it left, and a rise against the level it rose above', async () => {
    const before = Array.from({ length: 105 }, (_, i) => 5 + (i % 2) * 2);
    const fall = suggest(inputOf({ history: historyOf([...before, 2, 1, 2, 2, 1, 2, 2]) })).explanation;
    expect(fall.method).toBe('recent_fall');
    const zhFall = whySentences(fall, 1, await translator('zh-CN')).join('');
    expect(zhFall).toContain('销量近来明显下降');
    expect(zhFall).toMatch(/低于过去 16 周的水平 [\d.]+ 盒/);
    expect(whySentences(fall, 1, await translator('en')).join(' ')).toMatch(/below the level of [\d.]+ over the last 16 weeks/);

    const rise = suggest(inputOf({ history: historyOf([...steady(105), 9, 10, 11, 9, 10, 12, 11]) })).explanation;
    expect(rise.method).toBe('recent');
    const enRise = whySentences(rise, 1, await translator('en')).join(' ');
    expect(enRise).toMatch(/Sales have clearly risen lately: about [\d.]+ packs on an average day over the last days \(at least [\d.]+ allowing for chance\), above the level of [\d.]+ over the last 16 weeks/);
  });

  it('says which weekdays it reads as closed, and when the period\'s days sell more or less than an average day', async () => {
    const rhythm = Array.from({ length: 112 }, (_, i) => (i % 7 >= 5 ? 6 : 2));
    const closed = suggest(inputOf({ history: historyOf(rhythm.map((v, i) => (i % 7 === 6 ? 0 : v)), (i) => i % 7 === 6) })).explanation;
    expect(closed.closedWeekdays).toEqual([7]);
    expect(whySentences(closed, 1, await translator('zh-CN'))).toContain('过去 16 周里周日从没有销售数据，当作不营业，这些天预计卖 0。');
    expect(whySentences(closed, 1, await translator('en'))).toContain('Sun had no sales data in the last 16 weeks: read as a day the shop is closed, when nothing is expected to sell.');
    const twoClosed = { ...closed, closedWeekdays: [6, 7] };
    expect(whySentences(twoClosed, 1, await translator('en')).join(' ')).toContain('Sat, Sun had no sales data in the last 16 weeks: read as days the shop is closed');

    // 116 days from a Monday: the order day is a Friday, and a three-day period is Friday to Sunday.
    const weekend = Array.from({ length: 116 }, (_, i) => (i % 7 >= 5 ? 8 : 2));
    const busy = suggest(inputOf({ history: historyOf(weekend), protectionDays: 3 })).explanation;
    expect(busy.periodWeekdayFactor!).toBeGreaterThan(1.05);
    expect(whySentences(busy, 1, await translator('zh-CN')).join('')).toMatch(/这次要管的日子平均比平常一天多卖约 \d+%/);
    const quiet = suggest(inputOf({ history: historyOf(weekend.slice(0, 112)), protectionDays: 3 })).explanation;
    expect(quiet.periodWeekdayFactor!).toBeLessThan(0.95);
    expect(whySentences(quiet, 1, await translator('en')).join(' ')).toMatch(/sell about \d+% less than an average day/);
  });

  it('says how many sold-out days were read as demand, with right plurals', async () => {
    const one = suggest(inputOf({ history: historyOf(steady(), (i) => i === 100) })).explanation;
    expect(one.soldOutDays).toBe(1);
    expect(whySentences(one, 1, await translator('en'))).toContain('1 day the spec sold out: what sold that day counts as sales (demand was at least that).');
    const three = suggest(inputOf({ history: historyOf(steady(), (i) => i === 100 || i === 101 || i === 90) })).explanation;
    expect(whySentences(three, 1, await translator('zh-CN'))).toContain('有 3 天卖断了货，当天卖出的量照样算作销量（想买的可能更多）。');
    // Off: the sold-out days are left out with the other censored days, and nothing is said about them.
    const off = suggest(inputOf({ history: historyOf(steady(), (i) => i === 100) }), resolveReplenishmentParams({ censoredSalesAsDemand: false })).explanation;
    expect(off).toMatchObject({ soldOutDays: 0, censoredDays: 1 });
    expect(off.notes).not.toContain('sold_out_days_counted');
  });

  it('says the spec\'s pace when it finds it dead, the starting quantity of a new spec, the prior\'s share of a short history', async () => {
    const last = 111 - 14;
    const paced = historyOf(Array.from({ length: 112 }, (_, i) => (i <= last && (last - i) % 2 === 0 ? 2 : 0)));
    const dead = suggest(inputOf({ history: paced, onHandPacks: 0 })).explanation;
    expect(dead.reason).toBe('dead');
    expect(whySentences(dead, 0, await translator('zh-CN'))[0]).toMatch(/^已经 14 天没有卖出（过去 16 周里平均约每 [\d.]+ 天卖出一次），这里不再好卖，不建议订货。$/);
    expect(whySentences(dead, 0, await translator('en'))[0]).toMatch(/^No sale for 14 days \(over the last 16 weeks it sold about once every [\d.]+ days\)/);

    const fresh = suggest(inputOf({ history: [], isNewSpec: true, newSpecStartCartons: 2, onHandPacks: 0 })).explanation;
    expect(fresh.reason).toBe('new_spec_start');
    expect(whySentences(fresh, 2, await translator('zh-CN'))[0]).toBe('新品：营销部定的起订量是 2 条，减去店里已有的就是建议量。');
    expect(whySentences(fresh, 1, await translator('en'))[0]).toContain('starting quantity is 2 cartons');

    const short = suggest(inputOf({ history: historyOf(steady(28)), priorDailyPacks: 1 })).explanation;
    expect(short.reason).toBe('short_history_prior');
    expect(whySentences(short, 1, await translator('zh-CN'))[0]).toBe(`本店销售记录还少，预计里有 ${Math.round(short.priorWeight * 100)}% 参照同档位同业态客户。`);
  });

  it('says the cartons rounding gave before the carton check took one away', async () => {
    const { suggestedCartons, explanation: e } = suggest(SCENARIOS.carton_not_worth.input);
    expect(e).toMatchObject({ cartonsBeforeWorthCheck: 1, roundedCartons: 0 });
    const zh = whySentences(e, suggestedCartons, await translator('zh-CN'));
    expect(zh.join('')).toContain('按整条取整为 1 条');
    expect(zh.join('')).toContain('所以少订了 1 条');
  });
});

describe('explanations stored by earlier builds', () => {
  it('read without the fields they did not have: nothing made up, nothing left as a key', async () => {
    const e = suggest(inputOf({ history: historyOf(steady(), (i) => i === 100) })).explanation;
    const older = { ...e, soldOutDays: null, closedWeekdays: null, levelDailyPacks: null, periodWeekdayFactor: null, recentUpperDailyPacks: null } as unknown as typeof e;
    for (const lng of LANGUAGES) {
      const sentences = whySentences(older, 1, await translator(lng));
      for (const s of sentences) expect(s).not.toMatch(LEAK);
      expect(sentences.join(' ')).not.toMatch(/卖断了货|sold out/);
    }
  });
});
