/**
 * The production server: Express around the Remix build. It owns what must happen before any route code runs:
 * security headers with a per-response CSP nonce, the cross-site request check (CSRF), compression, static
 * files, the client address, migrations at start, and a graceful shutdown.
 */
import crypto from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '0.0.0.0';
const TRUST_PROXY = Number(process.env.TRUST_PROXY ?? 0);

const build = await import('./build/server/index.js');
const migrated = await build.entry.module.startup();
if (migrated.length) log('info', 'migrations applied', { migrations: migrated });

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', TRUST_PROXY);
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
    strictTransportSecurity: false,
  }),
);

app.use(refuseCrossSiteWrites);

// Fingerprinted build assets can be cached for ever; everything else briefly.
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
app.use(express.static('build/client', { maxAge: '1h' }));

app.all(
  '*',
  createRequestHandler({
    build,
    mode: 'production',
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? 'unknown' }),
  }),
);

const server = app.listen(PORT, HOST, () => log('info', 'listening', { url: `http://localhost:${PORT}` }));

// Finish requests in flight, then close the database, on SIGTERM/SIGINT.
let closing = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    log('info', 'shutting down', { signal });
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}

/**
 * CSRF defence for cookie-authenticated writes: a state-changing request must come from this site. Browsers
 * send Origin (and Sec-Fetch-Site) with every POST; a cross-site one is refused before any route sees it.
 * The POS API authenticates with bearer tokens, not cookies, so it is not exposed to CSRF and is exempt.
 */
function refuseCrossSiteWrites(req, res, next) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || req.path.startsWith('/api/')) return next();
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin') ?? referrerOrigin(req.get('referer'));
  const expected = `${req.protocol}://${req.get('host')}`;
  if (site === 'cross-site' || (origin && origin !== 'null' && origin !== expected) || origin === 'null') {
    log('warn', 'cross-site write refused', { path: req.path, origin, site });
    res.status(403).type('text/plain; charset=utf-8').send('Forbidden: cross-site request / 拒绝跨站请求');
    return;
  }
  next();
}

function referrerOrigin(referer) {
  try {
    return referer ? new URL(referer).origin : undefined;
  } catch {
    return undefined;
  }
}

function log(level, message, fields = {}) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}
