/**
 * Morning rush on loopback: N connections, each a different retailer signed in with its own session, each
 * submitting a 15–25-line order the way the browser does (a single-fetch POST to /retailer/order.data). Every
 * request changes one quantity, so each submit really rewrites the order instead of hitting the no-op path.
 */
import { execSync } from 'node:child_process';
import { connect } from '../db/connect';
import { closedLoop, type Figure } from './lib';

export interface Shopper {
  retailerId: number;
  cookie: string;
  lines: Array<{ specId: number; qtyCartons: number }>;
}

/** Opens a cycle for everyone now (the bench cannot wait for real order days) and signs N shops in. */
export async function prepareShoppers(databaseUrl: string, origin: string, count: number): Promise<Shopper[]> {
  const db = connect({ url: databaseUrl });
  try {
    execSync('npx tsx scripts/open-cycle-now.ts', { stdio: 'ignore', env: { ...process.env, DATABASE_URL: databaseUrl } });
    const next = await db.selectFrom('orderCycles').select(['id']).orderBy('startsOn', 'desc').executeTakeFirstOrThrow();
    const retailers = await db.selectFrom('retailers').select(['id', 'licenceNo']).where('active', '=', 1).orderBy('id').limit(count).execute();
    // Uncapped, orderable specs, so no line is refused and every submit is a real write.
    const specs = await db
      .selectFrom('specs')
      .select('id')
      .where('isOrderable', '=', 1)
      .where('isDiscontinued', '=', 0)
      .where('isScarce', '=', 0)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('caps').select('caps.specId').whereRef('caps.specId', '=', 'specs.id').where('caps.cycleId', '=', next.id))))
      .orderBy('id')
      .execute();
    const shoppers: Shopper[] = [];
    for (const [i, r] of retailers.entries()) {
      const res = await fetch(`${origin}/auth/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ username: r.licenceNo, password: 'Demo@2026' }),
      });
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      if (res.status !== 302 || !cookie) throw new Error(`sign-in failed for ${r.licenceNo}: ${res.status}`);
      const n = 15 + (i % 11);
      const lines = Array.from({ length: n }, (_, k) => ({ specId: specs[(i * 7 + k) % specs.length]!.id, qtyCartons: 1 + ((i + k) % 3) }));
      shoppers.push({ retailerId: r.id, cookie, lines });
    }
    return shoppers;
  } finally {
    await db.destroy();
  }
}

export async function benchOrderSubmit(origin: string, shoppers: Shopper[], seconds = 15): Promise<Figure[]> {
  let nextShopper = 0;
  const run = await closedLoop({
    url: `${origin}/retailer/order.data`,
    connections: shoppers.length,
    seconds,
    // One connection per shop, each with its own session; after every answer the next body changes one
    // quantity, so each submit really rewrites the order.
    setupClient: (client) => {
      const shopper = shoppers[nextShopper++ % shoppers.length]!;
      let round = 0;
      const headers = { cookie: shopper.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' };
      client.setHeadersAndBody(headers, submitBody(shopper, round));
      client.on('response', () => client.setBody(submitBody(shopper, ++round)));
    },
  });
  return [
    { name: 'order submit throughput', value: run.ok.length / run.duration, unit: 'submits/s', target: '≥ 300' },
    { name: 'order submit latency p50', value: run.p(50), unit: 'ms' },
    { name: 'order submit latency p99', value: run.p(99), unit: 'ms', target: '< 300' },
    { name: 'order submit refused (503, server full)', value: run.refused.length, unit: 'requests', target: '0 at 50 shops' },
    { name: 'order submit failures', value: run.failures, unit: 'requests', target: '0' },
  ];
}

/** A shop's submit in the form the order page posts; `round` changes the first line's quantity. */
export function submitBody(shopper: Shopper, round: number): string {
  return new URLSearchParams({ intent: 'submit', lines: JSON.stringify(submitLines(shopper, round)) }).toString();
}

/** The cart a shop's submit of `round` carries (what the server must hold once it has accepted it). */
export function submitLines(shopper: Shopper, round: number): Array<{ specId: number; qtyCartons: number }> {
  return shopper.lines.map((l, k) => (k === 0 ? { ...l, qtyCartons: 1 + (round % 5) } : l));
}
