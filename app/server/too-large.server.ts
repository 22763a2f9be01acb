/**
 * The page a browser gets when a form's body is over the server's limit (server.js refuses it on its
 * Content-Length before any route reads it): a short page in the user's language with a way back, instead of a
 * bare line of text. Only a browser posting a form without JavaScript sees it — with JavaScript the upload
 * forms check the file's size before sending, and the retailer's upload reads the 413 itself.
 */
import { languageOf, serverT } from './i18n.server';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where "back" leads: the page the form was on when it is this site's (a path only), else the home page. */
function backTo(referer: string | undefined, host: string | undefined): string {
  try {
    const url = new URL(referer ?? '');
    return url.host === host && (url.protocol === 'http:' || url.protocol === 'https:') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

export async function bodyTooLargePage(headers: { cookie?: string; acceptLanguage?: string; referer?: string; host?: string }, limitBytes: number): Promise<string> {
  const request = new Request('http://localhost/', { headers: { cookie: headers.cookie ?? '', 'accept-language': headers.acceptLanguage ?? '' } });
  const [lng, t] = await Promise.all([languageOf(request), serverT(request)]);
  const maxMb = Math.floor(limitBytes / (1024 * 1024));
  return [
    '<!doctype html>',
    `<html lang="${escape(lng)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escape(t('fileRead.tooLargePage.title'))}</title></head>`,
    `<body><main><h1>${escape(t('fileRead.tooLargePage.title'))}</h1><p role="alert">${escape(t('fileRead.tooLargePage.message', { maxMb }))}</p>`,
    `<p><a href="${escape(backTo(headers.referer, headers.host))}">${escape(t('fileRead.tooLargePage.back'))}</a></p></main></body></html>`,
  ].join('');
}
