/**
 * The phone's outbox rules (app/ui/offline/outbox.ts) and the service worker's request rules (app/sw/routes.ts):
 * merging the queue never changes what the server ends up with, a change sent once is never merged away, and the
 * server's answers move the queue as the page says they do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enqueue, FIRST_RETRY_MS, MAX_RETRY_MS, nextOfflineRetryMs, RECONNECT_RETRY_MS, settle, type PhoneOrder, type QueuedChange } from '~/ui/offline/outbox';
import { isOfflinePage, OFFLINE_COPIES, routesCovered } from '~/sw/routes';

const change = (id: string, intent: 'save' | 'submit', qty: number, tried = false): QueuedChange => ({
  id,
  intent,
  lines: [{ specId: 1, qtyCartons: qty }],
  madeAt: '2026-12-07T08:00:00.000Z',
  tried,
});

/** The server as the changes leave it: every change is the whole cart; a submit also submits it. */
interface Server {
  cart: number | null;
  submitted: number | null;
}
const apply = (s: Server, c: QueuedChange): Server => ({ cart: c.lines[0]!.qtyCartons, submitted: c.intent === 'submit' ? c.lines[0]!.qtyCartons : s.submitted });

describe('the phone outbox queue', () => {
  const action = fc.oneof(
    fc.record({ kind: fc.constantFrom('save' as const, 'submit' as const), qty: fc.integer({ min: 0, max: 9 }) }),
    fc.record({ kind: fc.constant('send' as const), answered: fc.boolean() }),
  );

  it('whatever the edits, submits and lost answers, the server ends with what the owner did, in order', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let queue: QueuedChange[] = [];
        let server: Server = { cart: null, submitted: null };
        let direct: Server = { cart: null, submitted: null };
        let n = 0;
        for (const a of actions) {
          if (a.kind === 'send') {
            const head = queue[0];
            if (!head) continue;
            // Sent: the server applies it; its answer may be lost (then the head stays, marked sent, and goes again).
            server = apply(server, head);
            queue = a.answered ? queue.slice(1) : [{ ...head, tried: true }, ...queue.slice(1)];
          } else {
            const c = change(`c${n++}`, a.kind, a.qty);
            const before = queue.filter((q) => q.tried);
            queue = enqueue(queue, c);
            direct = apply(direct, c);
            // What was sent once is still there, unchanged, in the same order.
            expect(queue.filter((q) => q.tried)).toEqual(before);
          }
        }
        for (const c of queue) server = apply(server, c);
        expect(server.cart ?? 0).toBe(direct.cart ?? 0);
        expect(server.submitted).toBe(direct.submitted);
      }),
    );
  });

  it('keeps at most one unsent save at the end, and a submit replaces what was never sent', () => {
    let q = enqueue([], change('a', 'save', 1));
    q = enqueue(q, change('b', 'save', 2));
    expect(q.map((c) => [c.id, c.lines[0]!.qtyCartons])).toEqual([['a', 2]]);
    q = enqueue([{ ...q[0]!, tried: true }], change('c', 'save', 3));
    expect(q.map((c) => c.id)).toEqual(['a', 'c']);
    q = enqueue(q, change('d', 'submit', 3));
    expect(q.map((c) => [c.id, c.intent])).toEqual([
      ['a', 'save'],
      ['d', 'submit'],
    ]);
  });
});

