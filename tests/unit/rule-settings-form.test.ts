import { describe, expect, it } from 'vitest';
import { ruleParamsOfForm, ruleSettingsForm, settleLevelMethod } from '~/domain/forms/rule-settings';
import { DEFAULT_REPLENISHMENT_PARAMS, resolveReplenishmentParams } from '~/domain/replenishment';

const good = { scarce: '0.97', premium: '0.95', standard: '0.92', start1: '1', start2: '2', start3: '3', intermittentMethod: 'sba', roundDownThresholdCartons: '0' };

describe('rule settings form', () => {
  it('accepts sensible settings and reads numbers', () => {
    expect(ruleSettingsForm.parse(good)).toMatchObject({ scarce: 0.97, start3: 3, intermittentMethod: 'sba', levelMethod: 'default', maxCoverDays: 0 });
    expect(ruleSettingsForm.parse({ ...good, levelMethod: 'smoothing' }).levelMethod).toBe('smoothing');
    expect(ruleSettingsForm.parse({ ...good, levelMethod: 'window_mean' }).levelMethod).toBe('window_mean');
    expect(ruleSettingsForm.parse({ ...good, levelMethod: 'weekday_level' }).levelMethod).toBe('weekday_level');
    expect(ruleSettingsForm.parse({ ...good, maxCoverDays: '60' }).maxCoverDays).toBe(60);
    expect(ruleSettingsForm.parse({ ...good, maxCoverDays: '365' }).maxCoverDays).toBe(365);
  });

  it('refuses a service level of 1 or more, below 0.5, fractional or negative starting quantities, an unknown method, a cover limit that is not 0–365 whole days', () => {
    for (const bad of [
      { scarce: '1.5' },
      { standard: '0.2' },
      { start1: '1.5' },
      { start2: '-1' },
      { intermittentMethod: 'magic' },
      { levelMethod: 'latest' },
      { roundDownThresholdCartons: '2' },
      { maxCoverDays: '-1' },
      { maxCoverDays: '7.5' },
      { maxCoverDays: '400' },
      { maxCoverDays: 'thirty' },
    ]) {
      expect(ruleSettingsForm.safeParse({ ...good, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('stores the cover limit, and a level method only when staff chose one', () => {
    const followDefault = ruleParamsOfForm(ruleSettingsForm.parse({ ...good, maxCoverDays: '45' }));
    expect(followDefault).toEqual({ params: { intermittentMethod: 'sba', roundDownThresholdCartons: 0, maxCoverDays: 45 }, levelMethodChosen: false });
    expect(resolveReplenishmentParams(followDefault.params)).toMatchObject({ levelMethod: DEFAULT_REPLENISHMENT_PARAMS.levelMethod, maxCoverDays: 45 });
    const chosen = ruleParamsOfForm(ruleSettingsForm.parse({ ...good, levelMethod: 'window_mean' }));
    expect(chosen).toEqual({ params: { intermittentMethod: 'sba', roundDownThresholdCartons: 0, maxCoverDays: 0, levelMethod: 'window_mean' }, levelMethodChosen: true });
  });
});

describe('the level method a saved version puts in force', () => {
  it('keeps what staff chose and follows the default where they chose nothing', () => {
    expect(settleLevelMethod({ params: { levelMethod: 'window_mean', maxCoverDays: 30 }, levelMethodChosen: true })).toEqual({
      params: { levelMethod: 'window_mean', maxCoverDays: 30 },
      levelMethodChosen: true,
      setAside: null,
    });
    expect(settleLevelMethod({ params: { maxCoverDays: 30 }, levelMethodChosen: false })).toEqual({ params: { maxCoverDays: 30 }, levelMethodChosen: false, setAside: null });
  });

  it('reads a version saved before the choice was recorded: the preselected method is no choice, smoothing was one', () => {
    // Saved before the page had the field: no method, the default.
    expect(settleLevelMethod({ params: { intermittentMethod: 'tsb' } })).toEqual({ params: { intermittentMethod: 'tsb' }, levelMethodChosen: false, setAside: null });
    // The page always sent the method it had preselected — the default of its day.
    for (const preselected of ['window_mean', 'weekday_level'] as const) {
      const settled = settleLevelMethod({ params: { levelMethod: preselected, intermittentMethod: 'tsb' } });
      expect(settled).toEqual({ params: { intermittentMethod: 'tsb' }, levelMethodChosen: false, setAside: preselected });
      expect(resolveReplenishmentParams(settled.params).levelMethod).toBe(DEFAULT_REPLENISHMENT_PARAMS.levelMethod);
    }
    // Never preselected: someone picked it.
    expect(settleLevelMethod({ params: { levelMethod: 'smoothing' } })).toEqual({ params: { levelMethod: 'smoothing' }, levelMethodChosen: true, setAside: null });
  });
});
