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
  write('error', { ...describeError(error), ...fields });
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
