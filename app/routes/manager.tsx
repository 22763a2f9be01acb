import type { LoaderFunctionArgs } from '@remix-run/node';
import { useTranslation } from 'react-i18next';
import { roleLayoutLoader } from '~/server/auth.server';
import { RoleLayout } from '~/ui/role-layout';

export const loader = ({ request, context }: LoaderFunctionArgs) => roleLayoutLoader(context.db, request, 'manager');

export default function ManagerLayout() {
  const { t } = useTranslation();
  return (
    <RoleLayout
      role="manager"
      nav={[
        { to: '/manager', label: t('manager.homeTitle'), end: true },
        { to: '/manager/follow-up', label: t('managerWork.nav.followUp') },
        { to: '/manager/benchmarks', label: t('managerWork.nav.benchmarks') },
        { to: '/manager/satisfaction', label: t('managerWork.nav.satisfaction') },
        { to: '/manager/notices', label: t('notices.nav') },
        { to: '/manager/supervision', label: t('supervision.nav') },
        { to: '/manager/questions', label: t('questions.desk.nav') },
      ]}
    />
  );
}
