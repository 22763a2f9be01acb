/**
 * English plurals (i18next v23: `key_one` / `key_other`, chosen by `count`): a number followed by a plural noun
 * must come from a plural pair, or "1 packs a day" and "rounded up to 1 cartons" come back. zh-CN, the typed
 * shape, has the same pairs (one text for both). And every note, reason and forecast method the rule records is
 * said in plain words in both languages (why-sentences.ts): a new one without its words fails here.
 */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { checkDraft, DRAFT_CAUSES, type SuggestionExplanation } from '~/domain/replenishment';
import { FORECAST_METHODS, SUGGESTION_NOTES, SUGGESTION_REASONS } from '~/domain/replenishment/terms';
import { resources } from '~/i18n/resources';
import { draftCheckSentences, NOTE_SENTENCES, whySentences } from '~/ui/order/why-sentences';

/** Every namespace's messages of one language (no top-level key is in two namespaces: checked in i18n.test.ts). */
const zhCN = { ...resources['zh-CN'].common, ...resources['zh-CN'].staff };
const en = { ...resources.en.common, ...resources.en.staff };

function leaves(obj: object, prefix = ''): Array<[string, string]> {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
}

/** Nouns that read wrong after "1". */
const PLURAL_NOUNS = new Set(['packs', 'cartons', 'days', 'weeks', 'rows', 'lines', 'specs', 'retailers', 'shops', 'orders', 'problems', 'cycles', 'times', 'suggestions', 'units', 'figures', 'points', 'pts', 'bands', 'stores', 'issues', 'items', 'parts', 'visits', 'managers']);
/** Placeholders that hold one of the app's fixed limits, never 1. */
const LIMIT_PLACEHOLDERS = new Set(['max', 'maxTotal', 'min', 'maxMb', 'maxRows', 'maxEntries', 'sizeMb', 'cycles', 'times']);
/** Messages whose number is a fixed number of days set by the app (never 1). */
const FIXED_DAYS_KEYS = new Set(['api.problem.date_too_old', 'managerWork.followUp.notUploaded.title', 'managerWork.profile.uploadDays', 'managerWork.error.visit_too_old']);
/** Messages whose number is never 1 for another reason, said beside each. */
const NEVER_ONE_KEYS = new Set([
  // The parts of a refused archive: always above the limit, which is in the hundreds.
  'fileRead.error.archive_too_large.entries',
  // A decimal given as text ("1.00 points"), which English says in the plural.
  'backtest.points',
]);

const NUMBER_THEN_NOUN = /\{\{(\w+)\}\}\+?\s+(?:more\s+|open\s+)?([A-Za-z]+)/g;

