/** Notices (issue 19) for staff: those published, newest first, with how many shops have read and acknowledged each. */
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { noticeList } from '~/server/notices.server';
import { NoticeAdminList } from '~/ui/notices/notice-admin';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  return { notices: await noticeList(context.db, user) };
}

export default function StaffNotices() {
  const { notices } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('notices.title')}</h1>
      <p>
        <Link className="button" to="/staff/notices/new">
          {t('noticesAdmin.write.link')}
        </Link>
      </p>

      <NoticeAdminList notices={notices} base="/staff/notices" />
    </>
  );
}
