/**
 * Notifications (issue 16, "Reminders and trust"): the outbox's vocabulary, the shop's order reminders and quiet
 * hours. Pure; the outbox itself is app/server/notifications.server.ts (docs/developer-guide.md, "A notification").
 *
 * - A message goes out on each channel its recipient takes: always in the app (shown on home), and Web Push to the
 *   installed app and SMS when the recipient has them on. Web Push and SMS wait for the end of quiet hours; the app
 *   makes no sound and shows a message at once.
 * - Order reminders, for a shop that has not placed its order in a cycle: the evening before its order day
 *   (ORDER_EVE_LOCAL_TIME) and CUTOFF_REMINDER_HOURS before its cut-off. Each expires at the cut-off, and one whose
 *   shop has placed its order by the time it is sent is cancelled.
 */
import { cutoffOf, orderDayOf, type CycleWindow } from './cycle';
import { addDays, shanghaiDayOf, shanghaiToInstant } from './time';

export const NOTIFICATION_CHANNELS = ['in_app', 'push', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** queued → sent | failed; held: its channel is not configured (kept, staff read it); expired; cancelled. */
export const NOTIFICATION_STATUSES = ['queued', 'sent', 'failed', 'held', 'expired', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The order reminders: the evening before the order day, and before the cut-off. */
export const REMINDER_KINDS = ['order_eve', 'order_cutoff'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export function isReminderKind(kind: string): kind is ReminderKind {
  return (REMINDER_KINDS as readonly string[]).includes(kind);
}

/** Each reminder's text key (area `notify`, both languages). */
export const REMINDER_TEXT_KEYS: Record<ReminderKind, string> = {
  order_eve: 'notify.text.order_eve',
  order_cutoff: 'notify.text.order_cutoff',
};

/**
 * The parameters of each text key, in the order an SMS template takes them (a provider such as Tencent Cloud sends
 * an approved template with its parameters, not free text; docs/operations.md lists the templates to register).
 */
export const TEXT_PARAMS: Record<string, readonly string[]> = {
  'notify.text.order_eve': ['orderDay', 'cutoffAt'],
  'notify.text.order_cutoff': ['cutoffAt'],
  'notify.text.notice_ack': ['shortTitle'],
  'notify.text.notice_read': ['shortTitle'],
};

/**
 * A reminder of a notice the shop has not acknowledged (an important one) or read (issue 19, a chase from the
 * notice's status page). Its parameters carry `noticeId`; one whose shop has done it by the time it is sent is
 * cancelled.
 */
export const NOTICE_REMINDER_KIND = 'notice_reminder';
export const NOTICE_REMINDER_TEXT_KEYS = { important: 'notify.text.notice_ack', plain: 'notify.text.notice_read' } as const;
/** An SMS template's parameter has a length limit: a notice's title goes into one cut to this many characters. */
export const SMS_TITLE_MAX_CHARS = 12;

/** A notice reminder's parameters: the notice, its title (in the app and Web Push) and the title cut for SMS. */
export function noticeReminderParams(noticeId: number, title: string): { noticeId: number; title: string; shortTitle: string } {
  const chars = Array.from(title.trim());
  const shortTitle = chars.length > SMS_TITLE_MAX_CHARS ? `${chars.slice(0, SMS_TITLE_MAX_CHARS - 1).join('')}…` : chars.join('');
  return { noticeId, title, shortTitle };
}

/** Local time of the evening reminder, on the day before the order day. */
export const ORDER_EVE_LOCAL_TIME = '19:00:00';
export const CUTOFF_REMINDER_HOURS = 2;

export interface ReminderMoment {
  kind: ReminderKind;
  /** When it is due, and until when it may be sent (the evening one until the order day begins). */
  at: string;
  until: string;
}

/** A shop's two reminders in a cycle, from its order weekday. */
export function reminderMoments(cycle: Pick<CycleWindow, 'startsOn' | 'cutoffLocalTime'>, orderWeekday: number): ReminderMoment[] {
  const orderDay = orderDayOf(cycle, orderWeekday);
  const cutoff = cutoffOf(cycle, orderWeekday);
  return [
    // "Tomorrow is your order day" is true only until the day begins.
    { kind: 'order_eve', at: shanghaiToInstant(addDays(orderDay, -1), ORDER_EVE_LOCAL_TIME), until: shanghaiToInstant(orderDay) },
    { kind: 'order_cutoff', at: new Date(Date.parse(cutoff) - CUTOFF_REMINDER_HOURS * 3_600_000).toISOString(), until: cutoff },
  ];
}

/** The reminder to queue now, if any: the latest one due whose time is not over (a late start queues only that one). */
export function reminderDue(cycle: Pick<CycleWindow, 'startsOn' | 'cutoffLocalTime'>, orderWeekday: number, now: Date): ReminderMoment | null {
  const t = now.getTime();
  const due = reminderMoments(cycle, orderWeekday).filter((m) => Date.parse(m.at) <= t);
  const last = due.at(-1);
  return last && t < Date.parse(last.until) ? last : null;
}

// ------------------------------------------------------------------ quiet hours

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalTime(value: string): boolean {
  return HHMM.test(value);
}

export interface QuietHours {
  /** Local 'HH:MM'; `from` after `to` runs over midnight; equal = none. */
  from: string;
  to: string;
}

/** Defaults for a user who has chosen nothing: in the app and Web Push, SMS, quiet from 21:00 to 08:00. */
export const DEFAULT_SETTINGS = { push: true, sms: true, quiet: { from: '21:00', to: '08:00' } as QuietHours | null };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a local minute of the day (0–1439) falls in the quiet hours ([from, to)). */
function isQuietMinute(minute: number, quiet: QuietHours): boolean {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** When a message due at `dueAt` may make a sound: at once, or when the quiet hours it falls in end. */
export function afterQuietHours(dueAt: Date, quiet: QuietHours | null): Date {
  if (!quiet) return dueAt;
  const local = new Date(dueAt.getTime() + 8 * 3_600_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  if (!isQuietMinute(minute, quiet)) return dueAt;
  const day = shanghaiDayOf(dueAt);
  const endToday = Date.parse(shanghaiToInstant(day, `${quiet.to}:00`));
  const end = endToday > dueAt.getTime() ? endToday : Date.parse(shanghaiToInstant(addDays(day, 1), `${quiet.to}:00`));
  return new Date(end);
}
