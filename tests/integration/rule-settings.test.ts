/**
 * Staff's rule settings, saved and read back on both dialects as the settings page does (the form, then
 * ruleParamsOfForm, then saveRuleSettings): the most days of cover reaches the next suggestion run; the level
 * method is stored only when staff chose one, so unchosen settings follow the rule's default; versions saved before
 * that choice was recorded are read as settleLevelMethod decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleParamsOfForm, ruleSettingsForm } from '~/domain/forms/rule-settings';
import { DEFAULT_REPLENISHMENT_PARAMS, decodeExplanation, resolveReplenishmentParams } from '~/domain/replenishment';
import { hashPassword } from '~/server/password.server';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '~/domain/replenishment';
import { computeSuggestionsForRetailer } from '~/server/suggestions/batch.server';
import { currentRuleSettings, ruleSettingsHistory, saveRuleSettings } from '~/server/suggestions/settings.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { seedDemo } from '~/server/seed.server';

// Wednesday 2026-11-25, 10:00 in Shanghai: the demo shop (Friday order day) is ordering in cycle 2026-W48.
const NOW = new Date('2026-11-25T02:00:00.000Z');

/** The page's form as staff send it (every field a string), with the given changes. */
const FORM = { scarce: '0.97', premium: '0.95', standard: '0.92', start1: '1', start2: '2', start3: '3', intermittentMethod: 'sba', roundDownThresholdCartons: '0', note: '' };

/** What the page's action saves for a submitted form. */
function settingsOfForm(fields: Record<string, string>): RuleSettings {
  const v = ruleSettingsForm.parse({ ...FORM, ...fields });
  return {
    ...ruleParamsOfForm(v),
    serviceLevels: { scarce: v.scarce, premium: v.premium, standard: v.standard },
    newSpecStartCartons: DEFAULT_RULE_SETTINGS.newSpecStartCartons.map((b, i) => ({ ...b, cartons: [v.start1, v.start2, v.start3][i]! })),
  };
}

