import type { LoaderFunctionArgs } from '@remix-run/node';
import type { ClientLoaderFunctionArgs } from '@remix-run/react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { staffNS } from '~/i18n/config';
import { roleLayoutLoader } from '~/server/auth.server';
import { RoleLayout } from '~/ui/role-layout';

/** Staff pages' messages (the `staff` namespace), which a retailer's browser never loads (decision 0034): fetched
 *  before a staff page hydrates when it is opened (app/entry.client.tsx reads this handle)… */
export const handle = { i18n: [staffNS] };

export const loader = ({ request, context }: LoaderFunctionArgs) => roleLayoutLoader(context.db, request, 'staff');

/** …and alongside the page's data when a staff page is reached by a link (after signing in, say), so the page
 *  renders once, with its words, when both are in. Not run on hydration: the handle has loaded them then. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), i18next.loadNamespaces(staffNS)]);
  return data;
}

export default function StaffLayout() {
  const { t } = useTranslation();
  return <RoleLayout role="staff" nav={[
        { to: '/staff', label: t('staff.homeTitle'), end: true },
        { to: '/staff/cycles', label: t('cycles.title') },
        { to: '/staff/master-data', label: t('masterData.title') },
        { to: '/staff/spec-pictures', label: t('specPictures.nav') },
        { to: '/staff/route-handover', label: t('handover.nav') },
        { to: '/staff/grading', label: t('grading.nav') },
        { to: '/staff/grade-rules', label: t('shop.gradeRules.nav') },
        { to: '/staff/suggestions', label: t('ruleStaff.nav') },
        { to: '/staff/reports', label: t('reports.page.title') },
        { to: '/staff/reminders', label: t('notifyStaff.nav') },
        { to: '/staff/backtest', label: t('backtest.title') },
        { to: '/staff/supply-replay', label: t('supplyReplay.nav') },
        { to: '/staff/satisfaction', label: t('managerWork.satisfaction.staffTitle') },
        { to: '/staff/notices', label: t('notices.nav') },
        { to: '/staff/supervision', label: t('supervision.nav') },
        { to: '/staff/questions', label: t('questions.desk.nav') },
      ]} />;
}
