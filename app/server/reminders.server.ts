/**
 * The shop's order calendar and its order reminders (issue 16, "Reminders and trust").
 * - `shopCalendar`: this cycle and the next four for the shop (app/domain/shop/calendar.ts), with its settings.
 * - `queueDueReminders`: called by the jobs runner about once a minute (its `schedule`). For each open cycle and
 *   order weekday whose reminder is due now (app/domain/notifications.ts: the evening before the order day, two
 *   hours before the cut-off), every active online shop of that weekday without a placed order gets one through the
 *   outbox (notifications.server.ts), queued once (its dedupe key: kind, cycle, shop). Then, when any message is due,
 *   the 'notifications' job that sends them.
 * - `reminderReport`: staff (a manager: its route) see who was reminded in a cycle and whether they then ordered.
 */
import { enqueueJob } from '../../db/jobs';
import { cutoffOf, orderDayOf, pickOrderingCycle } from '~/domain/cycle';
import { REMINDER_TEXT_KEYS, reminderDue, type NotificationChannel, type NotificationStatus, type ReminderKind } from '~/domain/notifications';
import { CALENDAR_CYCLES, orderCalendar } from '~/domain/shop/calendar';
import { addDays, shanghaiDayOf } from '~/domain/time';
import type { DB } from './db.server';
import { notificationsDue, notify, pushEndpointsOf, settingsOf } from './notifications.server';
import { channelsFromEnv } from './notify-channels.server';
import { PLACED_STATUSES } from './orders.server';
import { retailerInScope, type ScopeUser } from './scope.server';

// ------------------------------------------------------------------ the calendar page

/** The shop's calendar and reminder settings; null when the user is not a shop. */
export async function shopCalendar(db: DB, user: ScopeUser, retailerId: number, now = new Date()) {
  const retailer = await db
    .selectFrom('retailers')
    .select(['id', 'orderWeekday', 'phone'])
    .where('id', '=', retailerId)
    .where(retailerInScope(user, 'retailers.id'))
    .executeTakeFirst();
  if (!retailer) return null;
  const today = shanghaiDayOf(now);
  const cycles = await db
    .selectFrom('orderCycles')
    .select(['id', 'code', 'startsOn', 'endsOn', 'opensAt', 'cutoffLocalTime', 'leadDays', 'status'])
    .where('endsOn', '>=', addDays(today, -7))
    .where('startsOn', '<=', addDays(today, 7 * (CALENDAR_CYCLES + 1)))
    .orderBy('startsOn')
    .execute();
  const windows = cycles.map((c) => ({ ...c, startsOn: String(c.startsOn), endsOn: String(c.endsOn) }));
  const current = pickOrderingCycle(windows, retailer.orderWeekday, now);
  // A cycle already past (the latest, for reading) does not start the calendar: this week does.
  const startsFrom = current && current.endsOn >= today ? current.startsOn : null;
  const entries = orderCalendar(windows, retailer.orderWeekday, startsFrom, today);
  const ids = windows.filter((c) => entries.some((e) => e.startsOn === c.startsOn)).map((c) => ({ id: c.id, startsOn: c.startsOn }));
  const placed = ids.length
    ? await db
        .selectFrom('orders')
        .select('cycleId')
        .where('retailerId', '=', retailer.id)
        .where(retailerInScope(user, 'orders.retailerId'))
        .where('cycleId', 'in', ids.map((c) => c.id))
        .where('status', 'in', PLACED_STATUSES)
        .execute()
    : [];
  const orderedWeeks = new Set(ids.filter((c) => placed.some((p) => p.cycleId === c.id)).map((c) => c.startsOn));
  const [settings, endpoints] = await Promise.all([settingsOf(db, [user.userId]), pushEndpointsOf(db, user)]);
  const s = settings.get(user.userId)!;
  return {
    calendar: entries.map((e) => ({ ...e, ordered: orderedWeeks.has(e.startsOn) })),
    settings: { push: s.push, sms: s.sms, quietFrom: s.quiet?.from ?? null, quietTo: s.quiet?.to ?? null },
    phone: retailer.phone,
    pushKey: channelsFromEnv().push?.publicKey ?? null,
    pushEndpoints: endpoints,
  };
}

// ------------------------------------------------------------------ queuing reminders

/**
 * Queues the order reminders due now; returns how many shops were reminded. Cheap when none is due: one read of
 * the open cycles; a due weekday reads its shops not yet ordered and not yet reminded.
 */
