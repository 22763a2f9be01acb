/**
 * A manager can never see or act on another route's retailer by any URL or form. Every manager loader and
 * action is called as Remix would call it — a Request carrying a real session cookie — with the other route's
 * retailer id (or a visit on it), and must answer 404 (or leave it out of a list) and change nothing.
 * Roles are checked too: a retailer or a manager on the staff page gets 403.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as benchmarkStore from '~/routes/manager.benchmarks.$retailerId';
import * as benchmarks from '~/routes/manager.benchmarks._index';
import * as followUp from '~/routes/manager.follow-up';
import * as board from '~/routes/manager._index';
import * as retailerData from '~/routes/manager.retailers.$retailerId.data';
import * as profile from '~/routes/manager.retailers.$retailerId._index';
import * as onBehalf from '~/routes/manager.retailers.$retailerId.order';
import * as satisfaction from '~/routes/manager.satisfaction';
import * as photo from '~/routes/manager.visits.$visitId.photo';
import * as survey from '~/routes/retailer.survey';
import * as staffSatisfaction from '~/routes/staff.satisfaction';
import { DEFAULT_PHOTO_DIR } from '~/server/visits.server';
import { startSession } from '~/server/session.server';
import { shanghaiDayOf } from '~/domain/time';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { answerOf, routeArgs } from '../support/route-args';
import type { DB } from '../../db/connect';

// Loaders and actions take Remix's LoaderFunctionArgs; the test passes what Remix would, with this test's database.
type RouteFn = (args: any) => unknown;
let testDb: DB;

/** Runs a loader or action; a thrown Response counts as its answer. Returns the status and the body. */
/** What a loader or action answers, unwrapped from `data(body, init)`: the body a test reads. */
type Body<F extends RouteFn> = Exclude<Awaited<ReturnType<F>>, Response> extends infer T ? (T extends { data: infer D; init: ResponseInit | null } ? D : T) : never;

async function call<F extends RouteFn>(fn: F, request: Request, params: Record<string, string> = {}): Promise<{ status: number; body: Body<F> }> {
  let answer: ReturnType<typeof answerOf>;
  try {
    answer = answerOf(await fn(routeArgs(testDb, request, { params })));
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    answer = answerOf(thrown);
  }
  // The body as the route declares it (a Response when it answered with one: only its status is read then).
  return { status: answer.status, body: answer.body as Body<F> };
}

