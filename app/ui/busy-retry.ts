/**
 * When the server is full it answers 503 with Retry-After before doing anything (admission control, see
 * app/server/admission.server.ts). Remix's single fetch cannot read that answer (it expects its own encoding), so
 * the browser's fetch is wrapped once at start (entry.client.tsx): a same-origin `.data` call answered 503 with
 * Retry-After is sent again after that many seconds, plus a random share so that refused callers do not all come
 * back at once, and a little longer each time, at most MAX_RETRIES times. Sending again is safe because the
 * refused call was never run; the order writes are idempotent besides (a repeated submit changes nothing).
 * While a call waits, `useServerBusy()` is true, so a page can say so calmly instead of showing an error.
 */
import { useSyncExternalStore } from 'react';

export const MAX_RETRIES = 4;
/** No single wait longer than this, whatever the server asks. */
const MAX_WAIT_MS = 30_000;

/**
 * How long to wait before sending again: the server's Retry-After (seconds, or an HTTP date), doubled for each
 * earlier retry, plus up to half of it again at random.
 */
export function retryDelayMs(retryAfter: string | null, retry: number, now = Date.now(), random = Math.random): number {
  let seconds = Number(retryAfter);
  if (!Number.isFinite(seconds)) {
    const at = retryAfter ? Date.parse(retryAfter) : NaN;
    seconds = Number.isFinite(at) ? (at - now) / 1000 : 1;
  }
  const base = Math.max(1, seconds) * 1000 * 2 ** Math.max(0, retry - 1);
  return Math.min(MAX_WAIT_MS, Math.round(base * (1 + random() / 2)));
}

let waiting = 0;
const listeners = new Set<() => void>();
function setWaiting(delta: number) {
  waiting += delta;
  for (const l of listeners) l();
}

/** True while some `.data` call waits to be sent again after a 503. */
export function useServerBusy(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => waiting > 0,
    () => false,
  );
}

function isRemixDataCall(url: URL, origin: string): boolean {
  return url.origin === origin && url.pathname.endsWith('.data');
}

/** Why the signal aborted, as an Error (its `reason` is typed any: an AbortError DOMException unless told). */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wrapped fetch (see the module comment); any other call goes through untouched. */
export function retryWhenBusy(fetchImpl: typeof fetch, origin: string): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), origin);
    if (!isRemixDataCall(url, origin)) return fetchImpl(input, init);
    // A Request's body can be read once: each attempt sends a fresh copy.
    const attempt = () => fetchImpl(input instanceof Request ? input.clone() : input, init);
    let response = await attempt();
    for (let retry = 1; retry <= MAX_RETRIES && response.status === 503 && response.headers.has('Retry-After'); retry++) {
      const delay = retryDelayMs(response.headers.get('Retry-After'), retry);
      await response.body?.cancel();
      setWaiting(+1);
      try {
        await sleep(delay, init?.signal ?? (input instanceof Request ? input.signal : undefined));
      } finally {
        setWaiting(-1);
      }
      response = await attempt();
    }
    return response;
  };
}

/** Installs the wrapper on window.fetch, once. */
export function installRetryWhenBusy() {
  const w = window as Window & { __peihuoRetryWhenBusy?: true };
  if (w.__peihuoRetryWhenBusy) return;
  w.__peihuoRetryWhenBusy = true;
  window.fetch = retryWhenBusy(window.fetch.bind(window), window.location.origin);
}