export async function planReminders(db: DB, now = new Date()): Promise<number> {
  const today = shanghaiDayOf(now);
  const cycles = await db
    .selectFrom('orderCycles')
    .select(['id', 'startsOn', 'cutoffLocalTime'])
    .where('status', '=', 'open')
    .where('endsOn', '>=', addDays(today, -1))
    .where('startsOn', '<=', addDays(today, 8))
    .execute();
  let reminded = 0;
  for (const cycle of cycles) {
    const window = { startsOn: String(cycle.startsOn), cutoffLocalTime: cycle.cutoffLocalTime };
    for (let weekday = 1; weekday <= 7; weekday++) {
      const due = reminderDue(window, weekday, now);
      if (!due) continue;
      const shops = await db
        .selectFrom('retailers')
        .select(['retailers.id', 'retailers.userId'])
        .where('retailers.orderWeekday', '=', weekday)
        .where('retailers.active', '=', 1)
        .where('retailers.isOnline', '=', 1)
        .where('retailers.userId', 'is not', null)
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('orders').select('orders.id').whereRef('orders.retailerId', '=', 'retailers.id').where('orders.cycleId', '=', cycle.id).where('orders.status', 'in', PLACED_STATUSES))),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('notifications')
                .select('notifications.id')
                .whereRef('notifications.retailerId', '=', 'retailers.id')
                .where('notifications.cycleId', '=', cycle.id)
                .where('notifications.kind', '=', due.kind),
            ),
          ),
        )
        .execute();
      if (!shops.length) continue;
      const cutoffAt = cutoffOf(window, weekday);
      const orderDay = orderDayOf(window, weekday);
      const params: Record<string, string> = due.kind === 'order_eve' ? { orderDay, cutoffAt } : { cutoffAt };
      await notify(
        db,
        shops.map((s) => ({
          userId: s.userId!,
          kind: due.kind,
          textKey: REMINDER_TEXT_KEYS[due.kind],
          params,
          dueAt: due.at,
          // Worth sending until the cut-off: a phone off overnight still gets the evening one after quiet hours.
          expiresAt: cutoffAt,
          retailerId: s.id,
          cycleId: cycle.id,
          dedupeKey: `${due.kind}:${cycle.id}:${s.id}`,
        })),
        now,
      );
      reminded += shops.length;
    }
  }
  return reminded;
}

/** The runner's schedule for notifications: reminders due now, then the sending job when anything is due. */
export async function queueDueReminders(db: DB, now = new Date()): Promise<void> {
  await planReminders(db, now);
  if (await notificationsDue(db, now)) await enqueueJob(db, { kind: 'notifications', payload: {}, requestedByUserId: null, now });
}

// ------------------------------------------------------------------ staff: who was reminded, did they order

export interface ReminderRow {
  retailerId: number;
  shopName: string;
  licenceNo: string;
  managerName: string;
  firstAt: string;
  reminders: Array<{ kind: ReminderKind; channel: NotificationChannel; status: NotificationStatus; error: string | null; dueAt: string }>;
  /** When the shop then placed its order (submitted), or null. */
  orderedAt: string | null;
}

/** The cycles with reminders (newest first) and, for one of them (default the newest), who was reminded. */
export async function reminderReport(db: DB, user: ScopeUser, cycleId?: number) {
  if (user.role === 'retailer') return null;
  const cycles = await db
    .selectFrom('orderCycles')
    .select(['id', 'code', 'startsOn'])
    .where((eb) => eb.exists(eb.selectFrom('notifications').select('notifications.id').whereRef('notifications.cycleId', '=', 'orderCycles.id').where('notifications.kind', 'in', ['order_eve', 'order_cutoff'])))
    .orderBy('startsOn', 'desc')
    .limit(26)
    .execute();
  const chosen = cycleId === undefined ? cycles[0] : cycles.find((c) => c.id === cycleId);
  if (!chosen) return { cycles, cycle: null, rows: [] as ReminderRow[], ordered: 0 };
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('retailers', 'retailers.id', 'notifications.retailerId')
    .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
    .leftJoin('orders', (join) => join.onRef('orders.retailerId', '=', 'retailers.id').on('orders.cycleId', '=', chosen.id).on('orders.status', 'in', PLACED_STATUSES))
    .select([
      'notifications.retailerId',
      'retailers.name as shopName',
      'retailers.licenceNo',
      'accountManagers.name as managerName',
      'notifications.kind',
      'notifications.channel',
      'notifications.status',
      'notifications.error',
      'notifications.dueAt',
      'orders.submittedAt',
    ])
    .where('notifications.cycleId', '=', chosen.id)
    .where('notifications.kind', 'in', ['order_eve', 'order_cutoff'])
    .where(retailerInScope(user, 'notifications.retailerId'))
    .orderBy('retailers.name')
    .orderBy('notifications.dueAt')
    .execute();
  const byShop = new Map<number, ReminderRow>();
  for (const r of rows) {
    const id = r.retailerId!;
    const shop = byShop.get(id) ?? { retailerId: id, shopName: r.shopName, licenceNo: r.licenceNo, managerName: r.managerName, firstAt: r.dueAt, reminders: [], orderedAt: r.submittedAt ?? null };
    if (r.dueAt < shop.firstAt) shop.firstAt = r.dueAt;
    shop.reminders.push({ kind: r.kind as ReminderKind, channel: r.channel, status: r.status, error: r.error, dueAt: r.dueAt });
    byShop.set(id, shop);
  }
  const list = [...byShop.values()];
  return { cycles, cycle: chosen, rows: list, ordered: list.filter((r) => r.orderedAt !== null).length };
}
