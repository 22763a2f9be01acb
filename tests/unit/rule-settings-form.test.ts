import { describe, expect, it } from 'vitest';
import { ruleSettingsForm } from '~/domain/forms/rule-settings';

const good = { scarce: '0.97', premium: '0.95', standard: '0.92', start1: '1', start2: '2', start3: '3', intermittentMethod: 'sba', roundDownThresholdCartons: '0' };

describe('rule settings form', () => {
  it('accepts sensible settings and reads numbers', () => {
    expect(ruleSettingsForm.parse(good)).toMatchObject({ scarce: 0.97, start3: 3, intermittentMethod: 'sba', levelMethod: 'weekday_level', maxCoverDays: 0 });
    expect(ruleSettingsForm.parse({ ...good, levelMethod: 'smoothing' }).levelMethod).toBe('smoothing');
    expect(ruleSettingsForm.parse({ ...good, levelMethod: 'window_mean' }).levelMethod).toBe('window_mean');
    expect(ruleSettingsForm.parse({ ...good, maxCoverDays: '60' }).maxCoverDays).toBe(60);
  });

  it('refuses a service level of 1 or more, below 0.5, fractional or negative starting quantities, an unknown method, a cover limit that is not 0–365 whole days', () => {
    for (const bad of [{ scarce: '1.5' }, { standard: '0.2' }, { start1: '1.5' }, { start2: '-1' }, { intermittentMethod: 'magic' }, { levelMethod: 'latest' }, { roundDownThresholdCartons: '2' }, { maxCoverDays: '-1' }, { maxCoverDays: '7.5' }, { maxCoverDays: '400' }]) {
      expect(ruleSettingsForm.safeParse({ ...good, ...bad }).success).toBe(false);
    }
  });
});
