/**
 * The one logger (pino): one JSON line per event, the same shape from server.js and from app code —
 * `{"level":"info","time":"<ISO>","requestId":"…","message":"…",…fields}` — info and below on stdout, warnings and
 * errors on stderr, at the level LOG_LEVEL sets (env.server.ts; `info` by default).
 *
 * Every request gets an id (requestLogging(), which server.js mounts first: the caller's X-Request-Id when it is a
 * sane token, else a UUID; echoed in the response) and one access line when it ends (pino-http). While it is served,
 * its child logger — the id bound into it — sits in an AsyncLocalStorage context, so a line logged anywhere below
 * (a route, a server module) carries the id without being handed anything. Admission control binds the route to
 * the request's async context, so a request that waited for a slot keeps its own id.
 *
 * Secrets never reach a line: values under the keys in SECRET_KEYS (cookies, authorization headers, passwords, API
 * tokens, session ids), at the top of a line's fields or one or two levels down, are written `[redacted]`, and a
 * `url` field's query values with such names too.
 *
 * server.js is plain JavaScript around the Remix build, which bundles this module: it takes everything here through
 * `build.entry.module` (see entry.server.tsx), so there is one logger and one request context per process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { logLevel } from './env.server';

/** Field names whose values are never written. Header names as Node gives them (lower case). */
export const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'apiToken',
  'accessToken',
  'refreshToken',
  'secret',
  'sessionSecret',
  'sessionId',
  'databaseUrl',
  'cookie',
  'set-cookie',
  'authorization',
  'proxy-authorization',
  'x-api-key',
] as const;

export const REDACTED = '[redacted]';

/** pino's redact paths for SECRET_KEYS: the key itself, and under any one or two levels (`req.headers.cookie`). */
function redactPaths(): string[] {
  return SECRET_KEYS.flatMap((key) => {
    const plain = /^[A-Za-z_$][\w$]*$/.test(key);
    const leaf = plain ? key : `["${key}"]`;
    const below = plain ? `.${key}` : leaf;
    return [leaf, `*${below}`, `*.*${below}`];
  });
}

const secretParams = new Set<string>(SECRET_KEYS.map((k) => k.toLowerCase()));

