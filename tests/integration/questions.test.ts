/**
 * Questions answered (issue 19), on both dialects: a shop asks from the page it is on (the context travels with it,
 * read from the shop's own rows), the question lands in its manager's inbox only, the manager answers or hands it to
 * staff, the shop sees the answer (a to-do on home until read) and rates it; refusals name the field and save
 * nothing. The service indicator (平均答复时长) by manager and station adds up with its drill-down and keeps a past
 * period's figure when later answers come and the shop changes hands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as retailerQuestions from '~/routes/retailer.questions';
import * as managerQuestions from '~/routes/manager.questions';
import { drillDown } from '~/server/monitoring-drill.server';
import { monitoringPage } from '~/server/monitoring.server';
import { answerQuestion, askQuestion, handToStaff, markAnswersRead, myQuestions, questionInbox, rateAnswer, unreadAnswers } from '~/server/questions.server';
import { retailerHome } from '~/server/retailer-home.server';
import { startSession } from '~/server/session.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { replyOf, routeArgs } from '../support/route-args';

describe.skipIf(postgresSkipped())('questions answered', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fixture: Awaited<ReturnType<typeof orderingFixture>>;
  const shop = (i: number) => ({ userId: county.retailers[i]!.userId, role: 'retailer' as const });
  const manager = (i: number) => ({ userId: county.managers[i]!.userId, role: 'manager' as const });
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });
  const count = async () => Number((await t.db.selectFrom('questions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const snapshot = async () => JSON.stringify(await t.db.selectFrom('questions').selectAll().orderBy('id').execute());

  async function order(retailerIndex: number) {
    const now = new Date().toISOString();
    const r = county.retailers[retailerIndex]!;
    return (
      await t.db
        .insertInto('orders')
        .values({ retailerId: r.id, cycleId: fixture.cycleId, status: 'allocated', submittedByUserId: r.userId, onBehalf: 0, submittedAt: now, totalCartons: 2, totalAmountFen: 40_000, failureReason: null, createdAt: now, updatedAt: now, deliveredOn: null, receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  async function post(mod: { action: (args: any) => unknown }, userId: number, url: string, fields: Record<string, string | number>) {
    const cookie = (await startSession(t.db, new Request('http://localhost/'), userId)).split(';')[0]!;
    const request = new Request(`http://localhost${url}`, { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])) });
    return replyOf(await mod.action(routeArgs(t.db, request)));
  }

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fixture = await orderingFixture(t.db);
  });
  afterAll(() => t?.close());

  it('a question from an order line lands in its manager’s inbox with its context, and in no other manager’s', async () => {
    const asked = await askQuestion(t.db, shop(0), county.retailers[0]!.id, { intent: 'ask', about: 'order_line', cycleId: fixture.cycleId, specId: fixture.specs.scarce, body: '为什么限量只有 1 条？' }, new Date('2026-11-23T02:00:00Z'));
    expect(asked.ok).toBe(true);
    const mine = await questionInbox(t.db, manager(0));
    expect(mine!.withManagers.map((q) => [q.contextKind, q.contextLabel, q.body, q.retailerId])).toEqual([['order_line', '2026-W48 · 品规001', '为什么限量只有 1 条？', county.retailers[0]!.id]]);
    expect((await questionInbox(t.db, manager(1)))!.withManagers).toEqual([]);
    expect((await questionInbox(t.db, staff()))!.withManagers).toHaveLength(1);
    // Another shop does not see it; the shop itself does.
    expect(await myQuestions(t.db, shop(1), county.retailers[1]!.id)).toEqual([]);
    expect(await myQuestions(t.db, shop(1), county.retailers[0]!.id)).toEqual([]);
    expect((await myQuestions(t.db, shop(0), county.retailers[0]!.id)).map((q) => q.status)).toEqual(['open']);
  });

  it('the context is read from the shop’s own rows: another shop’s order or issue is refused naming the field, nothing saved', async () => {
    const theirOrder = await order(2);
    const myOrder = await order(0);
    const before = await snapshot();
    const refusedOrder = await askQuestion(t.db, shop(0), county.retailers[0]!.id, { intent: 'ask', about: 'allocation', orderId: theirOrder, body: '配货少了' });
    expect(refusedOrder).toEqual({ ok: false, reason: 'context', field: 'orderId' });
    const noIssue = await askQuestion(t.db, shop(0), county.retailers[0]!.id, { intent: 'ask', about: 'data_issue', issueId: 999_999, body: '这个问题怎么改？' });
    expect(noIssue).toEqual({ ok: false, reason: 'context', field: 'issueId' });
    const noSpec = await askQuestion(t.db, shop(0), county.retailers[0]!.id, { intent: 'ask', about: 'order_line', cycleId: fixture.cycleId, body: '？' });
    expect(noSpec).toEqual({ ok: false, reason: 'context', field: 'specId' });
    expect(await snapshot()).toEqual(before);
    // The shop's own delivery is fine.
    const ok = await askQuestion(t.db, shop(0), county.retailers[0]!.id, { intent: 'ask', about: 'delivery', orderId: myOrder, body: '什么时候送到？' });
    expect(ok.ok).toBe(true);
    const q = (await myQuestions(t.db, shop(0), county.retailers[0]!.id))[0]!;
    expect([q.contextKind, q.contextLabel]).toEqual(['delivery', '2026-W48']);
  });

  it('the page refuses an empty or too long question, naming the field, and saves nothing', async () => {
    const before = await count();
    const empty = await post(retailerQuestions, county.retailers[0]!.userId, '/retailer/questions', { intent: 'ask', about: 'general', body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.result.error).toEqual({ body: ['required'] });
    const long = await post(retailerQuestions, county.retailers[0]!.userId, '/retailer/questions', { intent: 'ask', about: 'general', body: '问'.repeat(501) });
    expect(long.status).toBe(400);
    expect(long.body.result.error).toEqual({ body: ['tooLong'] });
    const theirOrder = await order(3);
    const foreign = await post(retailerQuestions, county.retailers[0]!.userId, '/retailer/questions', { intent: 'ask', about: 'allocation', orderId: theirOrder, body: '配货少了' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.result.error).toEqual({ orderId: ['context'] });
    expect(await count()).toBe(before);
    const ok = await post(retailerQuestions, county.retailers[0]!.userId, '/retailer/questions', { intent: 'ask', about: 'general', body: '新品什么时候到？' });
    expect(ok.status).toBe(200);
    expect(await count()).toBe(before + 1);
  });

  it('handed to staff, answered once, read on home and in the list, rated by the shop; nobody else may touch it', async () => {
    const asked = await askQuestion(t.db, shop(1), county.retailers[1]!.id, { intent: 'ask', about: 'general', body: '积分怎么算？' }, new Date('2026-11-24T01:00:00Z'));
    if (!asked.ok) throw new Error('not asked');
    const id = asked.id;
    // The other route's manager and another shop find nothing.
    expect(await handToStaff(t.db, manager(1), id, null)).toEqual({ ok: false, reason: 'not_found' });
    expect(await answerQuestion(t.db, manager(1), id, '不是我的')).toEqual({ ok: false, reason: 'not_found' });
    expect(await handToStaff(t.db, manager(0), id, '营销部定的规则')).toEqual({ ok: true, id });
    expect(await handToStaff(t.db, manager(0), id, null)).toEqual({ ok: false, reason: 'already_handed' });
    expect((await questionInbox(t.db, staff()))!.handed.map((q) => [q.id, q.handNote])).toEqual([[id, '营销部定的规则']]);

    expect(await rateAnswer(t.db, shop(1), county.retailers[1]!.id, id, 5)).toEqual({ ok: false, reason: 'not_answered' });
    expect(await answerQuestion(t.db, staff(), id, '按季度累计。', new Date('2026-11-24T03:30:00Z'))).toEqual({ ok: true, id });
    expect(await answerQuestion(t.db, manager(0), id, '再答一次', new Date('2026-11-24T04:00:00Z'))).toEqual({ ok: false, reason: 'already_answered' });
    const row = await t.db.selectFrom('questions').select(['status', 'answer', 'answeredByRole', 'responseMinutes']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'answered', answer: '按季度累计。', answeredByRole: 'staff', responseMinutes: 150 });

    // Home lists the unread answer as a to-do until the list is opened.
    expect(await unreadAnswers(t.db, shop(1), county.retailers[1]!.id)).toBe(1);
    const home = await retailerHome(t.db, shop(1));
    expect(home!.todos.find((td) => td.kind === 'answers_unread')).toMatchObject({ count: 1 });
    const list = await myQuestions(t.db, shop(1), county.retailers[1]!.id);
    expect(list.find((q) => q.id === id)).toMatchObject({ answer: '按季度累计。', unread: true });
    await markAnswersRead(t.db, shop(1), county.retailers[1]!.id, [id]);
    expect(await unreadAnswers(t.db, shop(1), county.retailers[1]!.id)).toBe(0);
    expect((await retailerHome(t.db, shop(1)))!.todos.map((td) => td.kind)).not.toContain('answers_unread');

    // Rating: another shop cannot; out of range is refused by the page naming the field; 1–5 is kept.
    expect(await rateAnswer(t.db, shop(0), county.retailers[0]!.id, id, 1)).toEqual({ ok: false, reason: 'not_found' });
    const before = await snapshot();
    const bad = await post(retailerQuestions, county.retailers[1]!.userId, '/retailer/questions', { intent: 'rate', questionId: id, rating: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.result.error).toEqual({ rating: ['rating'] });
    expect(await snapshot()).toEqual(before);
    expect((await post(retailerQuestions, county.retailers[1]!.userId, '/retailer/questions', { intent: 'rate', questionId: id, rating: 4 })).status).toBe(200);
    expect((await t.db.selectFrom('questions').select('rating').where('id', '=', id).executeTakeFirstOrThrow()).rating).toBe(4);
    expect((await questionInbox(t.db, manager(0)))!.answered.find((q) => q.id === id)?.rating).toBe(4);
  });

  it('the manager’s page refuses an empty answer naming the field, and another route’s question as not found; nothing changes', async () => {
    const asked = await askQuestion(t.db, shop(0), county.retailers[0]!.id, { intent: 'ask', about: 'general', body: '还有货吗？' });
    if (!asked.ok) throw new Error('not asked');
    const before = await snapshot();
    const empty = await post(managerQuestions, county.managers[0]!.userId, '/manager/questions', { intent: 'answer', questionId: asked.id, answer: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.result.error).toEqual({ answer: ['required'] });
    const foreign = await post(managerQuestions, county.managers[1]!.userId, '/manager/questions', { intent: 'answer', questionId: asked.id, answer: '有' });
    expect(foreign.status).toBe(404);
    expect(await snapshot()).toEqual(before);
    expect((await post(managerQuestions, county.managers[0]!.userId, '/manager/questions', { intent: 'answer', questionId: asked.id, answer: '有，周三到。' })).status).toBe(200);
  });

  it('hostile text is stored as typed (React escapes it where it is shown)', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const asked = await askQuestion(t.db, shop(3), county.retailers[3]!.id, { intent: 'ask', about: 'general', body: hostile });
    expect(asked.ok).toBe(true);
    expect((await questionInbox(t.db, manager(1)))!.withManagers.map((q) => q.body)).toEqual([hostile]);
  });

  it('answer time by manager and station adds up with its drill-down, and a past week keeps its figure', async () => {
    const { db } = t;
    // A fresh week (2026-11-30 … 12-06): two answers on route 1 (60 and 180 minutes), one on route 2 (30 minutes).
    const ask = async (i: number, at: string) => {
      const r = await askQuestion(db, shop(i), county.retailers[i]!.id, { intent: 'ask', about: 'general', body: `问题 ${at}` }, new Date(at));
      if (!r.ok) throw new Error('not asked');
      return r.id;
    };
    const a = await ask(0, '2026-12-01T01:00:00Z');
    const b = await ask(1, '2026-12-02T01:00:00Z');
    const c = await ask(2, '2026-12-03T01:00:00Z');
    await answerQuestion(db, manager(0), a, '好', new Date('2026-12-01T02:00:00Z'));
    await answerQuestion(db, manager(0), b, '好', new Date('2026-12-02T04:00:00Z'));
    await answerQuestion(db, manager(1), c, '好', new Date('2026-12-03T01:30:00Z'));
    const now = new Date('2026-12-08T04:00:00Z');
    const week = { dim: 'manager' as const, period: 'week' as const, day: '2026-12-02' };
    const page = async () => (await monitoringPage(db, staff(), week, now, { refresh: false }))!;
    const first = await page();
    const row = (managerId: number) => first.rows.find((r) => r.value === String(managerId))!;
    expect(row(county.managers[0]!.managerId).current.values.answerHours).toBe(2);
    expect(row(county.managers[1]!.managerId).current.values.answerHours).toBe(0.5);
    expect(first.total.current.values.answerHours).toBeCloseTo(270 / 3 / 60);
    // The drill-down's rows add up to the figure.
    const drill = await drillDown(db, staff(), { indicator: 'answerHours', dim: 'manager', value: String(county.managers[0]!.managerId), from: '2026-11-30', to: '2026-12-06' }, now);
    expect(drill.map((r) => [r.retailerId, r.numerator, r.denominator])).toEqual([
      [county.retailers[0]!.id, 60, 1],
      [county.retailers[1]!.id, 180, 1],
    ]);
    const byStation = (await monitoringPage(db, staff(), { ...week, dim: 'station' }, now, { refresh: false }))!;
    expect(byStation.rows.find((r) => r.value === String(county.station))!.current.values.answerHours).toBeCloseTo(1.5);
    const stationDrill = await drillDown(db, staff(), { indicator: 'answerHours', dim: 'station', value: String(county.station), from: '2026-11-30', to: '2026-12-06' }, now);
    expect(stationDrill.reduce((n, r) => n + r.numerator, 0) / stationDrill.reduce((n, r) => n + r.denominator, 0) / 60).toBeCloseTo(1.5);

    // Later: a question of that week answered the next week, and shop 1-1 handed to manager 2. The week stays.
    const late = await ask(0, '2026-12-05T01:00:00Z');
    await answerQuestion(db, manager(0), late, '晚了', new Date('2026-12-07T03:00:00Z'));
    await db.updateTable('retailers').set({ managerId: county.managers[1]!.managerId }).where('id', '=', county.retailers[0]!.id).execute();
    const again = await page();
    expect(again.rows.map((r) => [r.value, r.current.values.answerHours])).toEqual(first.rows.map((r) => [r.value, r.current.values.answerHours]));
    await db.updateTable('retailers').set({ managerId: county.managers[0]!.managerId }).where('id', '=', county.retailers[0]!.id).execute();
  });
});
