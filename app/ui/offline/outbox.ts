/**
 * The order changes a shop makes on its phone, kept on the phone (IndexedDB) until the server has them, and sent
 * in the order they were made, one at a time, when the link is there (POST /resources/order-outbox).
 *
 * One record per shop and cycle holds what the phone last knew from the server (the order's version, its cart)
 * and the queue of changes not yet confirmed. A cart change replaces the last queued one if that one was never
 * sent (the server takes the whole cart each time, so only the latest matters); a submit replaces every change
 * after the last one sent. A change that was sent but got no answer stays at the head and is sent again as it
 * was: the server answers "done" without writing when the order already is what it asks (a replay never applies
 * twice), and refuses a change made on a version of the order it no longer has (app/server/order-changes.server.ts).
 *
 * No React and no page here: the order page drives it (use-phone-order.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DeviationReason, LineProblem, OrderProblem } from '~/domain/ordering';
import type { PhoneChangeAnswer } from '~/domain/order-answers';

export const OUTBOX_DB = 'peihuo-offline';
export const OUTBOX_URL = '/resources/order-outbox';
/** The Background Sync tag under which the service worker sends the queue when the link is back. */
export const OUTBOX_SYNC_TAG = 'peihuo-outbox';

export interface PhoneLine {
  specId: number;
  qtyCartons: number;
  reason?: DeviationReason | null;
}

export interface QueuedChange {
  id: string;
  intent: 'save' | 'submit';
  lines: PhoneLine[];
  madeAt: string;
  /** Sent at least once, so the server may have it: never merged with a later change. */
  tried: boolean;
  /** A send found no link (or no session): the owner has been told it waits on the phone. */
  waited?: boolean;
}

/** Why the server refused a change for good (a change made on another version is the owner's choice instead). */
export type RefusalReason = Exclude<Extract<PhoneChangeAnswer, { ok: false }>['reason'], 'changed_elsewhere'>;

export type Outcome =
  | { kind: 'submitted'; at: string; afterWait: boolean }
  | { kind: 'refused'; intent: 'save' | 'submit'; reason: RefusalReason; at: string; lineProblems: Array<{ specId: number; problem: LineProblem }>; orderProblems: OrderProblem[] };

export interface Conflict {
  version: string | null;
  status: string | null;
  cart: Array<{ specId: number; qtyCartons: number }>;
}

export interface PhoneOrder {
  key: string;
  retailerId: number;
  cycleId: number;
  /** The order as the server last told this phone: its version, when (server time), and its cart. */
  known: { version: string | null; at: string; lines: PhoneLine[] };
  queue: QueuedChange[];
  conflict: Conflict | null;
  outcome: Outcome | null;
  /** The last send was answered with the sign-in page: the changes wait for the shop to sign in again. */
  signedOut: boolean;
}

interface Schema extends DBSchema {
  orders: { key: string; value: PhoneOrder; indexes: { byRetailer: number } };
}

export const keyOf = (retailerId: number, cycleId: number) => `${retailerId}:${cycleId}`;

let opening: Promise<IDBPDatabase<Schema>> | null = null;
function db(): Promise<IDBPDatabase<Schema>> {
  opening ??= openDB<Schema>(OUTBOX_DB, 1, {
    upgrade(d) {
      d.createObjectStore('orders', { keyPath: 'key' }).createIndex('byRetailer', 'retailerId');
    },
    // Signing out deletes the database (clear-on-sign-out.ts): let go of it at once.
    blocking() {
      void opening?.then((d) => d.close());
      opening = null;
    },
    terminated() {
      opening = null;
    },
  });
  return opening;
}

// ---- who is told of a change: this page's listeners, and other tabs through a BroadcastChannel ----

