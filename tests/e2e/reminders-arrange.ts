/**
 * An order reminder in the app for one shop of the e2e county (issue 16), as the reminder schedule would have queued
 * it (through the outbox's own `notify`): for the cycle the shop orders in now, with no placed order in it, and the
 * shop's reminder settings as a new shop's (quiet hours 21:00–08:00), whatever an earlier run saved.
 */
import { cutoffOf } from '~/domain/cycle';
import { REMINDER_TEXT_KEYS } from '~/domain/notifications';
import { notify } from '~/server/notifications.server';
import { orderingCycle } from '~/server/orders.server';
import { E2E_DATABASE } from './arrange';
import { connect } from '../../db/connect';

export async function orderReminderFor(licenceNo: string): Promise<void> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const shop = await db.selectFrom('retailers').select(['id', 'userId', 'orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const now = new Date();
    const cycle = await orderingCycle(db, shop.orderWeekday, now);
    if (!cycle || shop.userId === null) throw new Error(`${licenceNo} has no cycle or no sign-in`);
    await db.deleteFrom('orders').where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).execute();
    await db.deleteFrom('notifications').where('retailerId', '=', shop.id).execute();
    await db.deleteFrom('notificationSettings').where('userId', '=', shop.userId).execute();
    const cutoffAt = cutoffOf(cycle, shop.orderWeekday);
    await notify(db, [
      {
        userId: shop.userId,
        kind: 'order_cutoff',
        textKey: REMINDER_TEXT_KEYS.order_cutoff,
        params: { cutoffAt },
        dueAt: new Date(now.getTime() - 60_000).toISOString(),
        // Shown until it expires: whatever the weekday, long enough for the test.
        expiresAt: new Date(Math.max(Date.parse(cutoffAt), now.getTime() + 3_600_000)).toISOString(),
        retailerId: shop.id,
        cycleId: cycle.id,
        channels: ['in_app'],
      },
    ]);
  } finally {
    await db.destroy();
  }
}
