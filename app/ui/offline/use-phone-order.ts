/**
 * The order page's side of the phone's outbox (outbox.ts): keeps each change on the phone at once, sends the
 * queue when it can — shortly after an edit, at once after a submit, when the browser says the link is back,
 * when the page is shown again, and on a timer that waits longer each time the link stays away — and tells the
 * page what waits, what was sent and what the server said. One sender per phone (Web Locks), so two tabs never
 * send the same queue at once. The sender outlives the page: a queue still waiting when the owner opens another
 * page goes on being sent.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import {
  acknowledgeOutcome,
  adoptServerView,
  dropQueue,
  flushRecord,
  forgetOtherShops,
  keyOf,
  nextOfflineRetryMs,
  onOutboxChange,
  readPhoneOrder,
  recordChange,
  resolveConflict,
  syncWhenOnline,
  withOutboxLock,
  type FlushState,
  type PhoneLine,
  type PhoneOrder,
  type ServerView,
} from './outbox';

/** Cart edits are sent this long after the last one (as the page's autosave always did). */
export const SAVE_DELAY_MS = 700;

interface SenderStatus {
  /** A change is on its way to the server now. */
  sending: boolean;
  /** The last send found no link (the browser's own online flag is not trusted alone). */
  offline: boolean;
  /** The server was too busy to take it (503 + Retry-After, or no answer of ours): sent again by itself. */
  busy: boolean;
}

let status: SenderStatus = { sending: false, offline: false, busy: false };
const SERVER_STATUS: SenderStatus = { sending: false, offline: false, busy: false };
const statusListeners = new Set<() => void>();
function setStatus(patch: Partial<SenderStatus>) {
  status = { ...status, ...patch };
  for (const l of statusListeners) l();
}

const wanted = new Set<string>();
let running = false;
let rerun = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let retryMs = 0;
let listening = false;

function schedule(delayMs: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void run(), delayMs);
}

/** Sends what waits for `key`, after `delayMs`. */
export function requestFlush(key: string, delayMs = 0) {
  wanted.add(key);
  schedule(delayMs);
}

async function run() {
  if (running) {
    rerun = true;
    return;
  }
  running = true;
  try {
    do {
      rerun = false;
      for (const key of [...wanted]) {
        setStatus({ sending: true });
        let state: FlushState;
        try {
          state = await withOutboxLock(() => flushRecord(key));
        } catch {
          // IndexedDB went away (the shop signed out in another tab): nothing left to send.
          state = 'done';
        }
        if (state === 'offline' || typeof state === 'object') {
          retryMs = state === 'offline' ? nextOfflineRetryMs(retryMs, navigator.onLine) : state.later;
          setStatus({ offline: state === 'offline', busy: state !== 'offline' });
          schedule(retryMs);
          if (state === 'offline') void syncWhenOnline();
        } else {
          wanted.delete(key);
          retryMs = 0;
          setStatus({ offline: false, busy: false });
        }
      }
    } while (rerun);
  } finally {
    running = false;
    setStatus({ sending: false });
  }
}

function listenOnce() {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  // The send starts here and now (not on the retry timer, which may still be waiting out a long backoff), and
  // the backoff starts again from its shortest wait should this try find the link not yet up.
  const now = () => {
    retryMs = 0;
    clearTimeout(timer);
    if (wanted.size) void run();
  };
  window.addEventListener('online', () => {
    // Believed until a send finds otherwise.
    setStatus({ offline: false });
    now();
  });
  window.addEventListener('offline', () => setStatus({ offline: true }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') now();
    // Out of view (another app, the phone locked): the service worker sends the queue when the link is back.
    else if (wanted.size) void syncWhenOnline();
  });
}

function subscribeStatus(listener: () => void) {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

export interface PhoneOrderApi {
  /** The phone's record has been read (or could not be: `available` false, the page then saves as before). */
  ready: boolean;
  available: boolean;
  record: PhoneOrder | null;
  sending: boolean;
  offline: boolean;
  busy: boolean;
  save(lines: PhoneLine[]): Promise<void>;
  submit(lines: PhoneLine[]): Promise<void>;
  keepMine(): Promise<void>;
  takeTheirs(): Promise<void>;
  acknowledge(): Promise<void>;
  drop(): Promise<void>;
}

/** The phone's outbox for this shop and cycle; `view` null turns it off (the manager's on-behalf page). */
export function usePhoneOrder(view: ServerView | null): PhoneOrderApi {
  const key = view ? keyOf(view.retailerId, view.cycleId) : null;
  const [record, setRecord] = useState<PhoneOrder | null>(null);
  const [ready, setReady] = useState(false);
  const [available, setAvailable] = useState(false);
  const sender = useSyncExternalStore(subscribeStatus, () => status, () => SERVER_STATUS);

  useEffect(() => {
    if (!key) return;
    let live = true;
    listenOnce();
    const off = onOutboxChange(() => {
      readPhoneOrder(key).then(
        (r) => live && setRecord(r),
        () => undefined,
      );
    });
    return () => {
      live = false;
      off();
    };
  }, [key]);

  // Each copy of the server's order the page is given (its first load, and every reload after a submit or a
  // cancel) is offered to the phone's record, which keeps it when it is newer than what the phone knew.
  const viewAt = view?.now;
  useEffect(() => {
    if (!key || !view) return;
    let live = true;
    (async () => {
      await forgetOtherShops(view.retailerId);
      const r = await adoptServerView(view);
      if (!live) return;
      setRecord(r);
      setAvailable(true);
      setReady(true);
      if (r?.queue.length) requestFlush(key);
    })().catch(() => {
      // No IndexedDB here (a private window on some phones): the page saves straight to the server.
      if (live) setReady(true);
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, viewAt]);

  const save = useCallback(
    async (lines: PhoneLine[]) => {
      if (!view || !key) return;
      setRecord(await recordChange(view, 'save', lines, status.offline));
      requestFlush(key, SAVE_DELAY_MS);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  const submit = useCallback(
    async (lines: PhoneLine[]) => {
      if (!view || !key) return;
      setRecord(await recordChange(view, 'submit', lines, status.offline));
      retryMs = 0;
      requestFlush(key);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  const settleWith = useCallback(
    async (work: (k: string) => Promise<PhoneOrder | null>, flush: boolean) => {
      if (!key) return;
      setRecord(await work(key));
      if (flush) requestFlush(key);
    },
    [key],
  );

  return {
    ready,
    available,
    record,
    sending: sender.sending,
    offline: sender.offline,
    busy: sender.busy,
    save,
    submit,
    keepMine: () => settleWith((k) => resolveConflict(k, 'mine'), true),
    takeTheirs: () => settleWith((k) => resolveConflict(k, 'theirs'), false),
    acknowledge: () => settleWith(acknowledgeOutcome, false),
    drop: () => settleWith(dropQueue, false),
  };
}