const listeners = new Set<() => void>();
let channel: BroadcastChannel | null = null;
function openChannel() {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel('peihuo-outbox');
    channel.onmessage = () => {
      for (const l of listeners) l();
    };
  }
  return channel;
}
function announce() {
  for (const l of listeners) l();
  openChannel()?.postMessage('changed');
}
export function onOutboxChange(listener: () => void): () => void {
  openChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** One sender per phone: the pages' tabs and the service worker take turns (Web Locks). */
export function withOutboxLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('peihuo-outbox', work) as Promise<T>) : work();
}

// ---- the record ----

export async function readPhoneOrder(key: string): Promise<PhoneOrder | null> {
  return (await (await db()).get('orders', key)) ?? null;
}

async function update(key: string, change: (current: PhoneOrder | undefined) => PhoneOrder | null): Promise<PhoneOrder | null> {
  const d = await db();
  const tx = d.transaction('orders', 'readwrite');
  const next = change(await tx.store.get(key));
  if (next) await tx.store.put(next);
  else await tx.store.delete(key);
  await tx.done;
  announce();
  return next;
}

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The server's side of things as the page was given it, for a record that does not exist yet. */
export interface ServerView {
  retailerId: number;
  cycleId: number;
  version: string | null;
  now: string;
  cart: PhoneLine[];
}

function fresh(view: ServerView): PhoneOrder {
  return {
    key: keyOf(view.retailerId, view.cycleId),
    retailerId: view.retailerId,
    cycleId: view.cycleId,
    known: { version: view.version, at: view.now, lines: view.cart },
    queue: [],
    conflict: null,
    outcome: null,
    signedOut: false,
  };
}

/**
 * What the page's copy of the server says, kept when it is newer than what the phone knew and nothing is waiting
 * (a page opened online after changes made elsewhere). A page served from the phone's cache is older: ignored.
 */
export function adoptServerView(view: ServerView): Promise<PhoneOrder | null> {
  return update(keyOf(view.retailerId, view.cycleId), (current) => {
    if (!current) return fresh(view);
    if (current.queue.length || current.conflict || view.now <= current.known.at) return current;
    return { ...current, known: { version: view.version, at: view.now, lines: view.cart } };
  });
}

/**
 * The queue with a new change: a save takes the place of a save at the end that was never sent (the server takes
 * the whole cart, so only the latest counts); a submit (which carries the whole cart too) takes the place of
 * every change after the last one sent. A change sent once is never merged or dropped here: the server may have it.
 */
export function enqueue(queue: readonly QueuedChange[], change: QueuedChange): QueuedChange[] {
  const next = [...queue];
  if (change.intent === 'save') {
    const last = next[next.length - 1];
    if (last && !last.tried && last.intent === 'save') next[next.length - 1] = { ...last, lines: change.lines, madeAt: change.madeAt, waited: last.waited || change.waited };
    else next.push(change);
  } else {
    while (next.length && !next[next.length - 1]!.tried) next.pop();
    next.push(change);
  }
  return next;
}

/**
 * Keeps a change on the phone (see enqueue for how it joins the queue). `offline`: made while the phone knows it
 * has no link, so the owner is told it waits (and, once sent, that it went after the wait).
 */
export function recordChange(view: ServerView, intent: 'save' | 'submit', lines: PhoneLine[], offline = false, now = new Date()): Promise<PhoneOrder | null> {
  return update(keyOf(view.retailerId, view.cycleId), (current) => {
    const record = current ?? fresh(view);
    const queue = enqueue(record.queue, { id: newId(), intent, lines, madeAt: now.toISOString(), tried: false, ...(offline ? { waited: true } : {}) });
    return { ...record, queue, outcome: null };
  });
}

/** Forgets the outcome once the page has shown it. */
export function acknowledgeOutcome(key: string): Promise<PhoneOrder | null> {
  return update(key, (current) => (current && current.outcome ? { ...current, outcome: null } : current ?? null));
}

/**
 * After "changed elsewhere": `mine` sends the phone's changes again on top of the order as it is now; `theirs`
 * drops them (the page then shows the server's order).
 */
