/**
 * The browser's retry of a `.data` call refused for lack of capacity (app/ui/busy-retry.ts): when it waits, how
 * often it tries, what it leaves alone. The network is a stand-in fetch answering what each case needs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_RETRIES, retryDelayMs, retryWhenBusy } from '~/ui/busy-retry';

const ORIGIN = 'https://peihuo.example';
const busy = (retryAfter: string | null = '1') => new Response('busy', { status: 503, headers: retryAfter === null ? {} : { 'Retry-After': retryAfter } });

/** A fetch that answers from the list in turn and records what it was asked. */
function network(...answers: Array<() => Response>) {
  const calls: Array<{ url: string; body: string | null }> = [];
  const fetchImpl = ((input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: input instanceof Request ? input.url : String(input), body: typeof init?.body === 'string' ? init.body : null });
    return Promise.resolve(answers[Math.min(calls.length, answers.length) - 1]!());
  }) as typeof fetch;
  return { calls, fetch: retryWhenBusy(fetchImpl, ORIGIN) };
}

describe('retryDelayMs', () => {
  it('waits at least Retry-After, doubling with each retry, plus at most half again at random', () => {
    expect(retryDelayMs('1', 1, 0, () => 0)).toBe(1000);
    expect(retryDelayMs('1', 1, 0, () => 0.999)).toBe(1500);
    expect(retryDelayMs('2', 3, 0, () => 0)).toBe(8000);
    expect(retryDelayMs('120', 1, 0, () => 0)).toBe(30_000);
  });
  it('reads an HTTP date, and takes one second for a missing or unreadable header', () => {
    const now = Date.parse('2026-12-07T08:00:00Z');
    expect(retryDelayMs('Mon, 07 Dec 2026 08:00:05 GMT', 1, now, () => 0)).toBe(5000);
    expect(retryDelayMs('soon', 1, now, () => 0)).toBe(1000);
    expect(retryDelayMs(null, 1, now, () => 0)).toBe(1000);
  });
});

describe('retryWhenBusy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a refused .data call again, the same body each time, until it is served', async () => {
    const net = network(() => busy(), () => busy(), () => new Response('ok'));
    const answer = net.fetch(new URL('/retailer/order.data', ORIGIN), { method: 'POST', body: 'intent=submit&lines=%5B%5D' });
    await vi.runAllTimersAsync();
    expect((await answer).status).toBe(200);
    expect(net.calls).toHaveLength(3);
    expect(new Set(net.calls.map((c) => c.body))).toEqual(new Set(['intent=submit&lines=%5B%5D']));
  });

  it('gives up after MAX_RETRIES and hands the 503 on', async () => {
    const net = network(() => busy());
    const answer = net.fetch(`${ORIGIN}/retailer/order.data`, { method: 'POST', body: 'x' });
    await vi.runAllTimersAsync();
    expect((await answer).status).toBe(503);
    expect(net.calls).toHaveLength(1 + MAX_RETRIES);
  });

  it('leaves alone a 503 without Retry-After, other answers, other paths and other sites', async () => {
    for (const [url, answer] of [
      [`${ORIGIN}/retailer/order.data`, () => busy(null)],
      [`${ORIGIN}/retailer/order.data`, () => new Response('no', { status: 500 })],
      [`${ORIGIN}/api/v1/sales`, () => busy()],
      ['https://elsewhere.example/x.data', () => busy()],
    ] as const) {
      const net = network(answer);
      expect((await net.fetch(url)).status, url).not.toBe(200);
      expect(net.calls, url).toHaveLength(1);
    }
  });

  it('stops waiting when the call is aborted (the page navigated away)', async () => {
    const net = network(() => busy('5'));
    const controller = new AbortController();
    const answer = net.fetch(`${ORIGIN}/retailer/order.data`, { signal: controller.signal });
    const settled = answer.then(
      () => 'served',
      () => 'aborted',
    );
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(await settled).toBe('aborted');
    expect(net.calls).toHaveLength(1);
  });
});
