import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCycle, cycleCalendar, nextCycleDefaults, openCycle } from '~/server/cycle-admin.server';
import { confirmPlanFile, copyPlanFromPrevious, copyPlanPreview, cyclePlan, discardPlanFile, previewPlanFile, saveSpecPlan, stagePlanFile } from '~/server/cycle-plan.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

async function xlsx(rows: Array<Array<string | number>>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('caps');
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe.skipIf(postgresSkipped())('cycle admin: create, open, supply and caps (edit, copy, import)', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  let nextId: number;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const manager = () => ({ userId: county.managers[0]!.userId, role: 'manager' as const });
  const now = new Date('2026-11-25T02:00:00.000Z');
  const capsOf = (cycleId: number, specId: number) =>
    t.db.selectFrom('caps').select(['gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycleId).where('specId', '=', specId).orderBy('gradeFrom').execute();

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
  });
  afterAll(() => t?.close());

  it('creates the next cycle from the defaults; refuses overlaps, non-Mondays, late openings and non-staff', async () => {
    const d = await nextCycleDefaults(t.db, now);
    expect(d).toMatchObject({ startsOn: '2026-11-30', opensOn: '2026-11-28', opensTime: '09:00', cutoffLocalTime: '17:00', leadDays: 1 });
    const input = { startsOn: d.startsOn, opensOn: d.opensOn, opensTime: d.opensTime, cutoffLocalTime: d.cutoffLocalTime, leadDays: 2 };
    expect(await createCycle(t.db, manager(), input, now)).toEqual({ ok: false, reason: 'not_found' });
    expect(await createCycle(t.db, staff(), { ...input, startsOn: '2026-12-01' }, now)).toEqual({ ok: false, reason: 'not_monday' });
    expect(await createCycle(t.db, staff(), { ...input, startsOn: '2026-11-23', opensOn: '2026-11-21' }, now)).toEqual({ ok: false, reason: 'overlaps' });
    expect(await createCycle(t.db, staff(), { ...input, opensOn: '2026-11-30', opensTime: '17:00' }, now)).toEqual({ ok: false, reason: 'opens_too_late' });
    const r = await createCycle(t.db, staff(), input, now);
    if (!r.ok) throw new Error(r.reason);
    expect(r.code).toBe('2026-W49');
    nextId = r.cycleId;
    const row = await t.db.selectFrom('orderCycles').selectAll().where('id', '=', nextId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ startsOn: '2026-11-30', endsOn: '2026-12-06', opensAt: '2026-11-28T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 2, status: 'planned' });
  });

  it('shows the calendar: status, order days with their shops and cut-offs, delivery days', async () => {
    const cal = await cycleCalendar(t.db, now);
    expect(cal.map((c) => [c.code, c.status])).toEqual([
      ['2026-W48', 'open'],
      ['2026-W49', 'planned'],
    ]);
    const w49 = cal[1]!;
    // The small county's shops order on Monday (2) and Tuesday (2).
    expect(w49.days.filter((d) => d.orderShops > 0).map((d) => [d.day, d.orderShops, d.cutoffAt])).toEqual([
      ['2026-11-30', 2, '2026-11-30T09:00:00.000Z'],
      ['2026-12-01', 2, '2026-12-01T09:00:00.000Z'],
    ]);
    expect(w49.deliveries).toEqual([
      { day: '2026-12-02', shops: 2 },
      { day: '2026-12-03', shops: 2 },
    ]);
    expect(w49.lastCutoffAt).toBe('2026-12-01T09:00:00.000Z');
  });

  it('copying the previous plan shows what would change first, and an unconfirmed or stale copy changes nothing', async () => {
    await t.db.insertInto('cycleSupply').values({ cycleId: fx.cycleId, specId: fx.specs.scarce, supplyCartons: 40 }).execute();
    // Staff edited one spec of the new cycle by hand before thinking of copying.
    expect(await saveSpecPlan(t.db, staff(), nextId, fx.specs.plain, 7, [{ gradeFrom: 1, gradeTo: 30, capCartons: 9 }])).toEqual({ ok: true });
    const planOf = async (cycleId: number) => ({
      supply: await t.db.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', cycleId).orderBy('specId').execute(),
      caps: await t.db.selectFrom('caps').select(['specId', 'gradeFrom', 'gradeTo', 'capCartons']).where('cycleId', '=', cycleId).orderBy('specId').orderBy('gradeFrom').execute(),
    });
    const before = await planOf(nextId);
    const preview = await copyPlanPreview(t.db, staff(), nextId);
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.fromCode).toBe('2026-W48');
    expect(preview.changes.map((c) => [c.specId, c.supply, c.bands])).toEqual([
      [fx.specs.scarce, { from: null, to: 40 }, { from: [], to: [{ gradeFrom: 1, gradeTo: 5, capCartons: 1 }, { gradeFrom: 6, gradeTo: 30, capCartons: 3 }] }],
      [fx.specs.plain, { from: 7, to: null }, { from: [{ gradeFrom: 1, gradeTo: 30, capCartons: 9 }], to: [] }],
    ]);
    // The preview wrote nothing; a copy without the preview's token, or with another, writes nothing either.
    expect(await planOf(nextId)).toEqual(before);
    expect(await copyPlanFromPrevious(t.db, staff(), nextId, '')).toEqual({ ok: false, reason: 'plan_changed' });
    expect(await copyPlanFromPrevious(t.db, staff(), nextId, 'not-the-token')).toEqual({ ok: false, reason: 'plan_changed' });
    expect(await copyPlanFromPrevious(t.db, manager(), nextId, preview.token)).toEqual({ ok: false, reason: 'not_found' });
    expect(await planOf(nextId)).toEqual(before);
    // The plan edited after the preview: the preview's token no longer copies.
    expect(await saveSpecPlan(t.db, staff(), nextId, fx.specs.plain, 8, [{ gradeFrom: 1, gradeTo: 30, capCartons: 9 }])).toEqual({ ok: true });
    expect(await copyPlanFromPrevious(t.db, staff(), nextId, preview.token)).toEqual({ ok: false, reason: 'plan_changed' });
    expect((await planOf(nextId)).supply).toEqual([{ specId: fx.specs.plain, supplyCartons: 8 }]);
    const again = await copyPlanPreview(t.db, staff(), nextId);
    if (!again.ok) throw new Error(again.reason);
    expect(again.changes.find((c) => c.specId === fx.specs.plain)?.supply).toEqual({ from: 8, to: null });
    expect(await copyPlanFromPrevious(t.db, staff(), nextId, again.token)).toEqual({ ok: true, fromCode: '2026-W48', supply: 1, caps: 2, specs: 2 });
    expect(await planOf(nextId)).toEqual(await planOf(fx.cycleId));
    // Nothing left to change: the preview says so.
    const same = await copyPlanPreview(t.db, staff(), nextId);
    expect(same.ok && same.changes).toEqual([]);
  });

  it('the copied plan is the previous one, then the cycle opens', async () => {
    expect(await capsOf(nextId, fx.specs.scarce)).toEqual([
      { gradeFrom: 1, gradeTo: 5, capCartons: 1 },
      { gradeFrom: 6, gradeTo: 30, capCartons: 3 },
    ]);
    const plan = await cyclePlan(t.db, nextId);
    expect(plan.find((s) => s.id === fx.specs.scarce)).toMatchObject({ supplyCartons: 40, bands: [expect.anything(), expect.anything()] });
    expect(await openCycle(t.db, staff(), nextId)).toEqual({ ok: true });
    expect(await openCycle(t.db, staff(), nextId)).toEqual({ ok: false, reason: 'bad_status' });
  });

  it('edits one spec on the page: overlapping or gapped bands are refused and change nothing', async () => {
    const bad = await saveSpecPlan(t.db, staff(), nextId, fx.specs.plain, 100, [{ gradeFrom: 1, gradeTo: 10, capCartons: 2 }, { gradeFrom: 8, gradeTo: 30, capCartons: 4 }]);
    expect(bad).toEqual({ ok: false, reason: 'bad_bands', problems: [{ code: 'overlap', index: 1, other: 0 }] });
    expect(await saveSpecPlan(t.db, staff(), nextId, fx.specs.plain, -1, [])).toEqual({ ok: false, reason: 'bad_supply' });
    expect(await capsOf(nextId, fx.specs.plain)).toEqual([]);
    expect(await saveSpecPlan(t.db, staff(), nextId, fx.specs.plain, null, [{ gradeFrom: 1, gradeTo: 10, capCartons: 2 }, { gradeFrom: 11, gradeTo: 30, capCartons: 4 }])).toEqual({ ok: true });
    expect(await capsOf(nextId, fx.specs.plain)).toHaveLength(2);
    expect(await saveSpecPlan(t.db, manager(), nextId, fx.specs.plain, null, [])).toEqual({ ok: false, reason: 'not_found' });
  });

  it('imports caps from a file: the preview names every bad row and column, and a file with problems writes nothing', async () => {
    const csv = new TextEncoder().encode('品规编码,档位起,档位止,限量(条)\n001,1,10,1\n001,12,30,-2\n999,1,30,1\n');
    const staged = await stagePlanFile(t.db, staff(), nextId, 'caps', 'caps.csv', csv, now);
    if (!staged.ok) throw new Error(staged.code);
    const preview = await previewPlanFile(t.db, staff(), nextId, staged.importId);
    expect(preview!.problems.map((p) => [p.rowNo, p.column, p.code])).toEqual([
      [2, '档位起', 'gap'],
      [3, '限量(条)', 'negative'],
      [4, '品规编码', 'unknown_spec'],
    ]);
    expect(await confirmPlanFile(t.db, staff(), nextId, staged.importId)).toEqual({ ok: false, reason: 'has_problems' });
    expect(await capsOf(nextId, fx.specs.scarce)).toHaveLength(2);
    expect(await previewPlanFile(t.db, manager(), nextId, staged.importId)).toBeNull();
    await discardPlanFile(t.db, staff(), nextId, staged.importId);
    expect(await previewPlanFile(t.db, staff(), nextId, staged.importId)).toBeNull();
  });

  it('imports a good Excel file: replaces the caps of the specs it names and leaves the others', async () => {
    const bytes = await xlsx([
      ['品规编码', '品名', '档位起', '档位止', '限量(条)'],
      ['001', '品规001', 1, 15, 2],
      ['001', '品规001', 16, 30, 5],
    ]);
    const staged = await stagePlanFile(t.db, staff(), nextId, 'caps', 'caps.xlsx', bytes, now);
    if (!staged.ok) throw new Error(staged.code);
    const preview = await previewPlanFile(t.db, staff(), nextId, staged.importId);
    expect(preview).toMatchObject({ rowsRead: 2, rowsGood: 2, problemCount: 0, specCount: 1 });
    expect(await confirmPlanFile(t.db, staff(), nextId, staged.importId)).toEqual({ ok: true, kind: 'caps', specs: 1, rows: 2 });
    expect(await capsOf(nextId, fx.specs.scarce)).toEqual([
      { gradeFrom: 1, gradeTo: 15, capCartons: 2 },
      { gradeFrom: 16, gradeTo: 30, capCartons: 5 },
    ]);
    expect(await capsOf(nextId, fx.specs.plain)).toHaveLength(2);
    // The previous cycle's caps are untouched.
    expect(await capsOf(fx.cycleId, fx.specs.scarce)).toHaveLength(2);
  });

  it('imports supply: a number, or unlimited', async () => {
    const csv = new TextEncoder().encode('spec code,supply (cartons)\n001,25\n002,unlimited\n');
    const staged = await stagePlanFile(t.db, staff(), nextId, 'supply', 'supply.csv', csv, now);
    if (!staged.ok) throw new Error(staged.code);
    expect(await confirmPlanFile(t.db, staff(), nextId, staged.importId)).toEqual({ ok: true, kind: 'supply', specs: 2, rows: 2 });
    const supply = await t.db.selectFrom('cycleSupply').select(['specId', 'supplyCartons']).where('cycleId', '=', nextId).orderBy('specId').execute();
    expect(supply).toEqual([
      { specId: fx.specs.scarce, supplyCartons: 25 },
      { specId: fx.specs.plain, supplyCartons: null },
    ]);
  });
});
