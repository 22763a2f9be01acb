/**
 * Staff's form for the rule's settings (every save becomes a new version), and what a save stores of it.
 *
 * The level method is stored only when staff chose one: "default" stores none, so the settings follow the rule's
 * default (DEFAULT_REPLENISHMENT_PARAMS.levelMethod) as it changes with later builds, while a method staff picked
 * stays theirs. Settings saved before the page offered "default" always named a method — the one the page had
 * preselected — so `settleLevelMethod` decides what such a version meant
 * (docs/decisions/0012-level-method-follows-the-default.md).
 */
import { z } from 'zod';
import type { LevelMethod, ReplenishmentParams } from '../replenishment';

const level = z.coerce.number().min(0.5).max(0.999);
const cartons = z.coerce.number().int().min(0).max(50);

/** The form's value for "no choice: follow the rule's default". */
export const FOLLOW_DEFAULT = 'default';

/** The most days of cover staff may set (a year); 0 = no limit. */
export const MAX_COVER_DAYS_LIMIT = 365;

export const ruleSettingsForm = z.object({
  scarce: level,
  premium: level,
  standard: level,
  start1: cartons,
  start2: cartons,
  start3: cartons,
  // Absent from older forms: follow the rule's default.
  levelMethod: z.enum([FOLLOW_DEFAULT, 'weekday_level', 'window_mean', 'smoothing']).default(FOLLOW_DEFAULT),
  intermittentMethod: z.enum(['sba', 'tsb']),
  roundDownThresholdCartons: z.coerce.number().min(0).max(0.9),
  // The most days of sales the stock may cover after an order (ReplenishmentParams.maxCoverDays); 0 = no limit.
  // Absent from older forms: no limit.
  maxCoverDays: z.coerce.number().int().min(0).max(MAX_COVER_DAYS_LIMIT).default(0),
  note: z.string().trim().max(200).optional(),
});

export type RuleSettingsForm = z.infer<typeof ruleSettingsForm>;

/** The rule's parameters a save of the form stores, and whether staff chose the level method. */
export function ruleParamsOfForm(form: RuleSettingsForm): { params: Partial<ReplenishmentParams>; levelMethodChosen: boolean } {
  const params: Partial<ReplenishmentParams> = {
    intermittentMethod: form.intermittentMethod,
    roundDownThresholdCartons: form.roundDownThresholdCartons,
    maxCoverDays: form.maxCoverDays,
  };
  if (form.levelMethod === FOLLOW_DEFAULT) return { params, levelMethodChosen: false };
  return { params: { ...params, levelMethod: form.levelMethod }, levelMethodChosen: true };
}

export interface SettledLevelMethod {
  /** The saved parameters, with a level method staff did not choose taken out (the rule's default applies). */
  params: Partial<ReplenishmentParams>;
  /** Whether the settings name a level method staff chose (else the rule's default is in force). */
  levelMethodChosen: boolean;
  /** A method the saved version named but staff did not choose, now set aside for the default; else null. */
  setAside: LevelMethod | null;
}

/**
 * The level method a saved version of the settings puts in force.
 * - Saved since the page offered "default" (`levelMethodChosen` stored): as saved — a method when staff chose
 *   one, none (the default) when they did not.
 * - Saved before (no `levelMethodChosen`): the page always sent the method it had preselected, so a stored
 *   'window_mean' (the default until issue 14) or 'weekday_level' (the default since) says nothing about a
 *   choice and is set aside: the rule's default applies. 'smoothing' was never preselected — someone picked it —
 *   and stays. Versions with no method at all already followed the default.
 */
export function settleLevelMethod(saved: { params: Partial<ReplenishmentParams>; levelMethodChosen?: boolean }): SettledLevelMethod {
  const { levelMethod, ...rest } = saved.params;
  if (levelMethod === undefined) return { params: rest, levelMethodChosen: false, setAside: null };
  if (saved.levelMethodChosen === true || (saved.levelMethodChosen === undefined && levelMethod === 'smoothing')) {
    return { params: saved.params, levelMethodChosen: true, setAside: null };
  }
  return { params: rest, levelMethodChosen: false, setAside: saved.levelMethodChosen === undefined ? levelMethod : null };
}
