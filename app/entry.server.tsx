import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { createInstance } from 'i18next';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { i18nConfig } from '~/i18n/config';
import { resources } from '~/i18n/resources';
import { languageOf } from '~/server/i18n.server';
import { migrateOnStart } from '~/server/db.server';
import { logError } from '~/server/log.server';
import { NonceProvider } from '~/ui/nonce';

export const streamTimeout = 5_000;

/**
 * Called once by server.js before it listens: brings the database schema up to date. Exported from here
 * because entry.server is the one module of the server build that a custom server can reach
 * (`build.entry.module`).
 */
export async function startup(): Promise<string[]> {
  return migrateOnStart();
}

/** Redis before listening, and the database and Redis released at shutdown (see lifecycle.server.ts). */
export { connectServices, shutdown } from '~/server/lifecycle.server';

/** Each request's load context — the database and the client's address — built by server.js with this. */
export { getLoadContext } from '~/server/load-context.server';

/** The one logger: server.js writes its own lines and the access log through these (see log.server.ts). */
export { logDebug, logError, logFatal, logInfo, logWarn, requestLogging } from '~/server/log.server';

/** The admission gate server.js puts in front of the routes (see admission.server.ts). */
export { createAdmissionControl } from '~/server/admission.server';

/** The translated page server.js answers a form body over its limit with (see too-large.server.ts). */
export { bodyTooLargePage } from '~/server/too-large.server';

/**
 * Remix hands this every error of a request, answers given on purpose included: a 404 for a URL no route
 * matches or a 405 (an ErrorResponse wrapping an internal Error), a Response a route threw. Those are answers,
 * not faults — the access log line records their status — so only real errors are logged, with message and stack.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted || error instanceof Response) return;
  if (isRouteErrorResponse(error)) {
    if (error.status < 500) return;
    // A 5xx the router made itself carries the Error behind it (private to Remix, hence the cast).
    const cause = (error as { error?: unknown }).error;
    logError(cause ?? error, { url: request.url, status: error.status });
    return;
  }
  logError(error, { url: request.url });
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const lng = await languageOf(request);
  const instance = createInstance();
  await instance.use(initReactI18next).init({ ...i18nConfig, resources, lng });
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined;
  const readyEvent = isbot(request.headers.get('user-agent')) ? 'onAllReady' : 'onShellReady';

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce ?? ''}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error instanceof Error ? error : new Error('the page shell failed to render', { cause: error }));
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError(error, { url: request.url });
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
