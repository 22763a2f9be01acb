/**
 * The market supervision line (市场监管, issue 18), pure: a shop whose orders of a scarce spec run far beyond what it
 * sells over several cycles — possible hoarding (囤货) or diversion (倒货) — with the numbers behind it.
 *
 *   window sales   scanned packs over the window's days with a sales upload, scaled to the whole window (a day
 *                  with no upload says nothing about sales: not a zero); not judged when fewer than half the
 *                  window's days have an upload
 *   flagged        ordered in at least MIN_CYCLES_ORDERED of the window's cycles, and asked in all
 *                  (× packs per carton) > BEYOND_FACTOR × the window's sales + one carton
 *   stock gained   closing − opening stock (rolled forward from the shop's counts); null when either is unknown
 *   unaccounted    what arrived (receipt scans) − what was scanned as sold − what the shelf gained: cartons that
 *                  neither sold through the till nor stayed on the shelf (diversion, or sales not scanned).
 *                  Asked far beyond sales with the shelf gaining it all is hoarding; with nothing gained, the
 *                  cartons went somewhere the till did not see.
 *
 * 按需 already gives such a shop what its sales support: its estimated demand comes from its sales, net of its
 * stock (demand.ts); an order far beyond them changes only the cap's "at least" bound.
 */
export const SUPERVISION_CYCLES = 8;
export const MIN_CYCLES_ORDERED = 3;
export const BEYOND_FACTOR = 2;

export interface SupervisionCycle {
  cycleCode: string;
  askedCartons: number;
  allocatedCartons: number;
  /** Scanned sales of the spec over the cycle's uploaded days, packs. */
  soldPacks: number;
  /** Of the cycle's days, those with a sales upload, and all of them. */
  uploadedDays: number;
  days: number;
}

export interface SupervisionInput {
  packsPerCarton: number;
  cycles: readonly SupervisionCycle[];
  /** Packs received over the window (receipt scans), and the stock before and after it; null = unknown. */
  receivedPacks: number;
  openingStockPacks: number | null;
  closingStockPacks: number | null;
}

export interface SupervisionCase {
  cyclesOrdered: number;
  askedCartons: number;
  allocatedCartons: number;
  /** Scanned over the uploaded days, and scaled to the whole window; null when not judged (too few uploads). */
  soldPacks: number;
  windowSoldPacks: number | null;
  uploadedDays: number;
  windowDays: number;
  /** askedCartons × packs per carton ÷ windowSoldPacks; null when nothing sold or not judged. */
  askedToSold: number | null;
  receivedPacks: number;
  openingStockPacks: number | null;
  closingStockPacks: number | null;
  stockGainedPacks: number | null;
  unaccountedPacks: number | null;
  flagged: boolean;
  cycles: SupervisionCycle[];
}

const whole = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
const packs = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);
const known = (n: number | null) => (n === null || !Number.isFinite(n) ? null : n);

export function superviseSpec(input: SupervisionInput): SupervisionCase {
  const ppc = input.packsPerCarton > 0 ? input.packsPerCarton : 10;
  let cyclesOrdered = 0;
  let askedCartons = 0;
  let allocatedCartons = 0;
  let soldPacks = 0;
  let uploadedDays = 0;
  let windowDays = 0;
  for (const c of input.cycles) {
    const asked = whole(c.askedCartons);
    if (asked > 0) cyclesOrdered++;
    askedCartons += asked;
    allocatedCartons += whole(c.allocatedCartons);
    const days = whole(c.days);
    windowDays += days;
    uploadedDays += Math.min(days, whole(c.uploadedDays));
    soldPacks += packs(c.soldPacks);
  }
  const judged = windowDays > 0 && uploadedDays * 2 >= windowDays;
  const windowSoldPacks = judged ? Math.round(((soldPacks * windowDays) / uploadedDays) * 10) / 10 : null;
  const opening = known(input.openingStockPacks);
  const closing = known(input.closingStockPacks);
  const receivedPacks = packs(input.receivedPacks);
  const stockGainedPacks = opening === null || closing === null ? null : closing - opening;
  const flagged = windowSoldPacks !== null && cyclesOrdered >= MIN_CYCLES_ORDERED && askedCartons * ppc > BEYOND_FACTOR * windowSoldPacks + ppc;
  return {
    cyclesOrdered,
    askedCartons,
    allocatedCartons,
    soldPacks,
    windowSoldPacks,
    uploadedDays,
    windowDays,
    askedToSold: windowSoldPacks !== null && windowSoldPacks > 0 ? Math.round(((askedCartons * ppc) / windowSoldPacks) * 10) / 10 : null,
    receivedPacks,
    openingStockPacks: opening,
    closingStockPacks: closing,
    stockGainedPacks,
    unaccountedPacks: stockGainedPacks === null ? null : Math.round(receivedPacks - soldPacks - stockGainedPacks),
    flagged,
    cycles: [...input.cycles],
  };
}

/** One flagged shop × spec as the supervision list shows it (app/server/supervision.server.ts). */
export interface SupervisionRow extends SupervisionCase {
  retailerId: number;
  retailerName: string;
  licenceNo: string;
  grade: number;
  managerName: string;
  specId: number;
  specCode: string;
  specName: string;
  packsPerCarton: number;
  /** The notes managers and staff kept on this shop × spec, oldest first. */
  notes: SupervisionNote[];
}

/** A note on a shop × spec of the list: what was found, by whom (display name and role), when. */
export interface SupervisionNote {
  id: number;
  body: string;
  createdAt: string;
  author: string;
  authorRole: string;
}

/** Notes are short: what was found on a visit, what the shop said. */
export const SUPERVISION_NOTE_MAX_CHARS = 500;

export interface SupervisionList {
  /** The delivered cycles read, oldest first. */
  cycles: Array<{ id: number; code: string; startsOn: string; endsOn: string }>;
  rows: SupervisionRow[];
  /** When the stored list was computed (the 'supervision' job); null before the first time. */
  computedAt: string | null;
}
