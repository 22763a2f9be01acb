/**
 * Overload: order submits sent open-loop — at a fixed rate whatever the server answers, as a morning rush does —
 * at 1×, 2× and 3× the capacity the closed-loop submit bench just measured, each for `seconds`. The requests go
 * over a pool of keep-alive connections opened before the clock starts, as browsers (or a proxy in front) keep
 * theirs; a request due while every connection is busy waits for one in this process, and latencies count from
 * the moment a request was due, so that wait is not hidden. (A new connection per request would measure Node's
 * accept instead: it takes one new connection per pass of its event loop, see "Where the seconds went".) Reports per rate the goodput
 * (submits answered 200 per second), the admitted submits' p99, how many were refused (503) and how fast, and
 * anything else (a 500, a dropped connection). Then every shop sends its last cart again the way the order page
 * does (waiting Retry-After, with jitter, until it is taken) and the database must hold exactly that cart for
 * every shop: no cart lost.
 */
import http from 'node:http';
import { connect } from '../db/connect';
import { percentile, type Figure } from './lib';
import { submitBody, submitLines, type Shopper } from './order-submit';

interface Outcome {
  status: number; // 0: no answer (connection error)
  ms: number;
  /** How late this process sent it (its own timer and event loop): part of `ms` that is not the server's. */
  sendLateMs: number;
}

function post(agent: http.Agent, origin: string, shopper: Shopper, body: string): Promise<number> {
  const url = new URL('/retailer/order.data', origin);
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { cookie: shopper.cookie, origin, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Connections of the client pool: far more than the server ever serves or holds waiting at once. */
const POOL = 256;

/** Opens the pool's connections before the clock starts (a cheap request on each, all at once). */
async function warmPool(agent: http.Agent, origin: string) {
  const url = new URL('/healthz', origin);
  await Promise.all(
    Array.from({ length: POOL }, () => new Promise<void>((resolve) => http.get({ host: url.hostname, port: url.port, path: url.pathname, agent }, (res) => res.resume().on('end', resolve)).on('error', () => resolve()))),
  );
}

/** Sends `rate` submits a second for `seconds`, round-robin over the shops; returns every outcome. */
async function openLoop(origin: string, shoppers: Shopper[], rounds: number[], rate: number, seconds: number): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: POOL, maxFreeSockets: POOL });
  await warmPool(agent, origin);
  const outcomes: Promise<Outcome>[] = [];
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out now, whatever is still unanswered.
      while (sent < total && start + (sent * 1000) / rate <= now) {
        const due = start + (sent * 1000) / rate;
        const i = sent % shoppers.length;
        const body = submitBody(shoppers[i]!, ++rounds[i]!);
        const sendLateMs = performance.now() - due;
        outcomes.push(post(agent, origin, shoppers[i]!, body).then((status) => ({ status, ms: performance.now() - due, sendLateMs })));
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const all = await Promise.all(outcomes);
  agent.destroy();
  return all;
}

/** The order page's way: send again after Retry-After plus up to half again at random, until taken. */
async function resendUntilTaken(origin: string, shopper: Shopper, round: number): Promise<boolean> {
  const agent = new http.Agent({ keepAlive: false });
  for (let attempt = 0; attempt < 30; attempt++) {
    const status = await post(agent, origin, shopper, submitBody(shopper, round));
    if (status === 200) return true;
    if (status !== 503) return false;
    await new Promise((r) => setTimeout(r, 1000 * (1 + Math.random() / 2)));
  }
  return false;
}