/** A URL with the values of secret-named query parameters replaced (`?token=…` → `?token=[redacted]`). */
export function safeUrl(url: unknown): unknown {
  if (typeof url !== 'string' || !url.includes('?')) return url;
  const [base, query] = [url.slice(0, url.indexOf('?')), url.slice(url.indexOf('?') + 1)];
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = decodeURIComponentSafe(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    return eq >= 0 && secretParams.has(name) ? `${part.slice(0, eq)}=${REDACTED}` : part;
  });
  return `${base}?${parts.join('&')}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A logger writing this module's line format to `destination` (tests hand in their own; the app's writes info and
 * below to stdout, warnings and errors to stderr).
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const destination =
    options.destination ??
    pino.multistream(
      [
        { level: 'trace', stream: process.stdout },
        { level: 'warn', stream: process.stderr },
      ],
      { dedupe: true },
    );
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err, url: safeUrl },
      redact: { paths: redactPaths(), censor: REDACTED },
    },
    destination,
  );
}

/** The process's logger, outside any request. */
export const rootLogger: Logger = createLogger({ level: logLevel() });

interface RequestContext {
  requestId: string;
  log: Logger;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/** The logger for the code running now: the request's (its id on every line) while one is served, else the root. */
export function logger(): Logger {
  return requestContext.getStore()?.log ?? rootLogger;
}

/** The id of the request being served, when there is one. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

type Fields = Record<string, unknown>;

/** `fields.message`, when given, is the line's message (a field of that name would be written twice). */
function write(level: Level, message: string, fields: Fields) {
  const log = logger();
  if (!log.isLevelEnabled(level)) return;
  const { message: override, ...rest } = fields;
  log[level](rest, typeof override === 'string' ? override : message);
}

export function logDebug(message: string, fields: Fields = {}) {
  write('debug', message, fields);
}

export function logInfo(message: string, fields: Fields = {}) {
  write('info', message, fields);
}

export function logWarn(message: string, fields: Fields = {}) {
  write('warn', message, fields);
}

/** An Error as `err` (type, message, stack, cause) with its message as the line's; anything else described. */
export function logError(error: unknown, fields: Fields = {}) {
  if (error instanceof Error) write('error', error.message, { err: error, ...fields });
  else write('error', describeError(error).message, fields);
}

/** Like logError, for what ends the process. */
export function logFatal(error: unknown, fields: Fields = {}) {
  if (error instanceof Error) write('fatal', error.message, { err: error, ...fields });
  else write('fatal', describeError(error).message, fields);
}

const MAX_DESCRIBED_LENGTH = 2000;

/** An Error's message and stack; anything else thrown as JSON (never "[object Object]"), kept short. */
export function describeError(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  if (typeof error === 'string') return { message: error };
  if (error === null || typeof error !== 'object') return { message: String(error) };
  let text: string | undefined;
  try {
    text = JSON.stringify(error);
  } catch {
    // circular, or holding a BigInt: its kind and keys are what can be said
  }
  text ??= `${(error as { constructor?: { name?: string } }).constructor?.name || 'Object'} with keys ${Object.keys(error).join(', ')}`;
  return { message: text.length > MAX_DESCRIBED_LENGTH ? `${text.slice(0, MAX_DESCRIBED_LENGTH)}…` : text };
}

/** What Express adds to a request, as far as the log reads it. */
type Request = IncomingMessage & { ip?: string; originalUrl?: string };
type Next = (error?: unknown) => void;

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id (a proxy's) when it is a sane token, else undefined. */
export function offeredRequestId(offered: string | string[] | undefined): string | undefined {
  return typeof offered === 'string' && SANE_REQUEST_ID.test(offered) ? offered : undefined;
}

/** A 503 with Retry-After is admission control saying this instance is full: expected under load, not a fault. */
function isShed(res: ServerResponse): boolean {
  return res.statusCode === 503 && res.getHeader('retry-after') !== undefined;
}

/** The path as asked (Express's static middleware mounted at /assets rewrites req.url, not originalUrl). */
function pathOf(req: Request): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function accessFields(req: Request, res: ServerResponse, ms: number): Fields {
  const fields: Fields = { method: req.method, path: pathOf(req), status: res.statusCode, ms, ip: req.ip ?? req.socket.remoteAddress };
  // Ended by the 'close' of a response never finished: the client went away.
  if (!res.writableFinished) fields.aborted = true;
  return fields;
}

/**
 * The first middleware of server.js: gives the request its id (X-Request-Id in the response), writes its access
 * line when it ends — `message: "request"`, method, path, status, ms, ip; level warn for a shed 503, error for
 * another 5xx — and runs everything after it in the request's log context. At LOG_LEVEL=debug a `request
 * received` line also gives the method, URL and headers (secrets redacted).
 */
export function requestLogging(log: Logger = rootLogger) {
  const http = pinoHttp<Request, ServerResponse>({
    logger: log,
    wrapSerializers: false,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // pino-http binds the raw request into a logger it makes for every request even when quiet (unused here): left
    // unserialized it would be walked by the redaction, getters and all. The access line says what it needs.
    serializers: { req: () => undefined },
    genReqId(req, res) {
      const offered = req.headers['x-request-id'];
      const id = offeredRequestId(offered) ?? crypto.randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (isShed(res) ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, value: { responseTime: number }) => accessFields(req, res, value.responseTime),
    customErrorObject: (req, res, error, value: { responseTime: number }) => {
      const fields = accessFields(req, res, value.responseTime);
      // pino-http makes an Error of a 5xx status by itself; only a real one (the response failed) is worth its stack.
      return error.message === `failed with status code ${res.statusCode}` ? fields : { ...fields, err: error };
    },
  });
  return (req: Request, res: ServerResponse, next: Next) => {
    http(req, res, () => {
      const requestLog = req.log;
      if (requestLog.isLevelEnabled('debug')) requestLog.debug({ method: req.method, url: req.originalUrl ?? req.url, headers: req.headers }, 'request received');
      // genReqId above made it a string; pino-http types it string | number | object.
      requestContext.run({ requestId: typeof req.id === 'string' ? req.id : JSON.stringify(req.id), log: requestLog }, next);
    });
  };
}
