/** English messages of the shop's order calendar and reminders; must have exactly the keys of ./notify.zh-CN.ts. */
import type { notifyZhCN } from './notify.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const notifyEn = {
  title: 'Order reminder',
  text: {
    order_eve: 'Your order day is {{orderDay}}; ordering closes at {{cutoffAt}}. You have not ordered this cycle yet.',
    order_cutoff: 'Ordering closes at {{cutoffAt}}, in less than two hours, and you have not ordered this cycle yet.',
    notice_ack: 'Please read the important notice “{{title}}” and tap “I have read this”.',
    notice_read: 'You have a notice you have not read yet: “{{title}}”.',
    unknown: 'You have a new message.',
  },
  home: { title: 'Reminders', order: 'Order now', notice: 'Read the notice', calendar: 'Order calendar and reminders' },
  calendar: {
    title: 'Order calendar',
    intro: 'Order day, cut-off and delivery for this cycle and the next four.',
    thisCycle: 'This cycle',
    expected: 'Expected',
    expectedNote: 'Cycles marked “Expected” are not published by the company yet: their times follow the usual pattern and may change.',
    orderDay: 'Order day',
    cutoff: 'Cut-off',
    delivery: 'Delivery',
    none: 'The company has not planned any order cycle yet.',
    ordered: 'Ordered',
  },
  settings: {
    title: 'Reminder settings',
    intro: 'If you have not ordered, we remind you at 7 pm the evening before your order day and two hours before the cut-off. Reminders always show on your home page; you can also have phone notifications and text messages.',
    inApp: 'On the home page (always on)',
    push: 'Phone notifications',
    sms: 'Text messages',
    smsTo: 'to {{phone}}',
    quiet: 'Quiet hours (no phone notifications or texts then; they are sent when the quiet hours end)',
    quietOn: 'Use quiet hours',
    quietFrom: 'From',
    quietTo: 'To',
    save: 'Save reminder settings',
    saved: 'Reminder settings saved.',
    pushEnable: 'Turn on phone notifications on this phone',
    pushEnabled: 'Phone notifications are on for this phone.',
    pushDisable: 'Turn off phone notifications on this phone',
    pushUnsupported: 'This browser cannot receive notifications. Open the app in your phone’s browser and “Add to home screen”, then try again.',
    pushDenied: 'Notifications were refused. Allow notifications for this app in your phone’s settings.',
    pushNotConfigured: 'Phone notifications are not available yet; reminders show on your home page.',
    pushFailed: 'Phone notifications could not be turned on. Please try again later.',
  },
  errors: {
    quietFrom: 'Quiet hours start: enter a time from 00:00 to 23:59.',
    quietTo: 'Quiet hours end: enter a time from 00:00 to 23:59.',
    subscription: 'The phone’s notification details were not valid. Please turn notifications on again.',
  },
} satisfies Shape<typeof notifyZhCN>;