export function resolveConflict(key: string, choice: 'mine' | 'theirs'): Promise<PhoneOrder | null> {
  return update(key, (current) => {
    if (!current?.conflict) return current ?? null;
    const { conflict } = current;
    const known = { version: conflict.version, at: current.known.at, lines: conflict.cart };
    if (choice === 'theirs') return { ...current, known, queue: [], conflict: null };
    return { ...current, known, conflict: null, queue: current.queue.map((c) => ({ ...c, tried: false })) };
  });
}

/** Drops what waits for this shop and cycle (before a cancel, which makes them moot). */
export function dropQueue(key: string): Promise<PhoneOrder | null> {
  return update(key, (current) => (current ? { ...current, queue: [], conflict: null } : null));
}

/** Forgets what other shops left on this phone (another sign-in on a shared phone): never sent under this one. */
export async function forgetOtherShops(retailerId: number): Promise<void> {
  const d = await db();
  const tx = d.transaction('orders', 'readwrite');
  for (const key of await tx.store.getAllKeys()) {
    const record = await tx.store.get(key);
    if (record && record.retailerId !== retailerId) await tx.store.delete(key);
  }
  await tx.done;
}

// ---- sending ----

export type SendResult =
  | { kind: 'answer'; answer: PhoneChangeAnswer }
  | { kind: 'offline' }
  | { kind: 'signed_out' }
  | { kind: 'later'; afterMs: number };

/** How long to wait before sending again after an answer that is not ours and names no wait. */
const LATER_MS = 3_000;

/** The first wait after a send found no link while the browser, too, says there is none (its online event wakes us). */
export const FIRST_RETRY_MS = 5_000;
/**
 * The first wait after a send found no link although the browser says there is one: just after its online event
 * the link often does not carry yet (a phone's radio still attaching; in the browser tests, the emulated network
 * let go of the page before the service worker through which its requests go). Retried soon, then longer.
 */
export const RECONNECT_RETRY_MS = 500;
export const MAX_RETRY_MS = 60_000;

/** The wait before the next try after one more send found no link: doubling from a start that depends on the browser's flag. */
export function nextOfflineRetryMs(previousMs: number, browserSaysOnline: boolean): number {
  return previousMs ? Math.min(MAX_RETRY_MS, previousMs * 2) : browserSaysOnline ? RECONNECT_RETRY_MS : FIRST_RETRY_MS;
}

/** One change to the server. Never throws: a failed fetch is "offline", an answer that is not ours "later". */
export async function sendChange(record: PhoneOrder, change: QueuedChange, fetchImpl: typeof fetch = fetch): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetchImpl(OUTBOX_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ changeId: change.id, retailerId: record.retailerId, cycleId: record.cycleId, baseVersion: record.known.version, intent: change.intent, lines: change.lines }),
      credentials: 'same-origin',
      cache: 'no-store',
      // An ended session answers with a redirect to the sign-in page: seen as such, not followed.
      redirect: 'manual',
    });
  } catch {
    return { kind: 'offline' };
  }
  if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) return { kind: 'signed_out' };
  if ((response.headers.get('Content-Type') ?? '').includes('application/json') && [200, 400, 404, 409].includes(response.status)) {
    try {
      return { kind: 'answer', answer: (await response.json()) as PhoneChangeAnswer };
    } catch {
      return { kind: 'later', afterMs: LATER_MS };
    }
  }
  // Busy (503 + Retry-After), a proxy's error page, a server restarting: later, nothing was written. Plus up to
  // half again at random, so that the phones refused together do not all come back in the same second.
  const retryAfter = Number(response.headers.get('Retry-After'));
  const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : LATER_MS;
  return { kind: 'later', afterMs: Math.round(wait * (1 + Math.random() / 2)) };
}

/** What a send loop ended with. */
export type FlushState = 'done' | 'offline' | 'signed_out' | 'conflict' | { later: number };

/**
 * Sends this record's queue, head first, until it is empty, the link fails, the session has ended, or the server
 * says the order changed elsewhere. Each answer is written back before the next change goes.
 */
