/**
 * Sign-in under load on loopback: N connections each posting the sign-in form (a full argon2id verification
 * and a new session row per request) for a fixed time. Reports throughput and p50/p95/p99.
 */
import autocannon from 'autocannon';
import { autocannonError, percentile, startServer, stopServer, type Figure } from './lib';

export async function benchSignIn(databaseUrl: string, opts = { connections: 10, seconds: 10, port: 3390 }): Promise<Figure[]> {
  const server = await startServer({ DATABASE_URL: databaseUrl, SESSION_SECRET: 'bench-'.padEnd(40, 'x') }, opts.port);
  const latencies: number[] = [];
  let failures = 0;
  try {
    const origin = `http://127.0.0.1:${opts.port}`;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${origin}/auth/login`,
          method: 'POST',
          connections: opts.connections,
          duration: opts.seconds,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
          body: 'username=staff01&password=Demo%402026',
        },
        (err, res) => (err ? reject(autocannonError(err)) : resolve(res)),
      );
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode === 302) latencies.push(responseTime);
        else failures++;
      });
    });
    latencies.sort((a, b) => a - b);
    return [
      { name: 'sign-in throughput', value: latencies.length / result.duration, unit: 'req/s' },
      { name: 'sign-in latency p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'sign-in latency p95', value: percentile(latencies, 95), unit: 'ms', target: `${opts.connections} connections` },
      { name: 'sign-in latency p99', value: percentile(latencies, 99), unit: 'ms' },
      { name: 'sign-in failures', value: failures + result.errors + result.timeouts, unit: 'requests', target: '0' },
    ];
  } finally {
    await stopServer(server);
  }
}
