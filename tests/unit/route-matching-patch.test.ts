/**
 * The patch to @remix-run/router (patches/, decision 0018) keeps each route array's flattened and ranked branches
 * instead of rebuilding them on every match, and its answer per pathname. These tests fail when an upgrade drops the patch or when Remix's
 * server stops reaching the patched file, so a silent loss of the saving cannot pass the suite.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The router exactly as Remix's server runtime loads it (CommonJS, through its own resolution).
const serverRuntimeRequire = createRequire(createRequire(import.meta.url).resolve('@remix-run/server-runtime'));
const router = serverRuntimeRequire('@remix-run/router') as typeof import('@remix-run/router');

/** A route tree whose `path` reads are counted: flattening reads every path, a cached match reads none. */
function countedRoutes() {
  const reads = { count: 0 };
  const route = (id: string, path: string | undefined, children: unknown[] = []) => ({
    id,
    get path() {
      reads.count++;
      return path;
    },
    children,
  });
  const routes = [route('root', '/', [route('retailer', 'retailer', [route('order', 'order'), route('detail', 'orders/:orderId')]), route('staff', 'staff/*')])];
  return { routes, reads };
}

describe('the route-matching patch (decision 0018)', () => {
  it('is the file Remix’s server runtime and React Router’s server rendering load', () => {
    expect(serverRuntimeRequire.resolve('@remix-run/router')).toMatch(/@remix-run\/router\/dist\/router\.cjs\.js$/);
    const reactRouterRequire = createRequire(createRequire(import.meta.url).resolve('react-router'));
    expect(reactRouterRequire.resolve('@remix-run/router')).toBe(serverRuntimeRequire.resolve('@remix-run/router'));
  });

  it('flattens a route array once, then matches without reading its routes again', () => {
    const { routes, reads } = countedRoutes();
    router.matchRoutes(routes as never, '/retailer/order');
    const afterFirst = reads.count;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) router.matchRoutes(routes as never, `/retailer/orders/${i}`);
    expect(reads.count).toBe(afterFirst);
  });

  it('still matches as Remix expects: params, splats, the deepest route, no match', () => {
    const { routes } = countedRoutes();
    const ids = (path: string) => router.matchRoutes(routes as never, path)?.map((m) => m.route.id);
    expect(ids('/retailer/order')).toEqual(['root', 'retailer', 'order']);
    expect(router.matchRoutes(routes as never, '/retailer/orders/42')?.at(-1)?.params).toEqual({ orderId: '42' });
    expect(router.matchRoutes(routes as never, '/staff/cycles/3')?.at(-1)?.params).toEqual({ '*': 'cycles/3' });
    expect(ids('/nowhere')).toBeUndefined();
    // A different array is flattened on its own, never answered from another's cache.
    const other = [{ id: 'only', path: '/nowhere' }];
    expect(router.matchRoutes(other as never, '/nowhere')?.map((m) => m.route.id)).toEqual(['only']);
  });

  it('answers a pathname it has matched before without matching the branches again', () => {
    const { routes } = countedRoutes();
    const regExpRuns = (path: string) => {
      // Every regular expression the match runs (String#match and #replace call RegExp#exec too).
      // eslint-disable-next-line @typescript-eslint/unbound-method -- the method itself, unbound on purpose: put back as it was after the count, and called with .call(this) meanwhile
      const exec = RegExp.prototype.exec;
      let runs = 0;
      RegExp.prototype.exec = function (this: RegExp, s: string) {
        runs++;
        return exec.call(this, s);
      };
      try {
        router.matchRoutes(routes as never, path);
      } finally {
        RegExp.prototype.exec = exec;
      }
      return runs;
    };
    // The first match of these routes compiles their patterns; a neighbour's match tries the same branches after it.
    regExpRuns('/retailer/orders/6');
    const first = regExpRuns('/retailer/orders/7');
    expect(regExpRuns('/retailer/orders/8')).toBe(first);
    expect(regExpRuns('/retailer/orders/7')).toBeLessThan(first);
  });

  it('gives every caller its own match objects, and forgets nothing it should not', () => {
    const { routes } = countedRoutes();
    const first = router.matchRoutes(routes as never, '/retailer/orders/42')!;
    (first.at(-1)!.params as Record<string, string>).orderId = 'changed by a caller';
    (first as unknown[]).pop();
    const second = router.matchRoutes(routes as never, '/retailer/orders/42')!;
    expect(second.map((m) => m.route.id)).toEqual(['root', 'retailer', 'detail']);
    expect(second.at(-1)!.params).toEqual({ orderId: '42' });
    // Past the memo's bound (2,000 pathnames) every answer is still right.
    for (let i = 0; i < 2_500; i++) expect(router.matchRoutes(routes as never, `/retailer/orders/${i}`)!.at(-1)!.params).toEqual({ orderId: String(i) });
    expect(router.matchRoutes(routes as never, '/retailer/order')!.map((m) => m.route.id)).toEqual(['root', 'retailer', 'order']);
  });
});
