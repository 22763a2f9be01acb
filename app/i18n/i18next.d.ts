import 'i18next';
import type { staffZhCN } from './resources/staff.zh-CN';
import type { zhCN } from './resources/zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    // One typed shape for every page: a key is looked up in `common`, then in `staff` (`fallbackNS`,
    // app/i18n/config.ts), which only staff pages load (decision 0034). Typing the two namespaces apart (a staff
    // page's t as TFunction<'staff'> with a typed fallback) took tsc from 1.4 GB to beyond its 4 GB heap.
    resources: { common: typeof zhCN & typeof staffZhCN };
  }
}
