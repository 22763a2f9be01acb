/**
 * The shop's calendar page's forms (retailer.calendar.tsx): its reminder settings, and this phone's Web Push
 * subscription turned on or off (posted by the page's script with what the browser's PushManager gave).
 */
import { z } from 'zod';
import { isLocalTime } from '../notifications';

const flag = z
  .enum(['on'])
  .optional()
  .transform((v) => v === 'on');
const localTime = (code: string) => z.string().trim().refine(isLocalTime, code).optional();

export const remindersForm = z.discriminatedUnion('intent', [
  z
    .object({
      intent: z.literal('settings'),
      push: flag,
      sms: flag,
      quiet: flag,
      quietFrom: localTime('quietFrom'),
      quietTo: localTime('quietTo'),
    })
    .superRefine((v, ctx) => {
      if (!v.quiet) return;
      if (!v.quietFrom) ctx.addIssue({ code: 'custom', path: ['quietFrom'], message: 'quietFrom' });
      if (!v.quietTo) ctx.addIssue({ code: 'custom', path: ['quietTo'], message: 'quietTo' });
    }),
  z.object({
    intent: z.literal('push-subscribe'),
    // A push service's URL (https only) and the subscription's keys (base64url).
    endpoint: z.url({ protocol: /^https$/, message: 'subscription' }).max(2_000, 'subscription'),
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{20,200}={0,2}$/, 'subscription'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{8,100}={0,2}$/, 'subscription'),
  }),
  z.object({ intent: z.literal('push-unsubscribe'), endpoint: z.string().max(2_000, 'subscription') }),
]);

/** Staff's reminders page: the cycle shown (a bad value shows the newest). */
export const remindersSearch = z.object({
  cycle: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});
