/** Language per request: the language cookie, then Accept-Language, then zh-CN. */
import { createCookie } from '@remix-run/node';
import { RemixI18Next } from 'remix-i18next/server';
import { defaultLanguage, i18nConfig, isLanguage, supportedLanguages, type Language } from '~/i18n/config';
import { resources } from '~/i18n/resources';

export const languageCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    order: ['cookie', 'header'],
  },
  i18next: { ...i18nConfig, resources },
});

export async function languageOf(request: Request): Promise<Language> {
  const detected = await i18next.getLocale(request);
  return isLanguage(detected) ? detected : defaultLanguage;
}

/** A translation function for server-side messages (form errors, API problems, workbooks); the server holds
 *  every namespace, so staff messages resolve too. */
export async function serverT(request: Request) {
  return i18next.getFixedT(await languageOf(request), 'common');
}
