/**
 * One JSON line per event on stdout (info, warn to stderr), so logs can be shipped and searched. Every line
 * written while a request is being served carries that request's id: server.js opens a request context
 * (X-Request-Id, honoured or generated) and code anywhere below reads it from here.
 *
 * The context store is kept on globalThis under a registered symbol because server.js (plain JavaScript)
 * and the Remix server build (which bundles this module) must share one AsyncLocalStorage instance.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
}

const STORE_KEY = Symbol.for('peihuo.requestContext');
const globalStore = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;

export function requestContextStore(): AsyncLocalStorage<RequestContext> {
  globalStore[STORE_KEY] ??= new AsyncLocalStorage<RequestContext>();
  return globalStore[STORE_KEY];
}

/** The id of the request being served, when there is one. */
export function currentRequestId(): string | undefined {
  return requestContextStore().getStore()?.requestId;
}

type Level = 'info' | 'warn' | 'error';

function write(level: Level, fields: Record<string, unknown>) {
  const requestId = currentRequestId();
  const line = JSON.stringify({ level, time: new Date().toISOString(), ...(requestId ? { requestId } : {}), ...fields });
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

export function logInfo(message: string, fields: Record<string, unknown> = {}) {
  write('info', { message, ...fields });
}

export function logWarn(message: string, fields: Record<string, unknown> = {}) {
  write('warn', { message, ...fields });
}

export function logError(error: unknown, fields: Record<string, unknown> = {}) {
  const err = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
  write('error', { ...err, ...fields });
}
