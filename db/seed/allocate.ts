/**
 * Sharing out a short supply of a scarce spec (紧俏品规投放) the way DOMAIN.md describes: by grade (higher
 * grade, larger share per carton asked), in whole cartons, never more than asked, and with nothing lost to
 * rounding — when asks exceed supply the allocations add up to the supply exactly.
 * The seed has its own copy so that db/ does not depend on app/server; the app's allocation may differ in
 * weighting, which is fine for history.
 */

export interface AllocationRequest {
  grade: number;
  requestedCartons: number;
}

/** Weight per carton asked: grade 1 ≈ 0.55, grade 30 = 2. */
export function gradeWeight(grade: number): number {
  return 0.5 + grade / 20;
}

export function allocateShortSupply(requests: readonly AllocationRequest[], supplyCartons: number): number[] {
  const asked = requests.map((r) => Math.max(0, Math.floor(r.requestedCartons)));
  const totalAsked = asked.reduce((a, b) => a + b, 0);
  const supply = Math.max(0, Math.floor(supplyCartons));
  if (totalAsked <= supply) return asked;

  const allocated = new Array<number>(requests.length).fill(0);
  let remaining = supply;
  let open = asked.map((_, i) => i).filter((i) => asked[i]! > 0);
  // Water-filling: whoever's proportional share covers the whole ask gets it, and the rest is re-shared.
  for (;;) {
    const weightSum = open.reduce((sum, i) => sum + asked[i]! * gradeWeight(requests[i]!.grade), 0);
    const saturated = open.filter((i) => (remaining * asked[i]! * gradeWeight(requests[i]!.grade)) / weightSum >= asked[i]!);
    if (saturated.length === 0) break;
    for (const i of saturated) {
      allocated[i] = asked[i]!;
      remaining -= asked[i]!;
    }
    open = open.filter((i) => !saturated.includes(i));
  }
  const weightSum = open.reduce((sum, i) => sum + asked[i]! * gradeWeight(requests[i]!.grade), 0);
  const shares = open.map((i) => ({ i, exact: (remaining * asked[i]! * gradeWeight(requests[i]!.grade)) / weightSum }));
  for (const s of shares) allocated[s.i] = Math.floor(s.exact);
  let leftover = remaining - shares.reduce((sum, s) => sum + Math.floor(s.exact), 0);
  // Largest remainder; ties to the higher grade, then to the earlier request.
  shares.sort(
    (a, b) =>
      b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) ||
      requests[b.i]!.grade - requests[a.i]!.grade ||
      a.i - b.i,
  );
  for (const s of shares) {
    if (leftover <= 0) break;
    if (allocated[s.i]! < asked[s.i]!) {
      allocated[s.i]!++;
      leftover--;
    }
  }
  return allocated;
}
