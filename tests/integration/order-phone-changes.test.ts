/**
 * Changes kept on the shop's phone and sent when the link is back (app/server/order-changes.server.ts, POST
 * /resources/order-outbox): sent again after a lost answer they write nothing twice; a change made on an order
 * that was changed elsewhere meanwhile is refused with what the order holds now; a change for a cycle whose
 * cut-off passed while the phone was away is refused, but a submit the server had accepted before the cut-off is
 * answered as done; a change kept under another shop's sign-in is never written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlePhoneChange, type PhoneChangeAnswer } from '~/server/order-actions.server';
import { orderingContext, saveCart, submitOrder } from '~/server/orders.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('order changes kept on the phone', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fx: Awaited<ReturnType<typeof orderingFixture>>;
  const asShop = (i: number) => ({ userId: county.retailers[i]!.userId, role: 'retailer' as const });
  const shopId = (i: number) => county.retailers[i]!.id;
  const at = (minutes: number) => new Date(MONDAY.open.getTime() + minutes * 60_000);

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fx = await orderingFixture(t.db);
  });
  afterAll(() => t?.close());

  const versionOf = async (i: number, now = MONDAY.open): Promise<string | null> => {
    const ctx = (await orderingContext(t.db, asShop(i), shopId(i), now))!;
    return ctx.cycle ? ctx.version : null;
  };
  const orderRow = (i: number) => t.db.selectFrom('orders').selectAll().where('retailerId', '=', shopId(i)).executeTakeFirst();
  const eventsOf = async (i: number) =>
    (await t.db.selectFrom('orderEvents').innerJoin('orders', 'orders.id', 'orderEvents.orderId').select('orderEvents.kind').where('orders.retailerId', '=', shopId(i)).orderBy('orderEvents.id').execute()).map(
      (e) => e.kind,
    );

  it('a change sent again after its answer was lost is answered as done and writes nothing', async () => {
    const guard = { cycleId: fx.cycleId, baseVersion: await versionOf(0) };
    expect(guard.baseVersion).toBeNull();
    const lines = [{ specId: fx.specs.plain, qtyCartons: 3 }];
    const first = await saveCart(t.db, asShop(0), shopId(0), lines, at(1), guard);
    expect(first).toMatchObject({ ok: true, status: 'draft' });
    const saved = await orderRow(0);

    // The phone never heard back: it sends the same change, made on the same version, again.
    const again = await saveCart(t.db, asShop(0), shopId(0), lines, at(2), guard);
    expect(again).toEqual(first);
    expect(await orderRow(0)).toEqual(saved);

    // Then the submit that followed it on the phone, and that one again too.
    const submitGuard = { cycleId: fx.cycleId, baseVersion: first.ok ? first.version! : null };
    const submitted = await submitOrder(t.db, asShop(0), shopId(0), lines, at(3), submitGuard);
    expect(submitted).toMatchObject({ ok: true, status: 'submitted' });
    const replayed = await submitOrder(t.db, asShop(0), shopId(0), lines, at(4), submitGuard);
    expect(replayed).toEqual(submitted);
    expect(await eventsOf(0)).toEqual(['submitted']);
    expect((await orderRow(0))?.submittedAt).toBe(at(3).toISOString());
    // The page's copy of the order carries the version the server answered.
    expect(await versionOf(0, at(5))).toBe(submitted.ok ? submitted.version : undefined);
  });

  it('a change made on an order that was changed elsewhere meanwhile is refused with the order as it is now', async () => {
    const manager = county.managers.find((m) => m.managerId === county.retailers[2]!.managerId)!;
    const phoneBase = await versionOf(2);
    // While the phone is away, the account manager orders on the shop's behalf.
    expect((await submitOrder(t.db, { userId: manager.userId, role: 'manager' }, shopId(2), [{ specId: fx.specs.plain, qtyCartons: 5 }], at(1))).ok).toBe(true);
    const before = await orderRow(2);

    const refused = await submitOrder(t.db, asShop(2), shopId(2), [{ specId: fx.specs.plain, qtyCartons: 2 }], at(2), { cycleId: fx.cycleId, baseVersion: phoneBase });
    expect(refused).toMatchObject({ ok: false, reason: 'changed_elsewhere', status: 'submitted', cart: [{ specId: fx.specs.plain, qtyCartons: 5 }] });
    expect(await orderRow(2)).toEqual(before);

    // The owner chooses to send the phone's order after all: made on the version the refusal named, it goes.
    const mine = await submitOrder(t.db, asShop(2), shopId(2), [{ specId: fx.specs.plain, qtyCartons: 2 }], at(3), {
      cycleId: fx.cycleId,
      baseVersion: refused.ok === false && refused.reason === 'changed_elsewhere' ? refused.version : null,
    });
    expect(mine).toMatchObject({ ok: true, status: 'submitted' });
    expect(await eventsOf(2)).toEqual(['submitted', 'changed']);
  });

  it('after the cut-off a change made before it is refused, but a submit the server already took is answered as done', async () => {
    // Shop 3 orders on Tuesday; shop 1 on Tuesday too (grade 10): both have a window until Tuesday 17:00.
    const tuesdayAfterCutoff = new Date('2026-11-24T09:00:01.000Z');
    const lines = [{ specId: fx.specs.plain, qtyCartons: 1 }];
    const submitted = await submitOrder(t.db, asShop(3), shopId(3), lines, at(1), { cycleId: fx.cycleId, baseVersion: await versionOf(3) });
    expect(submitted.ok).toBe(true);
    // Its answer was lost; the phone sends it again after the cut-off.
    const late = await submitOrder(t.db, asShop(3), shopId(3), lines, tuesdayAfterCutoff, { cycleId: fx.cycleId, baseVersion: null });
    expect(late).toEqual(submitted);

    // Shop 1 queued its submit offline and the link came back after the cut-off: refused, nothing written.
    const refused = await submitOrder(t.db, asShop(1), shopId(1), lines, tuesdayAfterCutoff, { cycleId: fx.cycleId, baseVersion: await versionOf(1) });
    expect(refused).toEqual({ ok: false, reason: 'window_closed' });
    expect(await orderRow(1)).toBeUndefined();
  });

  it('a change for a cycle that is no longer the one being ordered is refused as closed', async () => {
    const refused = await saveCart(t.db, asShop(1), shopId(1), [{ specId: fx.specs.plain, qtyCartons: 1 }], at(1), { cycleId: fx.cycleId + 1000, baseVersion: null });
    expect(refused).toEqual({ ok: false, reason: 'window_closed' });
    expect(await orderRow(1)).toBeUndefined();
  });

  it('the endpoint answers JSON and never writes a change kept under another shop’s sign-in', async () => {
    const send = (body: unknown, i: number) =>
      handlePhoneChange(t.db, new Request('http://localhost/resources/order-outbox', { method: 'POST', body: JSON.stringify(body) }), asShop(i), shopId(i), at(10));
    const change = { changeId: 'abcdefgh12', intent: 'save', cycleId: fx.cycleId, baseVersion: null, lines: [{ specId: fx.specs.plain, qtyCartons: 2 }] };

    const foreign = await send({ ...change, retailerId: shopId(0) }, 1);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ ok: false, reason: 'not_found', changeId: 'abcdefgh12' });
    expect(await orderRow(1)).toBeUndefined();

    const own = await send({ ...change, retailerId: shopId(1) }, 1);
    expect(own.status).toBe(200);
    expect(own.headers.get('Content-Type')).toContain('application/json');
    const answer = (await own.json()) as PhoneChangeAnswer;
    expect(answer).toMatchObject({ ok: true, status: 'draft', changeId: 'abcdefgh12', now: at(10).toISOString() });

    const garbage = await send({ intent: 'submit' }, 1);
    expect(garbage.status).toBe(400);
  });
});