export async function flushRecord(key: string, fetchImpl: typeof fetch = fetch): Promise<FlushState> {
  for (;;) {
    const record = await readPhoneOrder(key);
    if (!record || record.conflict) return record?.conflict ? 'conflict' : 'done';
    const head = record.queue[0];
    if (!head) return 'done';
    if (!head.tried) await update(key, (r) => (r ? { ...r, queue: r.queue.map((c) => (c.id === head.id ? { ...c, tried: true } : c)) } : null));
    const sent = await sendChange(record, head, fetchImpl);
    if (sent.kind === 'later') return { later: sent.afterMs };
    if (sent.kind !== 'answer') {
      const waited = (r: PhoneOrder) => r.queue.map((c) => (c.id === head.id ? { ...c, waited: true } : c));
      await update(key, (r) => (r ? { ...r, queue: waited(r), signedOut: sent.kind === 'signed_out' } : null));
      return sent.kind;
    }
    await update(key, (r) => (r ? settle(r, head, sent.answer) : null));
  }
}

/** Sends every queue kept on the phone (the service worker's Background Sync); 'offline' if one found no link. */
export async function flushEverything(fetchImpl: typeof fetch = fetch): Promise<'offline' | 'done'> {
  let result: 'offline' | 'done' = 'done';
  for (const key of await (await db()).getAllKeys('orders')) {
    const state = await withOutboxLock(() => flushRecord(key, fetchImpl));
    if (state === 'offline' || typeof state === 'object') result = 'offline';
  }
  return result;
}

/** Asks the browser to wake the service worker when the link is back (where Background Sync exists). */
export async function syncWhenOnline(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    // Background Sync is in Chromium only, and not in TypeScript's DOM library: `sync` is unknown until asserted.
    const sync = registration && 'sync' in registration ? (registration.sync as { register(tag: string): Promise<void> }) : undefined;
    await sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // No service worker or no Background Sync: the page sends the queue itself.
  }
}

/** The record after the server's answer to its head change. */
export function settle(record: PhoneOrder, head: QueuedChange, answer: PhoneChangeAnswer): PhoneOrder {
  const rest = record.queue.filter((c) => c.id !== head.id);
  const base = { ...record, signedOut: false };
  if (answer.ok) {
    const outcome: Outcome | null = head.intent === 'submit' ? { kind: 'submitted', at: answer.now, afterWait: !!head.waited } : record.outcome;
    return { ...base, queue: rest, known: { version: answer.version ?? null, at: answer.now, lines: head.lines }, outcome };
  }
  if (answer.reason === 'changed_elsewhere') {
    return { ...base, conflict: { version: answer.version, status: answer.status, cart: answer.cart } };
  }
  const refused: Outcome = {
    kind: 'refused',
    intent: head.intent,
    reason: answer.reason,
    at: answer.now,
    lineProblems: answer.reason === 'invalid' ? answer.lineProblems : [],
    orderProblems: answer.reason === 'invalid' ? answer.orderProblems : [],
  };
  if (answer.reason === 'invalid' && head.intent === 'submit') {
    // The cart stays as the owner left it (a save takes quantities a submit refuses); the problems are shown.
    const keep: QueuedChange = { id: newId(), intent: 'save', lines: head.lines, madeAt: head.madeAt, tried: false };
    return { ...base, queue: rest.length ? rest : [keep], outcome: refused };
  }
  if (answer.reason === 'invalid') return { ...base, queue: rest, outcome: refused };
  // The window shut (the cut-off passed while the phone was away) or the shop cannot order: nothing queued can go.
  return { ...base, queue: [], outcome: { ...refused, intent: record.queue.some((c) => c.intent === 'submit') ? 'submit' : head.intent } };
}

/** The queue's state in a word, for the page. */
export function pendingSubmit(record: PhoneOrder | null): boolean {
  return !!record?.queue.some((c) => c.intent === 'submit');
}
