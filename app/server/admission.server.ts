/**
 * Admission control: each instance keeps a bounded amount of work in flight and answers the excess at once with
 * 503 and Retry-After, instead of queueing without bound until every caller waits seconds (docs/decisions/0011).
 *
 * Every request that reaches the app's routes takes a slot in one of two lanes: uploads (multipart bodies, which
 * hold their slot while the file arrives) and everything else (actions, `.data` loaders, pages, the POS API).
 * A lane runs `concurrency` requests at once and lets more wait in arrival order: up to `burst` of them always (a
 * morning rush of that many shops at once is queued, never refused), more only while the wait a newcomer can expect
 * stays under `maxWaitMs`, and never more than `queue`; past that a request is refused before anything reads its
 * body. Static files and /healthz never wait, so a load balancer's health check and the page's own
 * assets are answered whatever the load.
 *
 * A request given a slot starts on the next turn of the event loop rather than inside the read that brought it
 * in. With better-sqlite3 a request's database work runs without ever yielding, so without this turn one pass of
 * the event loop would run every request that arrived together, back to back (50 shops × ~3 ms), and Node
 * (libuv ≥ 1.45) accepts only one new connection per pass: under load new connections then waited seconds to be
 * accepted at all (bench/README.md, "Where the seconds went").
 */
import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PQueue from 'p-queue';
import { sqlForUrl } from '../../db/dialect';
import { env } from './env.server';
import { logWarn, offeredRequestId } from './log.server';

export type Lane = 'work' | 'upload';

export interface AdmissionOptions {
  /** Requests of the work lane served at once (0 turns admission control off). */
  concurrency: number;
  /** Requests of the work lane allowed to wait for a slot at most; more are refused. */
  queue: number;
  /** Requests of the work lane that may always wait, however long the wait they can expect. */
  burst: number;
  /** Past `burst` waiting, a request of the work lane is refused when it would likely wait longer than this. */
  maxWaitMs: number;
  uploadConcurrency: number;
  uploadQueue: number;
  /** Seconds a refused caller is asked to wait (Retry-After). */
  retryAfterSeconds: number;
}

/** The settings from the environment; the work lane's default depends on the database (docs/operations.md, "Configuration"). */
export function admissionOptionsFromEnv(): AdmissionOptions {
  const e = env();
  return {
    // SQLite runs one statement at a time in this process: a few requests at once keep the CPU busy while another
    // waits on the thread pool (cookie signature, file stat). PostgreSQL works in parallel on its pool's connections.
    concurrency: e.ADMISSION_CONCURRENCY ?? (sqlForUrl(e.DATABASE_URL).isParallel ? 2 * e.DATABASE_POOL_SIZE : 4),
    queue: e.ADMISSION_QUEUE,
    burst: e.ADMISSION_BURST,
    maxWaitMs: e.ADMISSION_MAX_WAIT_MS,
    uploadConcurrency: e.ADMISSION_UPLOAD_CONCURRENCY,
    uploadQueue: e.ADMISSION_UPLOAD_QUEUE,
    retryAfterSeconds: e.ADMISSION_RETRY_AFTER_S,
  };
}

/** A static file: build assets, or any other path naming a file (favicon.ico, robots.txt) except Remix's `.data`. */
function isStaticFile(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && (path.startsWith('/assets/') || (/\.[A-Za-z0-9]+$/.test(path) && !path.endsWith('.data')));
}

/** Which lane a request waits in; null for those never limited (the health check, static files, CORS preflights). */
export function laneOf(method: string, path: string, contentType: string | undefined): Lane | null {
  if (path === '/healthz' || method === 'OPTIONS' || isStaticFile(method, path)) return null;
  if (method === 'POST' && (contentType ?? '').startsWith('multipart/form-data')) return 'upload';
  return 'work';
}

type Next = (error?: unknown) => void;
type Request = IncomingMessage & { path?: string };

/** How many may wait in a lane: always up to `burst`, up to `maxWaiting` while the expected wait is under `maxWaitMs`. */
export interface LaneLimits {
  maxWaiting: number;
  burst: number;
  maxWaitMs: number;
}

