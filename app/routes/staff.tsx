import type { LoaderFunctionArgs } from '@remix-run/node';
import { useTranslation } from 'react-i18next';
import { roleLayoutLoader } from '~/server/auth.server';
import { RoleLayout } from '~/ui/role-layout';

export const loader = ({ request, context }: LoaderFunctionArgs) => roleLayoutLoader(context.db, request, 'staff');

export default function StaffLayout() {
  const { t } = useTranslation();
  return <RoleLayout role="staff" nav={[
        { to: '/staff', label: t('staff.homeTitle'), end: true },
        { to: '/staff/cycles', label: t('cycles.title') },
        { to: '/staff/master-data', label: t('masterData.title') },
        { to: '/staff/spec-pictures', label: t('specPictures.nav') },
        { to: '/staff/route-handover', label: t('handover.nav') },
        { to: '/staff/grade-rules', label: t('shop.gradeRules.nav') },
        { to: '/staff/suggestions', label: t('ruleStaff.nav') },
        { to: '/staff/reports', label: t('reports.page.title') },
        { to: '/staff/reminders', label: t('notifyStaff.nav') },
        { to: '/staff/backtest', label: t('backtest.title') },
        { to: '/staff/satisfaction', label: t('managerWork.satisfaction.staffTitle') },
        { to: '/staff/notices', label: t('notices.nav') },
        { to: '/staff/supervision', label: t('supervision.nav') },
        { to: '/staff/questions', label: t('questions.desk.nav') },
      ]} />;
}