describe('English plurals', () => {
  const english = leaves(en);

  it('a number followed by a plural noun comes from a _one/_other pair keyed on count', () => {
    const wrong: string[] = [];
    for (const [key, text] of english) {
      for (const [, placeholder, noun] of text.matchAll(NUMBER_THEN_NOUN)) {
        if (!PLURAL_NOUNS.has(noun!) || LIMIT_PLACEHOLDERS.has(placeholder!) || FIXED_DAYS_KEYS.has(key) || NEVER_ONE_KEYS.has(key)) continue;
        if (!(key.endsWith('_other') && placeholder === 'count')) wrong.push(`${key}: ${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the _one form says the noun in the singular, and every pair is whole in both languages', () => {
    for (const [key, text] of english.filter(([k]) => k.endsWith('_one'))) {
      for (const [, placeholder, noun] of text.matchAll(NUMBER_THEN_NOUN)) if (placeholder === 'count') expect(PLURAL_NOUNS.has(noun!), `${key}: ${text}`).toBe(false);
    }
    for (const messages of [en, zhCN]) {
      const keys = new Set(leaves(messages).map(([k]) => k));
      for (const k of keys) {
        if (k.endsWith('_one')) expect(keys.has(`${k.slice(0, -4)}_other`), k).toBe(true);
        if (k.endsWith('_other')) expect(keys.has(`${k.slice(0, -6)}_one`), k).toBe(true);
      }
    }
  });

  it('the fixed-limit exceptions above still name messages that exist', () => {
    const keys = new Set(english.map(([k]) => k));
    for (const k of [...FIXED_DAYS_KEYS, ...NEVER_ONE_KEYS]) expect(keys.has(k), k).toBe(true);
  });
});

async function translator(lng: 'en' | 'zh-CN'): Promise<TFunction<'common'>> {
  const instance = i18next.createInstance();
  await instance.init({ lng, fallbackLng: false, resources: { en: { common: en }, 'zh-CN': { common: zhCN } }, defaultNS: 'common', ns: ['common'], interpolation: { escapeValue: false } });
  return instance.t;
}

/**
 * An explanation with every number set, as the rule leaves it for a normal suggestion. Built as stored data
 * (any field, as an explanation read back from the database may have), then read as an explanation.
 */
function explanation(over: Record<string, unknown> = {}): SuggestionExplanation {
  return {
    reason: 'normal',
    notes: [],
    historyDays: 112,
    observedDays: 100,
    censoredDays: 12,
    soldOutDays: 2,
    closedDays: 3,
    clippedDays: 1,
    clipBoundPacks: 14,
    lastSaleDaysAgo: 0,
    demandClass: 'smooth',
    adiDays: 1.1,
    cv2: 0.3,
    method: 'window_mean',
    windowMeanDailyPacks: 1,
    recentDailyPacks: 1,
    recentLowerDailyPacks: 1,
    recentUpperDailyPacks: 1,
    levelDailyPacks: 1,
    periodWeekdayFactor: 1,
    closedWeekdays: [],
    quietObservedDays: 0,
    ownForecastDailyPacks: 1,
    priorDailyPacks: null,
    priorWeight: 0,
    forecastDailyPacks: 1,
    protectionDays: 8,
    expectedDemandPacks: 8,
    serviceLevel: 0.95,
    distribution: 'poisson',
    varianceToMeanRatio: 1,
    serviceQuantilePacks: 13,
    safetyStockPacks: 5,
    targetPacks: 13,
    onHandPacks: 0,
    onHandKnown: true,
    onHandRecordedPacks: -12,
    usualOrderCartons: 1,
    inTransitPacks: 0,
    positionPacks: 0,
    rawNeedPacks: 13,
    packsPerCarton: 10,
    roundDownAllowancePacks: 0,
    roundedDown: false,
    roundedCartons: 2,
    maxCoverDays: 90,
    cartonsBeforeCoverLimit: 3,
    capCartons: 1,
    cappedBy: null,
    startCartons: null,
    projectedStockAfterPacks: 12,
    daysOfCoverAfter: 1,
    ...over,
  } as unknown as SuggestionExplanation;
}

describe('the "why" of a suggestion, in both languages', () => {
  it('says every note the rule can record in words, with no key or placeholder left', async () => {
    for (const lng of ['en', 'zh-CN'] as const) {
      const t = await translator(lng);
      for (const note of SUGGESTION_NOTES) {
        // A need of 34 packs: 3 cartons by the target, rounded down to 2 by the cover limit, 4 packs left over.
        // carton_not_worth: 4 cartons by rounding up, one taken away by the carton check before the cover limit.
        const worth = note === 'carton_not_worth' ? { cartonsBeforeWorthCheck: 4 } : {};
        const e = explanation({ notes: [note], rawNeedPacks: 34, roundedCartons: 2, cartonsBeforeCoverLimit: 3, ...worth });
        const sentence = NOTE_SENTENCES[note](e, 1, t);
        expect(sentence, `${lng} ${note}`).toBeTruthy();
        expect(sentence, `${lng} ${note}`).not.toMatch(/why\.|\{\{|undefined|NaN/);
        expect(whySentences(e, 1, t), `${lng} ${note}`).toContain(sentence);
      }
      for (const reason of SUGGESTION_REASONS) {
        for (const s of whySentences(explanation({ reason }), 1, t)) expect(s, `${lng} ${reason}`).not.toMatch(/why\.|\{\{|undefined|NaN/);
      }
      for (const method of FORECAST_METHODS) {
        for (const s of whySentences(explanation({ method }), 1, t)) expect(s, `${lng} ${method}`).not.toMatch(/why\.|\{\{|undefined|NaN/);
      }
    }
  });

  it('reads a shop at −12 packs as −12 with the cause, not "0 packs" with no hint; unknown stock as unknown', async () => {
    const t = await translator('zh-CN');
    const negative = whySentences(explanation({ notes: ['on_hand_negative_as_zero'] }), 1, t);
    expect(negative.join('')).toContain('-12 盒');
    expect(negative.join('')).toContain('漏扫了到货');
    expect(negative.join('')).not.toContain('现有 0 盒');
    const unknown = whySentences(explanation({ onHandKnown: false, onHandRecordedPacks: null, notes: ['on_hand_unknown', 'unknown_stock_bound'], usualOrderCartons: 1.25 }), 1, t);
    expect(unknown).toContain('库存未知，先盘点更准。');
    expect(unknown.join('')).toContain('店里现有多少不知道');
    expect(unknown.join('')).toContain('1.3 条');
    const en = whySentences(explanation({ onHandKnown: false, onHandRecordedPacks: null, notes: ['on_hand_unknown'] }), 1, await translator('en'));
    expect(en).toContain('Stock on hand unknown: count it first for a better suggestion.');
  });

  it('says 1 pack, 1 carton and 1 day in the singular, and does not call a 16-week average recent', async () => {
    const t = await translator('en');
    const one = whySentences(explanation({ forecastDailyPacks: 1, safetyStockPacks: 1, rawNeedPacks: 1, roundedCartons: 1, cartonsBeforeCoverLimit: null, capCartons: 1, cappedBy: 'cap', daysOfCoverAfter: 1, protectionDays: 1, expectedDemandPacks: 1 }), 1, t).join(' ');
    expect(one).toContain('about 1 pack a day');
    expect(one).toContain('1 pack short, so 1 carton (whole');
    expect(one).toContain('cap is 1 carton;');
    expect(one).toContain('last 1 day (until');
    expect(one).toContain('About 1 day of stock');
    expect(one).not.toMatch(/\b1 (packs|cartons|days)\b/);
    const zh = whySentences(explanation({ method: 'window_mean' }), 1, await translator('zh-CN')).join('');
    expect(zh).not.toContain('最近每天');
    expect(zh).toContain('过去 16 周有数据日子的日均');
  });

  it('says why a draft is far above the shop’s largest recent order, cause by cause', async () => {
    const line = (specId: number, suggestedCartons: number, e: Partial<SuggestionExplanation>) => ({ specId, suggestedCartons, explanation: { reason: 'normal' as const, notes: [], onHandKnown: true, ...e } });
    const check = checkDraft([line(1, 5, { onHandKnown: false }), line(2, 1, { reason: 'new_spec_start' }), line(3, 2, {}), line(4, 3, { notes: ['common_in_peer_group'] })], 3);
    expect(check).toMatchObject({ draftCartons: 8, limitCartons: 6, exceeded: true });
    expect(check.causes.map((c) => c.cause)).toEqual(['stock_unknown', 'below_target', 'new_spec']);
    for (const lng of ['en', 'zh-CN'] as const) {
      const text = draftCheckSentences(check, await translator(lng))!;
      for (const s of [text.lead, ...text.causes, text.hint]) expect(s).not.toMatch(/order\.|\{\{|undefined/);
    }
    const en = draftCheckSentences(check, await translator('en'))!;
    expect(en.lead).toContain('8 cartons, more than 2 times your largest order of the last 8 cycles (3 cartons)');
    expect(en.causes[2]).toBe('1 spec new, at the marketing department’s starting quantity: 1 carton');
    expect(draftCheckSentences(checkDraft([line(1, 6, {})], 3), await translator('en'))).toBeNull();
    expect(draftCheckSentences(checkDraft([line(1, 6, {})], null), await translator('zh-CN'))!.lead).toContain('没有订单可以比较');
    expect(DRAFT_CAUSES).toHaveLength(4);
  });
});
