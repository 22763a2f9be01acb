/**
 * Both languages' messages, for the server, which answers in either. The browser never imports this module: it
 * loads only the language it shows (app/entry.client.tsx), which keeps the other one out of every page's JavaScript.
 */
import { en } from './en';
import { zhCN } from './zh-CN';

export const resources = {
  'zh-CN': { common: zhCN },
  en: { common: en },
} as const;

/** One language's messages as a separate chunk of the browser's JavaScript, loaded when that language is shown. */
export function importMessages(language: string) {
  return language === 'en' ? import('./en').then((m) => m.en) : import('./zh-CN').then((m) => m.zhCN);
}