describe.skipIf(postgresSkipped())('staff’s rule settings, saved and read back', () => {
  let t: TestDb;
  let staff: { userId: number; role: 'staff' };
  let shop: { id: number; userId: number };
  beforeAll(async () => {
    t = await useTestDb();
    await seedDemo(t.db, { retailers: 30, specs: 40, weeks: 8, today: '2026-11-23' }, { passwordHash: await hashPassword('x') });
    const user = await t.db.selectFrom('users').select('id').where('role', '=', 'staff').executeTakeFirstOrThrow();
    staff = { userId: user.id, role: 'staff' };
    shop = (await t.db.selectFrom('retailers').select(['id', 'userId']).where('licenceNo', '=', '440300100001').executeTakeFirstOrThrow()) as typeof shop;
  });
  afterAll(() => t?.close());

  /** Stores a version as an earlier build wrote it (its JSON as given). */
  async function saveRaw(settings: object) {
    await t.db.insertInto('ruleSettings').values({ settingsJson: JSON.stringify(settings), createdByUserId: staff.userId, createdAt: new Date().toISOString(), note: 'older build' }).execute();
  }

  it('with nothing saved: the defaults, no cover limit, the rule’s default level method', async () => {
    const current = await currentRuleSettings(t.db);
    expect(current).toMatchObject({ version: 0, levelMethodSetAside: null, settings: { levelMethodChosen: false } });
    expect(resolveReplenishmentParams(current.settings.params)).toMatchObject({ levelMethod: DEFAULT_REPLENISHMENT_PARAMS.levelMethod, maxCoverDays: 0 });
  });

  it('keeps the most days of cover with the other settings, and the next run limits cartons by it', async () => {
    const version = await saveRuleSettings(t.db, staff, settingsOfForm({ maxCoverDays: '4', scarce: '0.98' }), 'cover at most 4 days');
    expect(version).toBeGreaterThan(0);
    const current = await currentRuleSettings(t.db);
    expect(current.version).toBe(version);
    expect(current.settings).toMatchObject({ serviceLevels: { scarce: 0.98 }, levelMethodChosen: false, params: { maxCoverDays: 4, intermittentMethod: 'sba' } });
    expect(current.settings.params).not.toHaveProperty('levelMethod');
    expect(resolveReplenishmentParams(current.settings.params)).toMatchObject({ levelMethod: 'weekday_level', maxCoverDays: 4 });
    expect((await ruleSettingsHistory(t.db))[0]).toMatchObject({ version, note: 'cover at most 4 days' });

    const r = (await computeSuggestionsForRetailer(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, NOW))!;
    expect(r.settingsVersion).toBe(version);
    const stored = await t.db.selectFrom('suggestions').select(['specId', 'suggestedCartons', 'explanationJson']).where('cycleId', '=', r.cycleId).where('retailerId', '=', shop.id).execute();
    expect(stored.length).toBeGreaterThan(5);
    let limited = 0;
    for (const s of stored) {
      const e = decodeExplanation(s.explanationJson);
      expect(e.maxCoverDays).toBe(4);
      if (e.notes.includes('cover_limit')) limited++;
      // The rule's own path (not a new spec's starting quantity): the position after the order stays within 4 days.
      if (s.suggestedCartons > 0 && e.reason !== 'new_spec_start') {
        expect(e.positionPacks + s.suggestedCartons * e.packsPerCarton).toBeLessThanOrEqual(4 * e.forecastDailyPacks + 1e-6);
      }
    }
    // A week's protection period asks for more than 4 days of most specs: the limit binds somewhere.
    expect(limited).toBeGreaterThan(0);
  });

  it('keeps a level method staff chose, and goes back to following the default when they choose "default"', async () => {
    await saveRuleSettings(t.db, staff, settingsOfForm({ levelMethod: 'window_mean', maxCoverDays: '0' }), null);
    let current = await currentRuleSettings(t.db);
    expect(current.settings).toMatchObject({ levelMethodChosen: true, params: { levelMethod: 'window_mean', maxCoverDays: 0 } });
    expect(current.levelMethodSetAside).toBeNull();
    const r = (await computeSuggestionsForRetailer(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, NOW, false))!;
    const methods = new Set(r.suggestions.map((s) => s.suggestion.explanation.method));
    expect(methods.has('weekday_level')).toBe(false);
    expect(methods.has('window_mean') || methods.has('recent')).toBe(true);

    await saveRuleSettings(t.db, staff, settingsOfForm({ levelMethod: 'default' }), null);
    current = await currentRuleSettings(t.db);
    expect(current.settings.levelMethodChosen).toBe(false);
    expect(resolveReplenishmentParams(current.settings.params).levelMethod).toBe(DEFAULT_REPLENISHMENT_PARAMS.levelMethod);
  });

  it('reads a version saved before the choice was recorded: the preselected window mean gives way to the default, smoothing stays', async () => {
    // As the page saved between the level-method field and issue 14: the preselected method, no cover limit.
    await saveRaw({ params: { levelMethod: 'window_mean', intermittentMethod: 'tsb', roundDownThresholdCartons: 0 }, serviceLevels: { scarce: 0.96, premium: 0.95, standard: 0.9 }, newSpecStartCartons: DEFAULT_RULE_SETTINGS.newSpecStartCartons });
    let current = await currentRuleSettings(t.db);
    expect(current.levelMethodSetAside).toBe('window_mean');
    expect(current.settings).toMatchObject({ levelMethodChosen: false, serviceLevels: { scarce: 0.96 }, params: { intermittentMethod: 'tsb' } });
    expect(resolveReplenishmentParams(current.settings.params)).toMatchObject({ levelMethod: DEFAULT_REPLENISHMENT_PARAMS.levelMethod, intermittentMethod: 'tsb', maxCoverDays: 0 });
    const r = (await computeSuggestionsForRetailer(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, NOW, false))!;
    expect(r.suggestions.some((s) => s.suggestion.explanation.method === 'weekday_level')).toBe(true);

    await saveRaw({ params: { levelMethod: 'smoothing' }, serviceLevels: DEFAULT_RULE_SETTINGS.serviceLevels, newSpecStartCartons: DEFAULT_RULE_SETTINGS.newSpecStartCartons });
    current = await currentRuleSettings(t.db);
    expect(current).toMatchObject({ levelMethodSetAside: null, settings: { levelMethodChosen: true, params: { levelMethod: 'smoothing' } } });

    // Before the page had the field at all: nothing to set aside, the default.
    await saveRaw({ params: { intermittentMethod: 'sba' }, serviceLevels: DEFAULT_RULE_SETTINGS.serviceLevels, newSpecStartCartons: DEFAULT_RULE_SETTINGS.newSpecStartCartons });
    current = await currentRuleSettings(t.db);
    expect(current).toMatchObject({ levelMethodSetAside: null, settings: { levelMethodChosen: false } });
    expect(current.settings.params).not.toHaveProperty('levelMethod');
  });
});