describe('the server’s answers', () => {
  const record = (queue: QueuedChange[]): PhoneOrder => ({
    key: '7:3',
    retailerId: 7,
    cycleId: 3,
    known: { version: 'v0', at: '2026-12-07T07:00:00.000Z', lines: [] },
    queue,
    conflict: null,
    outcome: null,
    signedOut: false,
  });
  const now = '2026-12-07T08:00:05.000Z';

  it('done: the change leaves the queue and the phone knows the new version; a submit that waited says so', () => {
    const head = { ...change('a', 'submit', 2, true), waited: true };
    const next = settle(record([head, change('b', 'save', 3)]), head, { ok: true, orderId: 1, status: 'submitted', version: 'v1', changeId: 'a', now });
    expect(next.queue.map((c) => c.id)).toEqual(['b']);
    expect(next.known).toEqual({ version: 'v1', at: now, lines: head.lines });
    expect(next.outcome).toEqual({ kind: 'submitted', at: now, afterWait: true });
  });

  it('changed elsewhere: nothing leaves the queue, the owner is asked', () => {
    const head = change('a', 'save', 2, true);
    const next = settle(record([head]), head, { ok: false, reason: 'changed_elsewhere', version: 'v9', status: 'submitted', cart: [{ specId: 1, qtyCartons: 5 }], changeId: 'a', now });
    expect(next.queue).toEqual([head]);
    expect(next.conflict).toEqual({ version: 'v9', status: 'submitted', cart: [{ specId: 1, qtyCartons: 5 }] });
  });

  it('the cut-off passed: everything waiting is dropped and the submit is reported refused with the reason', () => {
    const head = change('a', 'save', 2, true);
    const next = settle(record([head, change('b', 'submit', 2)]), head, { ok: false, reason: 'window_closed', changeId: 'a', now });
    expect(next.queue).toEqual([]);
    expect(next.outcome).toMatchObject({ kind: 'refused', intent: 'submit', reason: 'window_closed' });
  });

  it('a refused submit keeps the cart as a save and names the lines', () => {
    const head = change('a', 'submit', 50, true);
    const problems = [{ specId: 1, problem: { code: 'over_cap' as const, cap: 3 } }];
    const next = settle(record([head]), head, { ok: false, reason: 'invalid', lineProblems: problems, orderProblems: [], changeId: 'a', now });
    expect(next.queue.map((c) => [c.intent, c.lines])).toEqual([['save', head.lines]]);
    expect(next.outcome).toMatchObject({ kind: 'refused', intent: 'submit', reason: 'invalid', lineProblems: problems });
  });
});

describe('what the service worker keeps', () => {
  const origin = 'https://peihuo.example';
  const url = (path: string) => new URL(path, origin);

  it('only the shop’s home and order page, document or .data, on this site', () => {
    expect(['/retailer', '/retailer.data', '/retailer/order', '/retailer/order.data?_routes=routes%2Fretailer.order'].map((p) => isOfflinePage(url(p), origin))).toEqual([true, true, true, true]);
    expect(['/retailer/orders', '/retailer/uploads', '/manager', '/staff/order', '/resources/order-outbox', '/auth/login'].some((p) => isOfflinePage(url(p), origin))).toBe(false);
    expect(isOfflinePage(new URL('/retailer/order', 'https://elsewhere.example'), origin)).toBe(false);
  });

  it('a kept .data answer stands in for a call asking for no more routes than it holds', () => {
    const all = url('/retailer/order.data');
    const some = url('/retailer/order.data?_routes=root,routes/retailer,routes/retailer.order');
    const one = url('/retailer/order.data?_routes=routes/retailer.order');
    expect(routesCovered(all, one)).toBe(true);
    expect(routesCovered(some, one)).toBe(true);
    expect(routesCovered(one, some)).toBe(false);
    expect(routesCovered(one, all)).toBe(false);
    expect(routesCovered(url('/retailer.data'), one)).toBe(false);
  });

  it('the copies fetched as soon as the worker runs open each page anew and by a link (home’s to-do to the review)', () => {
    expect(OFFLINE_COPIES).toEqual(['/retailer', '/retailer.data', '/retailer/order', '/retailer/order.data']);
    expect(OFFLINE_COPIES.every((p) => isOfflinePage(url(p), origin))).toBe(true);
    const link = url('/retailer/order.data?review=1&_routes=routes%2Fretailer.order');
    expect(OFFLINE_COPIES.some((p) => routesCovered(url(p), link))).toBe(true);
  });
});

describe('the wait before sending again after a send found no link', () => {
  it('starts short when the browser says the link is back (its online event often comes before the link carries), longer when it says there is none, and doubles to a minute', () => {
    expect(nextOfflineRetryMs(0, true)).toBe(RECONNECT_RETRY_MS);
    expect(nextOfflineRetryMs(0, false)).toBe(FIRST_RETRY_MS);
    expect(RECONNECT_RETRY_MS).toBeLessThan(1_000);
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), (start, later) => {
        let wait = nextOfflineRetryMs(0, start);
        for (const online of later) {
          const next = nextOfflineRetryMs(wait, online);
          expect(next).toBe(Math.min(MAX_RETRY_MS, wait * 2));
          wait = next;
        }
        expect(wait).toBeLessThanOrEqual(MAX_RETRY_MS);
      }),
    );
  });
});
