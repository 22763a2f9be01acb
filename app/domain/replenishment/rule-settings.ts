/**
 * Staff's settings for the rule (规则设置), as stored in versions: the rule's parameters, the service level by how
 * important a spec is, and the starting quantity of a new spec by the shop's grade. Pure: reading and saving the
 * versions is app/server/suggestions/settings.server.ts.
 */
import type { ReplenishmentParams } from './params';

/** Staff's settings: the rule's parameters plus the service-level tiers and new-spec starting quantities. */
export interface RuleSettings {
  params: Partial<ReplenishmentParams>;
  /** Service level by spec importance: scarce specs, price class 一类/二类, the rest. */
  serviceLevels: { scarce: number; premium: number; standard: number };
  /** Starting order-up-to level in cartons for a new spec the shop has no history of, by grade band. */
  newSpecStartCartons: Array<{ gradeFrom: number; gradeTo: number; cartons: number }>;
  /** Staff chose params.levelMethod; false: none stored, the rule's default applies (settleLevelMethod). */
  levelMethodChosen: boolean;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  params: {},
  levelMethodChosen: false,
  serviceLevels: { scarce: 0.97, premium: 0.95, standard: 0.92 },
  newSpecStartCartons: [
    { gradeFrom: 1, gradeTo: 10, cartons: 1 },
    { gradeFrom: 11, gradeTo: 20, cartons: 2 },
    { gradeFrom: 21, gradeTo: 30, cartons: 3 },
  ],
};

/** A spec's service level: the scarce tier first, then price class 1–2 (一类/二类) premium, else standard. */
export function serviceLevelOf(spec: { isScarce: number; priceClass: number }, s: RuleSettings): number {
  return spec.isScarce ? s.serviceLevels.scarce : spec.priceClass <= 2 ? s.serviceLevels.premium : s.serviceLevels.standard;
}

/** The starting quantity (cartons) of a new spec for a shop of `grade`: the first band holding it; null if none does. */
export function newSpecStartCartonsFor(grade: number, s: RuleSettings): number | null {
  return s.newSpecStartCartons.find((b) => grade >= b.gradeFrom && grade <= b.gradeTo)?.cartons ?? null;
}
