/**
 * The production server: Express around the Remix build. It owns what must happen before any route code runs:
 * a request id and one access-log line per request (through the app's one logger, app/server/log.server.ts),
 * security headers with a per-response CSP nonce, body size limits, the cross-site request check (CSRF),
 * compression, static files, the client address, migrations and shared services at start, and a graceful
 * shutdown (finish what is in flight, then close the database).
 *
 * The app keeps no state of its own between requests: sessions are rows in the database and rate-limit
 * counters live in Redis when REDIS_URL is set, so any number of instances can share one PostgreSQL.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import v8 from 'node:v8';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';

/**
 * How far V8 lets the heap grow past what the last full collection kept before it collects again (percent; 0:
 * V8's own choice). Under the morning rush V8's own choice let the old generation fill with up to ~250 MB of dead
 * requests before collecting, which with a file being read beside it took the process past 600 MB; at 50 the
 * process stays near its live size (docs/decisions/0042-heap-growth.md). Set before the build loads.
 */
const HEAP_GROWING_PERCENT = Number(process.env.HEAP_GROWING_PERCENT ?? 50);
if (HEAP_GROWING_PERCENT > 0) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '0.0.0.0';
const TRUST_PROXY = Number(process.env.TRUST_PROXY ?? 0);
/** How long a shutdown waits for requests in flight before giving up on them. */
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);

const MIB = 1024 * 1024;
/**
 * The largest body each kind of request may carry, checked on Content-Length before anything reads it
 * (the routes check again, more precisely: 20 MiB per file, 2 MiB per API call).
 */
const BODY_LIMITS = {
  multipart: 20 * MIB + 64 * 1024, // one shop file and its form fields
  api: 2 * MIB + 64 * 1024,
  other: 1 * MIB, // forms: an order of 5,000 lines is ~200 KB
};

const build = await import('./build/server/index.js');
// The app's one logger lives in the build (app/server/log.server.ts): this file writes through it too, so every
// line has one format and a request's lines its id, whichever side writes them.
const { logInfo, logWarn, logError, logFatal, requestLogging } = build.entry.module;

process.on('uncaughtException', (error) => {
  logFatal(error, { event: 'uncaught exception' });
  process.exit(1);
});

const migrated = await build.entry.module.startup();
if (migrated.length) logInfo('migrations applied', { migrations: migrated });
await build.entry.module.connectServices?.();
// A bounded amount of work in flight; the excess is answered 503 + Retry-After at once (docs/decisions/0011).
const admissionControl = build.entry.module.createAdmissionControl();
logInfo('admission control', { ...admissionControl.options });

let draining = false;

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', TRUST_PROXY);
// The request's id (X-Request-Id), its access line when it ends, and its log context for everything below.
app.use(requestLogging());
app.use(whileDraining);
// An action's answer is a few hundred bytes; compressing it costs more than it saves.
app.use(compression({ filter: (req, res) => req.method !== 'POST' && compression.filter(req, res) }));

app.use((_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // No 'unsafe-inline' for scripts: Remix's inline scripts carry this response's nonce.
        'script-src': ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    // Sent only over HTTPS (below): over plain HTTP a browser ignores it anyway.
    strictTransportSecurity: false,
  }),
);
app.use((req, res, next) => {
  // The camera is for scanning barcodes on this site; nothing else is asked for.
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()');
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
  next();
});

app.use(limitBodySize);
app.use(refuseCrossSiteWrites);

// Fingerprinted build assets can be cached for ever; everything else briefly.
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
app.use(express.static('build/client', { maxAge: '1h' }));

app.all(
  '*',
  createRequestHandler({
    build,
    mode: 'production',
    // The database and what this server knows of the request (app/server/load-context.server.ts).
    getLoadContext: (req, res) => build.entry.module.getLoadContext({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? 'unknown' }),
  }),
);

// Every request that reaches a route waits its turn or is refused before Express, the access log, the security
// headers or the body checks do anything for it (static files and /healthz always pass): under overload a refusal
// must cost next to nothing, or refusing eats the capacity it is there to protect (bench/README.md, overload).
// A refusal writes its own access line (admission.server.ts).
const server = http.createServer((req, res) => admissionControl(req, res, () => app(req, res)));
server.listen(PORT, HOST, () => logInfo('listening', { url: `http://localhost:${PORT}` }));
// Longer than a load balancer's usual 60 s idle timeout, so the proxy, not the app, closes idle connections.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => shutdown(signal));

/**
 * Graceful shutdown: stop accepting connections, let every request in flight finish (idle keep-alive
 * connections are closed as they go quiet), then close Redis and the database and exit 0. Past the grace
 * period whatever is still running is abandoned (exit 1); its transaction never commits.
 */
