/**
 * The one Redis connection of this process, when REDIS_URL is set (otherwise none: a single instance keeps
 * its counters in memory). Redis holds only what instances must share and may lose — rate-limit counters —
 * so it is configured to fail fast: no offline queue, short timeouts. A caller that gets an error falls back
 * to memory (see rate-limit.server.ts) rather than making a sign-in wait on Redis.
 */
import { Redis } from 'ioredis';
import { env } from './env.server';
import { logError, logInfo } from './log.server';

const globalForRedis = globalThis as unknown as { __peihuoRedis?: Redis | null };

/** The shared client, or null when REDIS_URL is not set. Created on first use. */
export function redis(): Redis | null {
  if (globalForRedis.__peihuoRedis !== undefined) return globalForRedis.__peihuoRedis;
  const url = env().REDIS_URL;
  if (!url) {
    globalForRedis.__peihuoRedis = null;
    return null;
  }
  const client = new Redis(url, {
    // A command issued while disconnected fails at once instead of queueing behind a dead connection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    connectionName: 'peihuo',
  });
  // ioredis emits 'error' on every failed reconnect; one line per outage is enough.
  let down = false;
  client.on('error', (error) => {
    if (down) return;
    down = true;
    logError(error, { component: 'redis', message: `redis unavailable: ${error.message}` });
  });
  client.on('ready', () => {
    if (down) logInfo('redis reconnected', { component: 'redis' });
    down = false;
  });
  globalForRedis.__peihuoRedis = client;
  return client;
}

/** The prefix of every key this deployment writes (one Redis may serve several deployments or test runs). */
export function redisKeyPrefix(): string {
  return env().REDIS_KEY_PREFIX;
}

/** Waits (at most `timeoutMs`) until Redis answers; false when it does not or is not configured. */
export async function redisReady(timeoutMs = 5_000): Promise<boolean> {
  const client = redis();
  if (!client) return false;
  if (client.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/** Closes the connection (at shutdown). */
export async function closeRedis(): Promise<void> {
  const client = globalForRedis.__peihuoRedis;
  globalForRedis.__peihuoRedis = undefined;
  if (!client) return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
