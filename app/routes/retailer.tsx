import type { LoaderFunctionArgs } from '@remix-run/node';
import { useTranslation } from 'react-i18next';
import { roleLayoutLoader } from '~/server/auth.server';
import { RoleLayout } from '~/ui/role-layout';
import { appManifestLinks, useServiceWorker } from '~/ui/offline/service-worker';

// The shop's phone can install the app and open the order page without signal (app/ui/offline/).
export const links = () => appManifestLinks;

export const loader = ({ request, context }: LoaderFunctionArgs) => roleLayoutLoader(context.db, request, 'retailer');

export default function RetailerLayout() {
  const { t } = useTranslation();
  useServiceWorker();
  return <RoleLayout role="retailer" nav={[
        { to: '/retailer', label: t('nav.home'), end: true },
        { to: '/retailer/order', label: t('order.nav') },
        { to: '/retailer/orders', label: t('order.historyNav') },
        { to: '/retailer/uploads', label: t('uploads.nav') },
        { to: '/retailer/notices', label: t('notices.nav') },
      ]} />;
}
