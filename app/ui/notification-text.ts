/**
 * A notification's text in a language, from its text key and parameters (the outbox keeps those, not the text):
 * shown on the shop's home and staff's outbox, and rendered by the sender for Web Push and SMS
 * (app/server/notifications.server.ts). Parameters named `…At` are instants and `…Day` days, shown as the pages
 * show them (Asia/Shanghai).
 */
import type { TFunction } from 'i18next';
import { formatDateTime, formatDay } from './format';

/** Each parameter as shown: instants and days formatted, anything else as it is. */
export function notificationParams(params: Record<string, unknown>, t: TFunction<'common'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const v = String(value);
    out[name] = name.endsWith('At') && !Number.isNaN(Date.parse(v)) ? formatDateTime(v) : name.endsWith('Day') && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDay(v, t) : v;
  }
  return out;
}

export function notificationText(textKey: string, params: Record<string, unknown>, t: TFunction<'common'>): string {
  const p = notificationParams(params, t);
  switch (textKey) {
    case 'notify.text.order_eve':
      return t('notify.text.order_eve', { orderDay: p.orderDay ?? '', cutoffAt: p.cutoffAt ?? '' });
    case 'notify.text.order_cutoff':
      return t('notify.text.order_cutoff', { cutoffAt: p.cutoffAt ?? '' });
    case 'notify.text.notice_ack':
      return t('notify.text.notice_ack', { title: p.title ?? '' });
    case 'notify.text.notice_read':
      return t('notify.text.notice_read', { title: p.title ?? '' });
    default:
      return t('notify.text.unknown');
  }
}
