/**
 * Both languages' messages, for the server, which answers in either. The browser never imports this module: it
 * loads only the language it shows and only the namespaces the page needs (app/entry.client.tsx), which keeps the
 * other language, and on a retailer's pages the staff namespace, out of the page's JavaScript (decision 0034).
 */
import { en } from './en';
import { staffEn } from './staff.en';
import { staffZhCN } from './staff.zh-CN';
import { zhCN } from './zh-CN';

export const resources = {
  'zh-CN': { common: zhCN, staff: staffZhCN },
  en: { common: en, staff: staffEn },
} as const;

/** One language's messages of one namespace, as a chunk of the browser's JavaScript of its own. */
export function importMessages(language: string, namespace: string) {
  if (namespace === 'staff') {
    return language === 'en' ? import('./staff.en').then((m) => m.staffEn) : import('./staff.zh-CN').then((m) => m.staffZhCN);
  }
  return language === 'en' ? import('./en').then((m) => m.en) : import('./zh-CN').then((m) => m.zhCN);
}
