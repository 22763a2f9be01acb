/**
 * What the production server (server.js) calls around the app's life, besides migrations (entry.server's
 * `startup`): connect the shared services before listening, and release the upload reader's worker threads,
 * the database and Redis at shutdown once the last request in flight has finished. Reached by server.js through `build.entry.module`.
 * The job runner (jobs.server.ts) starts with the services — queuing again what a crash left running — and stops
 * first at shutdown: its running job is queued again, to resume at the next start.
 */
import { sqlForUrl } from '../../db/dialect';
import { db } from './db.server';
import { env } from './env.server';
import { startJobRunner, stopJobRunner } from './jobs.server';
import { logInfo, logWarn } from './log.server';
import { closeRedis, redisReady } from './redis.server';
import { closeReadPool } from './uploads/read-pool.server';

export async function connectServices(): Promise<void> {
  if (env().REDIS_URL) {
    const ready = await redisReady(5_000);
    if (ready) logInfo('redis connected: rate limits are shared by every instance', { component: 'redis' });
    else logWarn('redis did not answer: rate limits count in memory until it does', { component: 'redis' });
  } else if (sqlForUrl(env().DATABASE_URL).sharedByInstances) {
    logWarn('REDIS_URL is not set: with several instances each counts rate limits on its own', { component: 'redis' });
  }
  await startJobRunner(db());
}

export async function shutdown(): Promise<void> {
  await stopJobRunner();
  // No request is in flight any more, so no file is being read: the upload reader's threads can stop.
  await closeReadPool();
  await closeRedis();
  await db().destroy();
}
