/** English messages of staff's reminders page; must have exactly the keys of ./notifyStaff.zh-CN.ts. */
import type { notifyStaffZhCN } from './notifyStaff.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const notifyStaffEn = {
  nav: 'Reminders',
  title: 'Order reminders',
  intro: 'Shops that have not ordered are reminded the evening before their order day and two hours before the cut-off (home page, phone notification, text message, as each shop chose). Here: who was reminded in each cycle and whether they then ordered.',
  cycle: 'Cycle',
  show: 'Show',
  summary_one: '{{count}} shop was reminded this cycle; {{ordered}} of them then ordered.',
  summary_other: '{{count}} shops were reminded this cycle; {{ordered}} of them then ordered.',
  none: 'No shop has been reminded in this cycle yet.',
  shop: 'Shop',
  manager: 'Account manager',
  reminders: 'Reminders',
  orderedAfter: 'Then ordered',
  ordered: 'Ordered ({{time}})',
  notOrdered: 'Not ordered',
  kind: { order_eve: 'Evening before', order_cutoff: 'Before cut-off' },
  channel: { in_app: 'Home', push: 'Phone notification', sms: 'Text' },
  status: { queued: 'waiting', sent: 'sent', failed: 'failed', held: 'not sent', expired: 'expired unsent', cancelled: 'cancelled' },
  outbox: {
    title: 'Messages not sent',
    intro: 'Messages whose channel (text messages, phone notifications) is not configured, or whose sending failed, stay here; none is dropped.',
    none: 'None.',
    to: 'To',
    text: 'Text',
    due: 'Due',
    status: 'Status',
  },
  configured: { title: 'Channels', push: 'Phone notifications (Web Push)', sms: 'Text messages ({{provider}})', on: 'configured', off: 'not configured: messages stay in the list below' },
  reason: {
    not_configured: 'channel not configured',
    no_subscription: 'the shop has not turned on phone notifications',
    no_phone: 'no phone number',
    ordered: 'the shop has ordered',
    rejected: 'refused by the provider',
    gone: 'the phone’s subscription has expired',
    error: 'sending failed',
  },
} satisfies Shape<typeof notifyStaffZhCN>;
