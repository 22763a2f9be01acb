import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRADING_RULE, evenBands, type GradingRule } from '~/domain/shop/grading';
import { addDays } from '~/domain/time';
import { openCycle } from '~/server/cycle-admin.server';
import { approveGradeProposal, computeGradeProposal, currentGradingRule, discardGradeProposal, gradingWindow, keepShopGrade, latestGradeProposal, saveGradingRule } from '~/server/grading.server';
import { runGrading } from '~/server/job-kinds.server';
import { shopGrade } from '~/server/shop-grade.server';
import { startSession } from '~/server/session.server';
import { action as gradingAction } from '~/routes/staff.grading';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';

/** Tuesday 24 November 2026: the window is the 12 weeks from Monday 31 August to Sunday 22 November. */
const NOW = new Date('2026-11-24T04:00:00.000Z');
const WINDOW_FROM = '2026-08-31';

describe.skipIf(postgresSkipped())('档位评定: the rule, the month’s proposal, its review and the grades applied when the next cycle opens', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  /** Ten grocery shops at grade 15: shop k buys more (and more of 二类) as k grows; 8 is new, 9 never orders. */
  const shops: Array<{ id: number; userId: number | null }> = [];
  let plannedCycleId = 0;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const manager = () => ({ userId: county.managers[0]!.userId, role: 'manager' as const });
  const gradeOf = async (k: number) => (await t.db.selectFrom('retailers').select('grade').where('id', '=', shops[k]!.id).executeTakeFirstOrThrow()).grade;

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
    const at = NOW.toISOString();
    for (const r of county.retailers) shops.push({ id: r.id, userId: r.userId });
    for (let k = 4; k < 10; k++) {
      const { id } = await t.db
        .insertInto('retailers')
        .values({ userId: null, licenceNo: `4403009900${String(k).padStart(2, '0')}`, name: `评定店${k}`, ownerName: '李', phone: '1', address: '城关镇', stationId: county.station, managerId: county.managers[0]!.managerId, businessType: 'grocery', marketType: 'urban', grade: 15, orderWeekday: 1, isOnline: 1, active: 1, isBenchmark: 0, depositBalanceFen: 0, createdAt: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      shops.push({ id, userId: null });
    }
    await t.db.updateTable('retailers').set({ grade: 15 }).execute();
    const cheap = (await t.db.insertInto('specs').values({ code: '005', name: '品规005', brand: '红梅', manufacturer: '云南中烟', cartonBarcode: '6901000051', packBarcode: '6901000052', packsPerCarton: 10, priceClass: 4, wholesalePriceFenPerCarton: 8_000, retailPriceFenPerCarton: 10_000, isScarce: 0, isNew: 0, launchDate: null, isOrderable: 1, isDiscontinued: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    // Thirteen delivered weekly cycles: the week before the window and the window's twelve.
    for (let w = -1; w < 12; w++) {
      const startsOn = addDays(WINDOW_FROM, 7 * w);
      const { id: cycleId } = await t.db
        .insertInto('orderCycles')
        .values({ code: `G${w + 1}`, startsOn, endsOn: addDays(startsOn, 6), opensAt: at, cutoffLocalTime: '17:00:00', leadDays: 1, status: 'delivered', createdAt: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let k = 0; k < 9; k++) {
        if (k === 8 && w < 2) continue; // shop 8 first orders in the window's third week: too new to grade
        const { id: orderId } = await t.db
          .insertInto('orders')
          .values({ retailerId: shops[k]!.id, cycleId, status: 'delivered', submittedByUserId: null, submittedAt: at, totalCartons: k + 2, totalAmountFen: 0, failureReason: null, createdAt: at, updatedAt: at, deliveredOn: addDays(startsOn, 1), receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await t.db
          .insertInto('orderLines')
          .values([
            { orderId, specId: fx.specs.plain, qtyRequestedCartons: k + 1, capCartons: null, suggestedCartons: null, qtyAllocatedCartons: k + 1, unitPriceFen: 20_000, qtyReceivedCartons: null, deviationReason: null },
            { orderId, specId: cheap, qtyRequestedCartons: 1, capCartons: null, suggestedCartons: null, qtyAllocatedCartons: 1, unitPriceFen: 8_000, qtyReceivedCartons: null, deviationReason: null },
          ])
          .execute();
      }
    }
    plannedCycleId = (
      await t.db
        .insertInto('orderCycles')
        .values({ code: '2026-W49', startsOn: '2026-11-30', endsOn: '2026-12-06', opensAt: '2026-11-28T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 1, status: 'planned', createdAt: at })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t?.close());

  it('refuses a rule whose weights do not sum to 100 or whose bands overlap or leave a gap, naming each field; nothing saved', async () => {
    const bands = evenBands();
    const overlapping: GradingRule = { ...DEFAULT_GRADING_RULE, bands: bands.map((b, i) => (i === 4 ? { ...b, fromPercent: b.fromPercent - 1 } : b)) };
    const gapped: GradingRule = { ...DEFAULT_GRADING_RULE, bands: bands.map((b, i) => (i === 9 ? { ...b, fromPercent: b.fromPercent + 2 } : b)) };
    expect(await saveGradingRule(t.db, staff(), { ...DEFAULT_GRADING_RULE, weights: { ordered: 60, premium: 20, scanned: 30 } }, NOW)).toEqual({ ok: false, reason: 'bad_rule', problems: [{ field: 'weights', code: 'weights_not_100', sum: 110 }] });
    expect(await saveGradingRule(t.db, staff(), overlapping, NOW)).toEqual({ ok: false, reason: 'bad_rule', problems: [{ field: 'bands.4.fromPercent', code: 'overlap', grade: 5, previousTo: bands[3]!.toPercent }] });
    expect(await saveGradingRule(t.db, staff(), gapped, NOW)).toEqual({ ok: false, reason: 'bad_rule', problems: [{ field: 'bands.9.fromPercent', code: 'gap', grade: 10, previousTo: bands[8]!.toPercent }] });
    expect(await saveGradingRule(t.db, manager(), DEFAULT_GRADING_RULE, NOW)).toEqual({ ok: false, reason: 'not_found' });
    expect(await t.db.selectFrom('gradingRules').select('id').execute()).toHaveLength(0);
    expect((await currentGradingRule(t.db)).version).toBeNull();
    // Through the page: a field that is not a number is refused by the schema (400); a gap by the rule, with its problems.
    const cookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    const post = async (fields: Record<string, string>) =>
      (await gradingAction(routeArgs(t.db, new Request('http://localhost/staff/grading', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) })))) as unknown as { init: { status: number } | null; data: { problems?: unknown[] } };
    const fields = (rule: GradingRule) => ({
      intent: 'rule',
      'weights.ordered': String(rule.weights.ordered),
      'weights.premium': String(rule.weights.premium),
      'weights.scanned': String(rule.weights.scanned),
      maxStep: String(rule.maxStep),
      ...Object.fromEntries(rule.bands.flatMap((b, i) => [[`bands[${i}].fromPercent`, String(b.fromPercent)], [`bands[${i}].toPercent`, String(b.toPercent)]])),
    });
    expect((await post({ ...fields(DEFAULT_GRADING_RULE), maxStep: 'two' })).init?.status).toBe(400);
    const refusedGap = await post(fields(gapped));
    expect(refusedGap.init?.status).toBe(400);
    expect(refusedGap.data.problems).toEqual([{ field: 'bands.9.fromPercent', code: 'gap', grade: 10, previousTo: bands[8]!.toPercent }]);
    expect(await t.db.selectFrom('gradingRules').select('id').execute()).toHaveLength(0);
    expect(await saveGradingRule(t.db, staff(), DEFAULT_GRADING_RULE, NOW)).toEqual({ ok: true, version: expect.any(Number) as unknown });
  });

  it('proposes each shop’s grade from its own figures ranked within its business type, at most two grades at a time', async () => {
    expect(gradingWindow(NOW)).toEqual({ from: WINDOW_FROM, to: '2026-11-22' });
    const progress: Array<[number, number]> = [];
    const r = await runGrading(t.db, staff(), { progress: (done, total) => Promise.resolve(void progress.push([done, total])) }, NOW);
    expect(progress.at(-1)).toEqual([10, 10]);
    expect(r).toMatchObject({ judged: 8, notJudged: 2 });
    expect(r.up).toBeGreaterThan(0);
    expect(r.down).toBeGreaterThan(0);
    const p = (await latestGradeProposal(t.db, staff()))!;
    expect(p).toMatchObject({ status: 'open', judged: 8, notJudged: 2, windowFrom: WINDOW_FROM, changes: r.up + r.down });
    const line = (k: number) => p.lines.find((l) => l.retailerId === shops[k]!.id);
    // The biggest buyer ranks first of the eight and would be grade 29–30: it moves up two, step-limited.
    expect(line(7)).toMatchObject({ gradeFrom: 15, gradeTo: 17, decision: 'pending', why: { rank: 1, shops: 8, stepLimited: true, scannedPacks: null } });
    expect(line(7)!.bandGrade).toBeGreaterThanOrEqual(28);
    expect(line(0)).toMatchObject({ gradeFrom: 15, gradeTo: 13, why: { rank: 8, shops: 8 } });
    // Not graded: the new shop and the one that never ordered.
    expect(line(8)).toBeUndefined();
    expect(line(9)).toBeUndefined();
    expect(await latestGradeProposal(t.db, manager())).toBeNull();
    // Computing again replaces the open proposal.
    await computeGradeProposal(t.db, county.staffUserId, NOW);
    expect(await t.db.selectFrom('gradeProposals').select('id').execute()).toHaveLength(1);
  });

  it('staff keep one shop’s grade and approve the rest; a second approval changes nothing', async () => {
    const p = (await latestGradeProposal(t.db, staff()))!;
    expect(await keepShopGrade(t.db, manager(), p.id, shops[0]!.id)).toEqual({ ok: false, reason: 'not_found' });
    expect(await keepShopGrade(t.db, staff(), p.id, shops[0]!.id)).toEqual({ ok: true, count: 1 });
    expect(await approveGradeProposal(t.db, staff(), p.id, NOW)).toEqual({ ok: true, count: p.changes - 1 });
    expect(await approveGradeProposal(t.db, staff(), p.id, NOW)).toEqual({ ok: false, reason: 'not_open' });
    expect(await discardGradeProposal(t.db, staff(), p.id, NOW)).toEqual({ ok: false, reason: 'not_open' });
    // Nothing changes before the next cycle opens.
    expect(await gradeOf(7)).toBe(15);
    expect((await latestGradeProposal(t.db, staff()))!).toMatchObject({ status: 'approved', appliedAt: null, byDecision: { rejected: 1 } });
  });

  it('applies the approved grades when the next cycle opens, with history; a grade changed meanwhile is left alone', async () => {
    // A master-data import moved shop 6 meanwhile: its line is superseded.
    await t.db.updateTable('retailers').set({ grade: 20 }).where('id', '=', shops[6]!.id).execute();
    const proposal = (await latestGradeProposal(t.db, staff()))!;
    const sixWasChanging = proposal.lines.some((l) => l.retailerId === shops[6]!.id);
    expect(await openCycle(t.db, staff(), plannedCycleId, NOW)).toEqual({ ok: true });
    expect(await gradeOf(7)).toBe(17);
    expect(await gradeOf(0)).toBe(15);
    expect(await gradeOf(6)).toBe(20);
    const history = await t.db.selectFrom('retailerGradeHistory').selectAll().where('retailerId', '=', shops[7]!.id).execute();
    expect(history).toMatchObject([{ gradeFrom: 15, gradeTo: 17, effectiveOn: '2026-11-30', changedByUserId: county.staffUserId }]);
    const period = await t.db.selectFrom('retailerAttributeHistory').selectAll().where('retailerId', '=', shops[7]!.id).execute();
    expect(period).toMatchObject([{ grade: 15, validTo: '2026-11-30', cause: 'grading' }]);
    const after = (await latestGradeProposal(t.db, staff()))!;
    expect(after).toMatchObject({ status: 'approved', appliedCycleCode: '2026-W49' });
    expect(after.appliedAt).not.toBeNull();
    if (sixWasChanging) expect(after.lines.find((l) => l.retailerId === shops[6]!.id)!.decision).toBe('superseded');
    // The shop reads why on its grade page.
    const page = (await shopGrade(t.db, { userId: shops[3]!.userId!, role: 'retailer' }, shops[3]!.id, NOW))!;
    const line3 = after.lines.find((l) => l.retailerId === shops[3]!.id);
    if (line3 && line3.decision === 'approved') expect(page.grading).toMatchObject({ gradeFrom: 15, gradeTo: line3.gradeTo, effectiveOn: '2026-11-30', why: { shops: 8 } });
    else expect(page.grading).toBeNull();
  });
});