interface LaneState {
  queue: PQueue;
  limits: LaneLimits;
  pace: DrainPace;
}

/**
 * How fast a saturated lane lets its waiting requests in: the time between two requests finishing while others
 * wait (exponentially weighted), so a newcomer behind `n` waiting ones waits about (n + 1) × that.
 *
 * Why not how long each request holds its slot, divided by the slots: the slots are not parallel workers. On SQLite
 * the requests share one JavaScript thread and one connection, so four slots drain the queue no faster than one,
 * and a hold time of 3 ms read as "four every 3 ms" let four times too many wait (the overload bench's admitted p99
 * was 380–710 ms against a 200 ms limit, bench/README.md). The pace between completions is what the lane really
 * achieves, whatever runs in parallel beneath it (PostgreSQL's pool included).
 */
export class DrainPace {
  /** Milliseconds between two completions while the lane was saturated; 0 until measured. */
  intervalMs = 0;
  #lastDoneAt: number | null = null;

  /** A request finished at `at`; `othersWaiting`: whether requests were waiting for a slot when it did. */
  done(at: number, othersWaiting: boolean): void {
    // Only an interval that began and ended with requests waiting measures the lane's pace; a quiet lane's gaps do not.
    if (this.#lastDoneAt !== null && othersWaiting) {
      const interval = at - this.#lastDoneAt;
      this.intervalMs = this.intervalMs === 0 ? interval : this.intervalMs + 0.05 * (interval - this.intervalMs);
    }
    this.#lastDoneAt = othersWaiting ? at : null;
  }

  /** The wait a newcomer can expect behind `waiting` requests. */
  expectedWaitMs(waiting: number): number {
    return (waiting + 1) * this.intervalMs;
  }
}

/**
 * Whether a newcomer must be refused, given the lane's free slots, how many wait, and the wait it can expect.
 *
 * Why a burst that always waits: a time limit alone cannot tell a rush from overload. Fifty shops submitting at
 * once queue ~50 × 3.3 ms ≈ 165 ms on a warm server, more while it warms up, and a limit loose enough for them let a
 * standing queue of that length and more build up above capacity, where every admitted request then waited it
 * (admitted p99 315–409 ms against 300, bench/README.md "Sixth session"). With the burst counted apart, the limit
 * can be tight: above capacity the queue stands at the burst or at the limit, whichever is longer.
 */
export function refusesNewcomer(freeSlots: number, waiting: number, expectedWaitMs: number, limits: LaneLimits): boolean {
  if (freeSlots > 0) return false;
  if (waiting >= limits.maxWaiting) return true;
  if (waiting < limits.burst) return false;
  return expectedWaitMs > limits.maxWaitMs;
}

function isFull(lane: LaneState): boolean {
  const { queue, limits, pace } = lane;
  return refusesNewcomer(queue.concurrency - queue.pending, queue.size, pace.expectedWaitMs(queue.size), limits);
}

