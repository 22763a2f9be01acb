/**
 * 货源公示 (issue 19), pure: what a shop may know of a cycle once it opens, built from the cycle's own data — its
 * supply, its caps by grade band and the allocation method staff chose per spec — so nothing is entered twice and
 * the notice can never say other than what the allocation will do. A spec is in the notice when it is scarce, new,
 * capped or limited in supply; its caps are shown by grade band (adjacent bands with the same cap said once).
 */
import { GRADE_WEIGHT_BASE } from '../allocation/allocate';
import type { AllocationMethod } from '../allocation/methods';

export { GRADE_WEIGHT_BASE };

export interface CapBand {
  gradeFrom: number;
  gradeTo: number;
  capCartons: number;
}

export interface NoticeSpecInput {
  specId: number;
  code: string;
  name: string;
  isScarce: boolean;
  isNew: boolean;
  /** The cycle's supply (null: not limited). */
  supplyCartons: number | null;
  caps: readonly CapBand[];
  /** The method staff set for the spec this cycle; null: 按档位, the default. */
  method: AllocationMethod | null;
}

export interface NoticeSpec {
  specId: number;
  code: string;
  name: string;
  isScarce: boolean;
  isNew: boolean;
  supplyCartons: number | null;
  capBands: CapBand[];
  method: AllocationMethod;
}

export interface SupplyNotice {
  cycleCode: string;
  /** When the cycle opened (UTC ISO): the notice's date. */
  publishedAt: string;
  specs: NoticeSpec[];
}

/** Caps in grade order, adjacent bands with the same cap merged (1–10: 2, 11–20: 2 → 1–20: 2). */
export function mergeCapBands(bands: readonly CapBand[]): CapBand[] {
  const sorted = [...bands].sort((a, b) => a.gradeFrom - b.gradeFrom || a.gradeTo - b.gradeTo);
  const out: CapBand[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.capCartons === b.capCartons && b.gradeFrom <= last.gradeTo + 1) last.gradeTo = Math.max(last.gradeTo, b.gradeTo);
    else out.push({ gradeFrom: b.gradeFrom, gradeTo: b.gradeTo, capCartons: b.capCartons });
  }
  return out;
}

/** The cap a shop of this grade has under these bands (null: none). */
export function capForGrade(bands: readonly CapBand[], grade: number): number | null {
  return bands.find((b) => grade >= b.gradeFrom && grade <= b.gradeTo)?.capCartons ?? null;
}

/** Whether a spec belongs in the notice: scarce, new, capped, or its supply limited. */
export function isNoticeWorthy(s: NoticeSpecInput): boolean {
  return s.isScarce || s.isNew || s.caps.length > 0 || s.supplyCartons !== null;
}

/** The notice of a cycle: scarce specs first, then new ones, then the rest; by code within each. */
export function buildSupplyNotice(cycle: { code: string; opensAt: string }, specs: readonly NoticeSpecInput[]): SupplyNotice {
  const rank = (s: NoticeSpecInput) => (s.isScarce ? 0 : s.isNew ? 1 : 2);
  return {
    cycleCode: cycle.code,
    publishedAt: cycle.opensAt,
    specs: specs
      .filter(isNoticeWorthy)
      .sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code))
      .map((s) => ({ specId: s.specId, code: s.code, name: s.name, isScarce: s.isScarce, isNew: s.isNew, supplyCartons: s.supplyCartons, capBands: mergeCapBands(s.caps), method: s.method ?? { kind: 'grade' } })),
  };
}

/** Whether a cycle's notice is published: from the moment it opens (a planned cycle is still being prepared). */
export function noticePublished(cycle: { status: string; opensAt: string }, now: Date): boolean {
  return cycle.status !== 'planned' && Date.parse(cycle.opensAt) <= now.getTime();
}