describe.skipIf(postgresSkipped())('manager pages stay inside the manager’s route', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fixture: Awaited<ReturnType<typeof orderingFixture>>;
  const cookies: Record<string, string> = {};
  let foreignVisitId = 0;
  let ownVisitId = 0;
  const photoFiles: string[] = [];

  const get = (who: string, url: string) => new Request(`http://localhost${url}`, { headers: { Cookie: cookies[who]! } });
  const post = (who: string, url: string, fields: Record<string, string>) =>
    new Request(`http://localhost${url}`, { method: 'POST', headers: { Cookie: cookies[who]! }, body: new URLSearchParams(fields) });
  const mine = () => county.retailers[0]!;
  const theirs = () => county.retailers[2]!;

  async function visitWithPhoto(retailerId: number, userId: number) {
    const file = `${crypto.randomUUID()}.png`;
    fs.mkdirSync(DEFAULT_PHOTO_DIR, { recursive: true });
    fs.writeFileSync(path.join(DEFAULT_PHOTO_DIR, file), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    photoFiles.push(file);
    return (
      await t.db
        .insertInto('storeVisits')
        .values({
          retailerId,
          visitedOn: '2026-11-20',
          durationMinutes: 30,
          whatDone: '陈列',
          photoFile: file,
          photoContentType: 'image/png',
          photoBytes: 8,
          createdByUserId: userId,
          createdAt: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fixture = await orderingFixture(t.db);
    testDb = t.db;
    const cookieOf = async (userId: number) => (await startSession(t.db, new Request('http://localhost/'), userId)).split(';')[0]!;
    cookies.mgr = await cookieOf(county.managers[0]!.userId);
    cookies.otherMgr = await cookieOf(county.managers[1]!.userId);
    cookies.staff = await cookieOf(county.staffUserId);
    cookies.retailer = await cookieOf(mine().userId);
    cookies.theirRetailer = await cookieOf(theirs().userId);
    foreignVisitId = await visitWithPhoto(theirs().id, county.managers[1]!.userId);
    ownVisitId = await visitWithPhoto(mine().id, county.managers[0]!.userId);
    await t.db
      .insertInto('satisfactionResponses')
      .values({
        retailerId: theirs().id,
        quarter: '2026-Q4',
        managerId: county.managers[1]!.managerId,
        stationId: county.station,
        supplyScore: 10,
        orderingScore: 10,
        deliveryScore: 10,
        managerScore: 10,
        comment: '别的线路',
        submittedByUserId: theirs().userId,
        submittedAt: new Date().toISOString(),
      })
      .execute();
  });
  afterAll(async () => {
    for (const f of photoFiles) fs.rmSync(path.join(DEFAULT_PHOTO_DIR, f), { force: true });
    await t?.close();
  });

  it('lists (board, follow-up, benchmarks, satisfaction) hold only the route’s shops', async () => {
    const routeIds = county.retailers.filter((r) => r.managerId === county.managers[0]!.managerId).map((r) => r.id);
    const b = await call(board.loader, get('mgr', '/manager'));
    expect(b.status).toBe(200);
    expect(b.body.route.map((r: { id: number }) => r.id).sort()).toEqual([...routeIds].sort());

    const f = await call(followUp.loader, get('mgr', '/manager/follow-up?days=1'));
    const listed = [f.body.notOrdered, f.body.notUploaded, f.body.allocationsUnconfirmed, f.body.issuesOpen].flat().map((r: { id: number }) => r.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((id: number) => routeIds.includes(id))).toBe(true);

    const bm = await call(benchmarks.loader, get('mgr', '/manager/benchmarks'));
    expect(bm.body.candidates.map((c: { id: number }) => c.id).sort()).toEqual([...routeIds].sort());

    const s = await call(satisfaction.loader, get('mgr', '/manager/satisfaction?quarter=2026-Q4'));
    expect(s.body.answers).toEqual([]);
    const other = await call(satisfaction.loader, get('otherMgr', '/manager/satisfaction?quarter=2026-Q4'));
    expect(other.body.answers.map((a: { retailerId: number }) => a.retailerId)).toEqual([theirs().id]);
  });

  it('every page about one retailer answers 404 for another route’s retailer', async () => {
    const id = String(theirs().id);
    for (const [name, loader, url] of [
      ['profile', profile.loader, `/manager/retailers/${id}`],
      ['order on behalf', onBehalf.loader, `/manager/retailers/${id}/order`],
      ['fix data together', retailerData.loader, `/manager/retailers/${id}/data`],
      ['benchmark store', benchmarkStore.loader, `/manager/benchmarks/${id}`],
    ] as const) {
      expect((await call(loader, get('mgr', url), { retailerId: id })).status, name).toBe(404);
      // The same URL works for the retailer's own manager (so the 404 is about scope, not a broken page).
      expect((await call(loader, get('otherMgr', url), { retailerId: id })).status, name).toBe(200);
    }
    for (const bad of ['abc', '-1', '1e3', '99999']) {
      expect((await call(profile.loader, get('mgr', `/manager/retailers/${bad}`), { retailerId: bad })).status).toBe(404);
    }
  });

  it('a visit photo on another route is 404; the route’s own manager and staff get it; a retailer may not use the photo URL', async () => {
    expect((await call(photo.loader, get('mgr', `/manager/visits/${foreignVisitId}/photo`), { visitId: String(foreignVisitId) })).status).toBe(404);
    const own = await call(photo.loader, get('mgr', `/manager/visits/${ownVisitId}/photo`), { visitId: String(ownVisitId) });
    expect(own.status).toBe(200);
    expect((own.body as Response).headers.get('Content-Type')).toBe('image/png');
    expect((own.body as Response).headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect((await call(photo.loader, get('staff', `/manager/visits/${foreignVisitId}/photo`), { visitId: String(foreignVisitId) })).status).toBe(200);
    expect((await call(photo.loader, get('retailer', `/manager/visits/${ownVisitId}/photo`), { visitId: String(ownVisitId) })).status).toBe(403);
  });

  it('no form acts on another route’s retailer: order on behalf, notes, benchmark, visit — 404 and nothing written', async () => {
    const id = String(theirs().id);
    const lines = JSON.stringify([{ specId: fixture.specs.plain, qtyCartons: 2 }]);
    for (const intent of ['save', 'submit', 'cancel']) {
      const r = await call(onBehalf.action, post('mgr', `/manager/retailers/${id}/order`, { intent, lines }), { retailerId: id });
      expect(r.status, intent).toBe(404);
    }
    expect(await t.db.selectFrom('orders').select('id').where('retailerId', '=', theirs().id).execute()).toEqual([]);

    const note = { intent: 'note', retailerId: id, topic: 'not_ordered', outcome: 'no_answer', note: '' };
    expect((await call(followUp.action, post('mgr', '/manager/follow-up', note))).status).toBe(404);
    expect((await call(profile.action, post('mgr', `/manager/retailers/${id}`, note), { retailerId: id })).status).toBe(404);
    expect(await t.db.selectFrom('contactNotes').select('id').execute()).toEqual([]);

    expect((await call(benchmarks.action, post('mgr', '/manager/benchmarks', { intent: 'mark', retailerId: id, reason: '想抢' }))).status).toBe(404);
    expect((await call(benchmarks.action, post('mgr', '/manager/benchmarks', { intent: 'unmark', retailerId: id }))).status).toBe(404);
    expect(await t.db.selectFrom('benchmarkMarks').select('retailerId').execute()).toEqual([]);

    const form = new FormData();
    form.set('visitedOn', '2026-11-20');
    form.set('durationMinutes', '30');
    form.set('whatDone', '冒充走访');
    const visitRequest = new Request(`http://localhost/manager/benchmarks/${id}`, { method: 'POST', headers: { Cookie: cookies.mgr! }, body: form });
    expect((await call(benchmarkStore.action, visitRequest, { retailerId: id })).status).toBe(404);
    expect(await t.db.selectFrom('storeVisits').select('id').where('retailerId', '=', theirs().id).execute()).toHaveLength(1);
  });

  it('the same forms work on the manager’s own shop (so the refusals above are about scope)', async () => {
    const id = String(mine().id);
    const note = { intent: 'note', retailerId: id, topic: 'not_ordered', outcome: 'will_order_tonight', note: '' };
    expect((await call(followUp.action, post('mgr', '/manager/follow-up', note))).status).toBe(200);
    expect((await call(benchmarks.action, post('mgr', '/manager/benchmarks', { intent: 'mark', retailerId: id, reason: '客流大' }))).status).toBe(200);
    const saved = await call(onBehalf.action, post('mgr', `/manager/retailers/${id}/order`, { intent: 'save', lines: JSON.stringify([{ specId: fixture.specs.plain, qtyCartons: 2 }]) }), { retailerId: id });
    // The window may be open or not on the day the test runs; either way the answer is not "not found".
    expect(saved.status).not.toBe(404);
  });

  it('the visit form on the manager’s own shop: its refusals beside the field they are about, a good visit stored', async () => {
    const id = String(mine().id);
    const visit = (fields: Record<string, string>, headers: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return new Request(`http://localhost/manager/benchmarks/${id}`, { method: 'POST', headers: { Cookie: cookies.mgr!, ...headers }, body: form });
    };
    const today = shanghaiDayOf(new Date());
    const empty = await call(benchmarkStore.action, visit({ visitedOn: today, durationMinutes: '30', whatDone: '' }), { retailerId: id });
    expect(empty.status).toBe(400);
    expect(empty.body.result.error).toEqual({ whatDone: ['whatDoneEmpty'] });
    const tooBig = await call(benchmarkStore.action, visit({ visitedOn: today, durationMinutes: '30', whatDone: '陈列' }, { 'Content-Length': String(50 * 1024 * 1024) }), { retailerId: id });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.result.error).toEqual({ photo: ['photo_too_large'] });
    const before = (await t.db.selectFrom('storeVisits').select('id').where('retailerId', '=', mine().id).execute()).length;
    const logged = await call(benchmarkStore.action, visit({ visitedOn: today, durationMinutes: '30', whatDone: '陈列检查' }), { retailerId: id });
    expect(logged.status).toBe(200);
    expect(logged.body.result.status).toBe('success');
    expect(await t.db.selectFrom('storeVisits').select('id').where('retailerId', '=', mine().id).execute()).toHaveLength(before + 1);
  });

  it('roles: a retailer cannot open manager pages; only staff open the county’s satisfaction; a retailer answers only for itself', async () => {
    expect((await call(board.loader, get('retailer', '/manager'))).status).toBe(403);
    expect((await call(followUp.action, post('retailer', '/manager/follow-up', { intent: 'note', retailerId: String(mine().id), topic: 'general', note: 'x' }))).status).toBe(403);
    expect((await call(staffSatisfaction.loader, get('mgr', '/staff/satisfaction'))).status).toBe(403);
    const county_ = await call(staffSatisfaction.loader, get('staff', '/staff/satisfaction?quarter=2026-Q4'));
    expect(county_.status).toBe(200);
    expect(county_.body.summary.answers).toBe(1);
    expect((await call(survey.action, post('mgr', '/retailer/survey', { supply: '90', ordering: '90', delivery: '90', manager: '90' }))).status).toBe(403);

    // The survey form takes no retailer id: whatever is posted, the answer is the signed-in shop's own.
    const answer = { supply: '90', ordering: '80', delivery: '70', manager: '60', comment: '', retailerId: String(theirs().id) };
    const first = await call(survey.action, post('retailer', '/retailer/survey', answer));
    expect(first.status).toBe(200);
    const rows = await t.db.selectFrom('satisfactionResponses').select(['retailerId', 'supplyScore']).orderBy('id').execute();
    expect(rows.map((r) => r.retailerId)).toEqual([theirs().id, mine().id]);
    expect((await call(survey.action, post('retailer', '/retailer/survey', answer))).status).toBe(409);
    const bad = await call(survey.action, post('theirRetailer', '/retailer/survey', { ...answer, supply: '' }));
    expect(bad).toMatchObject({ status: 400, body: { result: { status: 'error', error: { supply: ['score'] } } } });
  });
});