function shutdown(signal) {
  if (draining) return;
  draining = true;
  logInfo('shutting down: finishing requests in flight', { signal });
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  setTimeout(() => {
    logError('requests still running after the grace period; exiting', { graceMs: SHUTDOWN_GRACE_MS });
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  server.close(async () => {
    clearInterval(idle);
    try {
      await build.entry.module.shutdown?.();
      logInfo('stopped: database closed', { signal });
      process.exit(0);
    } catch (error) {
      logError(error, { event: 'error while closing' });
      process.exit(1);
    }
  });
  server.closeIdleConnections();
}

/** During shutdown the health check says so (a proxy stops sending), and no connection is kept open. */
function whileDraining(req, res, next) {
  if (!draining) return next();
  res.setHeader('Connection', 'close');
  if (req.path === '/healthz') {
    res.status(503).json({ ok: false, shuttingDown: true });
    return;
  }
  next();
}

/**
 * Bodies are refused before anything buffers them: over the limit for their kind (413), or a write with a
 * body of unknown length (411; browsers and POS clients always send Content-Length).
 */
function limitBodySize(req, res, next) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  const isApi = req.path.startsWith('/api/');
  const limit = isApi ? BODY_LIMITS.api : (req.get('content-type') ?? '').startsWith('multipart/form-data') ? BODY_LIMITS.multipart : BODY_LIMITS.other;
  const lengthHeader = req.get('content-length');
  const chunked = lengthHeader === undefined && req.get('transfer-encoding') !== undefined;
  const length = Number(lengthHeader ?? 0);
  if (!chunked && Number.isFinite(length) && length <= limit) return next();
  const status = chunked ? 411 : 413;
  logWarn('request body refused', { path: req.path, status, contentLength: lengthHeader ?? null, limit });
  res.setHeader('Connection', 'close');
  if (isApi) {
    res
      .status(status)
      .type('application/problem+json; charset=utf-8')
      .send(JSON.stringify({ type: `https://peihuo.example/problems/${chunked ? 'length_required' : 'too_large'}`, title: chunked ? 'Content-Length required / 需要 Content-Length' : `Body too large (max ${Math.floor(limit / MIB)} MiB) / 请求体过大`, status }));
    return;
  }
  if (!chunked && limit === BODY_LIMITS.multipart && build.entry.module.bodyTooLargePage) {
    // A browser's file upload: a page in the user's language with a way back (app/server/too-large.server.ts).
    const headers = { cookie: req.get('cookie'), acceptLanguage: req.get('accept-language'), referer: req.get('referer'), host: req.get('host') };
    build.entry.module.bodyTooLargePage(headers, limit).then((html) => res.status(413).type('text/html; charset=utf-8').send(html), next);
    return;
  }
  res
    .status(status)
    .type('text/plain; charset=utf-8')
    .send(chunked ? 'Length required / 需要 Content-Length' : `Request too large (max ${Math.floor(limit / MIB)} MiB) / 请求过大`);
}

/**
 * CSRF defence for cookie-authenticated writes: a state-changing request must prove it comes from this site,
 * or it is refused (403) before any route sees it. The proof is positive, never the mere absence of a warning:
 * - refused whenever a header names another site: Sec-Fetch-Site `cross-site`, or an Origin (without one, the
 *   Referer's origin) that is not this site's, `null` included;
 * - let through only with Sec-Fetch-Site `same-origin`, `same-site` or `none` (typed, bookmarked), or an Origin
 *   or Referer naming this site. Current browsers send Origin and Sec-Fetch-Site with every POST.
 * A write with none of these headers is refused too, though SameSite=Lax would keep the session cookie off a
 * cross-site POST: that cookie attribute is the second line, not the only one (docs/decisions/0003).
 * The POS API authenticates with bearer tokens, not cookies, so it is not exposed to CSRF and is exempt.
 */
function refuseCrossSiteWrites(req, res, next) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || req.path.startsWith('/api/')) return next();
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin') ?? referrerOrigin(req.get('referer'));
  const expected = `${req.protocol}://${req.get('host')}`;
  const crossSite = site === 'cross-site' || (origin !== undefined && origin !== expected);
  const sameSite = origin === expected || ['same-origin', 'same-site', 'none'].includes(site);
  if (!crossSite && sameSite) return next();
  logWarn('cross-site write refused', { path: req.path, origin: origin ?? null, site: site ?? null, reason: crossSite ? 'cross-site' : 'no same-site proof' });
  res
    .status(403)
    .type('text/plain; charset=utf-8')
    .send('拒绝：无法确认请求来自本站。请刷新页面后重试。\nForbidden: this request could not be shown to come from this site. Please reload the page and try again.\n');
}

function referrerOrigin(referer) {
  try {
    return referer ? new URL(referer).origin : undefined;
  } catch {
    return undefined;
  }
}
