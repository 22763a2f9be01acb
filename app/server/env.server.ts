/**
 * The environment, parsed once at start-up. Only what is listed in `publicEnv` may reach the browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  DATABASE_URL: z.string().optional(),
  /** Comma-separated secrets; the first signs new cookies, the others still verify (rotation). */
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(24 * 7),
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key, so one Redis can serve several deployments (or test runs). */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/).default('peihuo'),
  /** Trust X-Forwarded-* from this many proxies in front of the app (0 = none). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Uploaded files are read in worker threads (read-pool.server.ts): how many at once, how many may wait, and
   *  the heap each may use (a 200,000-row file needs ~250 MB) and how long it may take. */
  UPLOAD_READ_THREADS: z.coerce.number().int().min(1).default(1),
  UPLOAD_READ_QUEUE: z.coerce.number().int().min(0).default(8),
  UPLOAD_READ_HEAP_MB: z.coerce.number().int().min(64).default(512),
  UPLOAD_READ_TIMEOUT_S: z.coerce.number().int().min(1).default(120),
  /** Admission control (admission.server.ts): requests served at once and allowed to wait, per lane, before the
   *  excess is answered 503 with Retry-After; with ADMISSION_BURST or more waiting, a work request is also refused
   *  when it would likely wait longer than ADMISSION_MAX_WAIT_MS. The work lane's concurrency by default: 4 on SQLite, twice the pool on PostgreSQL. */
  ADMISSION_CONCURRENCY: z.coerce.number().int().min(0).optional(),
  ADMISSION_QUEUE: z.coerce.number().int().min(0).default(64),
  ADMISSION_BURST: z.coerce.number().int().min(0).default(50),
  ADMISSION_MAX_WAIT_MS: z.coerce.number().int().min(1).default(150),
  ADMISSION_UPLOAD_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  ADMISSION_UPLOAD_QUEUE: z.coerce.number().int().min(0).default(8),
  ADMISSION_RETRY_AFTER_S: z.coerce.number().int().min(1).max(120).default(1),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** The least level of the lines written (log.server.ts): `debug` adds a line per request with its headers
   *  (secrets redacted), `warn` keeps only warnings and errors (no access lines), `silent` none. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** The county's name on the Excel reports' title block (县（区）：…); "全县" / "whole county" when unset. */
  COUNTY_NAME: z.string().trim().max(50).optional(),
  /** Web Push to the installed app (notifications.server.ts): the VAPID key pair (`npx web-push generate-vapid-keys`)
   *  and a contact (mailto: or https:) the push services may reach. Without both keys no push is sent (messages kept). */
  VAPID_PUBLIC_KEY: z.string().trim().min(1).optional(),
  VAPID_PRIVATE_KEY: z.string().trim().min(1).optional(),
  VAPID_SUBJECT: z.string().trim().min(1).default('mailto:admin@example.invalid'),
  /** SMS through Tencent Cloud (sms-tencent.server.ts): API key, SMS app, approved signature and templates
   *  (JSON: text key → template id). Without them no SMS is sent (messages kept in the outbox for staff). */
  TENCENTCLOUD_SECRET_ID: z.string().trim().min(1).optional(),
  TENCENTCLOUD_SECRET_KEY: z.string().trim().min(1).optional(),
  TENCENTCLOUD_SMS_REGION: z.string().trim().min(1).default('ap-guangzhou'),
  TENCENTCLOUD_SMS_SDK_APP_ID: z.string().trim().min(1).optional(),
  TENCENTCLOUD_SMS_SIGN_NAME: z.string().trim().min(1).optional(),
  TENCENTCLOUD_SMS_TEMPLATES: z.string().trim().min(1).optional(),
  /** Another API endpoint (a private network's, or a test's), e.g. `http://127.0.0.1:9000`; the SDK's default otherwise. */
  TENCENTCLOUD_SMS_ENDPOINT: z.string().trim().min(1).optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

/**
 * LOG_LEVEL alone, for the logger made when its module loads: reading the whole environment then would fix it
 * before tests and scripts have set theirs.
 */
export function logLevel(): Env['LOG_LEVEL'] {
  return schema.shape.LOG_LEVEL.parse(process.env.LOG_LEVEL || undefined);
}

/**
 * Session secrets: SESSION_SECRET when set; otherwise a random secret kept in data/.session-secret so a
 * demo restart keeps everyone signed in. It is never sent to the client.
 */
export function sessionSecrets(): string[] {
  const fromEnv = env().SESSION_SECRET;
  if (fromEnv) return fromEnv.split(',').map((s) => s.trim()).filter(Boolean);
  const file = path.resolve('data/.session-secret');
  try {
    return [fs.readFileSync(file, 'utf8').trim()];
  } catch {
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return [secret];
  }
}

/** The allow-list of settings the browser may see. */
export function publicEnv() {
  return { mode: env().NODE_ENV };
}