/** An Express middleware: admits, queues or refuses each request (see the module comment). */
export function createAdmissionControl(options: AdmissionOptions = admissionOptionsFromEnv()) {
  const lane = (concurrency: number, limits: LaneLimits): LaneState => ({
    queue: new PQueue({ concurrency: Math.max(1, concurrency) }),
    limits,
    pace: new DrainPace(),
  });
  const lanes: Record<Lane, LaneState> = {
    work: lane(options.concurrency, { maxWaiting: options.queue, burst: Math.min(options.burst, options.queue), maxWaitMs: options.maxWaitMs }),
    // An upload holds its slot while the file arrives, seconds on a phone: only their number is bounded.
    upload: lane(options.uploadConcurrency, { maxWaiting: options.uploadQueue, burst: options.uploadQueue, maxWaitMs: Infinity }),
  };
  const middleware = (req: Request, res: ServerResponse, next: Next) => {
    const path = req.path ?? new URL(req.url ?? '/', 'http://localhost').pathname;
    const lane = options.concurrency > 0 ? laneOf(req.method ?? 'GET', path, req.headers['content-type']) : null;
    if (!lane) return next();
    const state = lanes[lane];
    if (isFull(state)) {
      refuse(req, res, path, options.retryAfterSeconds);
      logRefusal(req, path);
      return;
    }
    // The route runs in this request's async context (its request id in every log line), not in the context of
    // whichever earlier request freed the slot.
    const proceed = AsyncResource.bind(() => next());
    let started = false;
    let closed = false;
    let onClosed = () => {};
    const finished = new Promise<void>((resolve) => (onClosed = resolve));
    // A caller that leaves while waiting gives its place up; one that leaves while served keeps its slot until the
    // work it started is done (the response closes when the route has answered).
    const left = new AbortController();
    res.once('close', () => {
      closed = true;
      onClosed();
      if (!started) left.abort();
    });
    state.queue
      .add(
        async () => {
          started = true;
          await nextTurn();
          if (closed) return;
          proceed();
          await finished;
          state.pace.done(performance.now(), state.queue.size > 0);
        },
        { signal: left.signal },
      )
      .catch(() => {
        // Left while waiting: nobody to answer.
      });
  };
  const gate = Object.assign(middleware, {
    /** Requests being served and waiting, per lane. */
    load: (): AdmissionLoad => ({
      work: { serving: lanes.work.queue.pending, waiting: lanes.work.queue.size },
      upload: { serving: lanes.upload.queue.pending, waiting: lanes.upload.queue.size },
    }),
    options,
  });
  current = gate;
  return gate;
}

export type AdmissionLoad = Record<Lane, { serving: number; waiting: number }>;
let current: { load(): AdmissionLoad } | undefined;

/** The load of this process's gate (null when none was created, e.g. under `remix vite:dev`), for /healthz. */
export function admissionLoad(): AdmissionLoad | null {
  return current?.load() ?? null;
}

/**
 * The refusal's access line, in the access log's format (server.js puts this gate before its request logging, so
 * that a refusal costs no more than this): level warn, status 503, the caller's request id when it sent a sane one.
 */
function logRefusal(req: Request, path: string) {
  const requestId = offeredRequestId(req.headers['x-request-id']);
  logWarn('request', { ...(requestId ? { requestId } : {}), method: req.method, path, status: 503, ms: 0, ip: req.socket.remoteAddress, refused: true });
}

/**
 * The refusal: 503 with Retry-After, and a body for whoever asked — problem+json for the POS API, a page that
 * reloads itself a little later for a browser's page load, and a short text for everything else (the order page
 * retries its own `.data` calls, see app/ui/busy-retry.ts).
 */
function refuse(req: Request, res: ServerResponse, path: string, retryAfterSeconds: number) {
  res.statusCode = 503;
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.setHeader('Cache-Control', 'no-store');
  if (path.startsWith('/api/')) {
    res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    res.end(
      JSON.stringify({
        type: 'https://peihuo.example/problems/busy',
        title: 'Server busy, retry later / 服务器繁忙，请稍后重试',
        status: 503,
        detail: `Nothing was done. Send the same call again after ${retryAfterSeconds} s. / 本次请求未处理，请 ${retryAfterSeconds} 秒后重发。`,
      }),
    );
    return;
  }
  const isPage = req.method === 'GET' && !path.endsWith('.data') && (req.headers.accept ?? '').includes('text/html');
  if (isPage) {
    // Callers reload at different moments, so they do not all come back at once.
    const reloadSeconds = retryAfterSeconds + Math.floor(Math.random() * (retryAfterSeconds + 2));
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="${reloadSeconds}"><title>系统繁忙 · Busy</title></head>` +
        `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6"><p>系统繁忙，页面将在几秒后自动重新打开。</p><p lang="en">The system is busy. This page will open again by itself in a few seconds.</p></body></html>`,
    );
    return;
  }
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('服务器繁忙，请稍后重试。\nThe server is busy; please try again in a moment.\n');
}
