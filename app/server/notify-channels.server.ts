/**
 * The ways a notification leaves the app besides home (notifications.server.ts sends through them): Web Push to the
 * installed app, with the `web-push` library and the VAPID keys from the configuration, and SMS through a provider
 * (`SmsProvider`; the one real provider is Tencent Cloud's, sms-tencent.server.ts). A channel that is not configured
 * is null: its messages are held in the outbox for staff to read, never dropped.
 */
import type https from 'node:https';
import webpush from 'web-push';
import { env } from './env.server';
import { tencentSmsFromEnv } from './sms-tencent.server';

/** What came of one send: a reason code the outbox keeps, and whether trying again later may help. */
export type SendOutcome = { ok: true } | { ok: false; reason: 'rejected' | 'gone' | 'error'; retry: boolean; detail?: string };

export interface SmsMessage {
  /** The recipient's mobile number, as kept (11 digits for the mainland). */
  phone: string;
  /** The text key and its parameters in the template's order (a provider with templates sends those)… */
  textKey: string;
  templateParams: string[];
  /** …and the whole text, for a provider that takes free text. */
  text: string;
}

export interface SmsProvider {
  /** Shown to staff, e.g. "腾讯云短信". */
  readonly name: string;
  send(message: SmsMessage): Promise<SendOutcome>;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushSender {
  /** The public VAPID key the browser subscribes with. */
  readonly publicKey: string;
  send(target: PushTarget, payload: { title: string; body: string; url: string }): Promise<SendOutcome>;
}

export interface Channels {
  push: PushSender | null;
  sms: SmsProvider | null;
}

/** Web Push with these VAPID keys (`agent`: for a test's push service with its own certificate). */
export function webPushSender(keys: { publicKey: string; privateKey: string; subject: string }, options: { agent?: https.Agent } = {}): PushSender {
  return {
    publicKey: keys.publicKey,
    async send(target, payload) {
      try {
        await webpush.sendNotification({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(payload), {
          vapidDetails: keys,
          // A reminder is worthless after its cut-off: the push service may drop it after a day.
          TTL: 24 * 3600,
          urgency: 'high',
          timeout: 10_000,
          ...(options.agent ? { agent: options.agent } : {}),
        });
        return { ok: true };
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        // 404/410: the subscription is gone (the app was removed or notifications turned off).
        if (status === 404 || status === 410) return { ok: false, reason: 'gone', retry: false, detail: String(status) };
        if (status && status >= 400 && status < 500 && status !== 429) return { ok: false, reason: 'rejected', retry: false, detail: String(status) };
        return { ok: false, reason: 'error', retry: true, detail: status ? String(status) : (error as Error).message };
      }
    },
  };
}

let cached: Channels | undefined;

/** The channels the configuration gives (docs/operations.md, "Reminders: Web Push and SMS"). */
export function channelsFromEnv(): Channels {
  if (cached) return cached;
  const e = env();
  cached = {
    push: e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY ? webPushSender({ publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT }) : null,
    sms: tencentSmsFromEnv(e),
  };
  return cached;
}

/** The public VAPID key for the browser, or null when Web Push is not configured. */
export function pushPublicKey(): string | null {
  return channelsFromEnv().push?.publicKey ?? null;
}
