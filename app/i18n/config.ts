/** i18n settings shared by server and client. zh-CN is the default; English is complete. The messages themselves
 *  are in ./resources (both, for the server; the browser loads one language at a time). */

export const supportedLanguages = ['zh-CN', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = 'zh-CN';
export const defaultNS = 'common';
/** The staff pages' messages: loaded by a browser only on the pages that declare it (`handle.i18n`, on the
 *  staff layout route), never on a retailer's or a manager's (decision 0034). A key not in `common` is looked up
 *  there (`fallbackNS`), so components call `t('cycles.title')` without naming a namespace. */
export const staffNS = 'staff';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: defaultLanguage,
  defaultNS,
  ns: [defaultNS, staffNS],
  fallbackNS: staffNS,
  interpolation: { escapeValue: false }, // React escapes
} as const;
