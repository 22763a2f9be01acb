import 'i18next';
import type { staffZhCN } from './resources/staff.zh-CN';
import type { zhCN } from './resources/zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    // A staff page's `t` (useTranslation('staff')) finds the shared messages too.
    fallbackNS: 'common';
    resources: { common: typeof zhCN; staff: typeof staffZhCN };
  }
}