/** Shops whose order does not hold exactly the cart of their last submit. */
async function cartsLost(databaseUrl: string, shoppers: Shopper[], rounds: number[]): Promise<number> {
  const db = connect({ url: databaseUrl });
  try {
    let lost = 0;
    for (const [i, shopper] of shoppers.entries()) {
      // The shop's order of the cycle it is ordering in: the one its submits last wrote.
      const order = await db.selectFrom('orders').select(['id', 'status']).where('retailerId', '=', shopper.retailerId).orderBy('updatedAt', 'desc').limit(1).executeTakeFirst();
      const lines = order?.status === 'submitted' ? await db.selectFrom('orderLines').select(['specId', 'qtyRequestedCartons']).where('orderId', '=', order.id).execute() : [];
      const held = new Map(lines.map((l) => [l.specId, l.qtyRequestedCartons]));
      const want = submitLines(shopper, rounds[i]!);
      if (held.size !== want.length || want.some((l) => held.get(l.specId) !== l.qtyCartons)) lost++;
    }
    return lost;
  } finally {
    await db.destroy();
  }
}

async function untilIdle(origin: string) {
  for (let i = 0; i < 300; i++) {
    const health = (await (await fetch(`${origin}/healthz`)).json()) as { load?: { work: { serving: number; waiting: number } } };
    if (!health.load || (health.load.work.serving === 0 && health.load.work.waiting === 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function benchOverload(opts: { databaseUrl: string; origin: string; shoppers: Shopper[]; capacity: number; seconds: number; multiples?: number[] }): Promise<Figure[]> {
  const { databaseUrl, origin, shoppers, capacity, seconds } = opts;
  const figures: Figure[] = [{ name: 'overload: capacity (the closed-loop submit throughput above)', value: capacity, unit: 'submits/s' }];
  const rounds = shoppers.map(() => 1000);
  for (const multiple of opts.multiples ?? [1, 2, 3]) {
    await untilIdle(origin);
    const rate = Math.round(capacity * multiple);
    console.log(`  open loop at ${multiple}× capacity: ${rate} submits/s for ${seconds} s…`);
    const outcomes = await openLoop(origin, shoppers, rounds, rate, seconds);
    const admitted = outcomes.filter((o) => o.status === 200).map((o) => o.ms).sort((a, b) => a - b);
    const refused = outcomes.filter((o) => o.status === 503).map((o) => o.ms).sort((a, b) => a - b);
    const sendLate = outcomes.map((o) => o.sendLateMs).sort((a, b) => a - b);
    const serverErrors = outcomes.filter((o) => o.status >= 500 && o.status !== 503).length;
    const other = outcomes.filter((o) => o.status > 0 && o.status !== 200 && o.status !== 503 && o.status < 500).length;
    const label = `overload ${multiple}× (${rate}/s offered)`;
    const goodputTarget = multiple >= 2 ? `≥ ${Math.ceil(0.9 * capacity)} (90 % of capacity)` : undefined;
    figures.push(
      { name: `${label}: goodput`, value: admitted.length / seconds, unit: 'submits/s', target: goodputTarget },
      { name: `${label}: admitted p50 / p99`, value: percentile(admitted, 99), unit: `ms (p50 ${percentile(admitted, 50).toFixed(0)})`, target: '< 300' },
      { name: `${label}: refused (503)`, value: refused.length, unit: `of ${outcomes.length}` },
      { name: `${label}: refused p99 / max`, value: refused.length ? percentile(refused, 99) : 0, unit: `ms (max ${refused.length ? refused[refused.length - 1]!.toFixed(0) : 0})`, target: '< 50' },
      { name: `${label}: the load generator's own send delay p99 (counted in the latencies above)`, value: percentile(sendLate, 99), unit: 'ms' },
      { name: `${label}: 5xx other than 503, and no answer`, value: serverErrors + outcomes.filter((o) => o.status === 0).length, unit: 'requests', target: '0' },
    );
    if (other) figures.push({ name: `${label}: other answers (4xx)`, value: other, unit: 'requests', target: '0' });
  }
  await untilIdle(origin);
  // Every shop sends its last cart again, as the order page would after a 503, until it is taken.
  const taken = await Promise.all(shoppers.map((s, i) => resendUntilTaken(origin, s, rounds[i]!)));
  figures.push({ name: 'overload: carts lost (last cart of each shop not held after the page’s retries)', value: (await cartsLost(databaseUrl, shoppers, rounds)) + taken.filter((t) => !t).length, unit: 'shops', target: '0' });
  return figures;
}
