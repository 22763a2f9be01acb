/** Writing a notice (issue 19) as staff: to the county, or by station, route, business type and grade band; the loader and action are app/server/notice-writing.server.ts. */
import type { LinksFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { noticeWriteAction, noticeWriteLoader } from '~/server/notice-writing.server';
import type { Reply } from '~/ui/form-reply';
import { NoticeForm } from '~/ui/notices/notice-form';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export const loader = noticeWriteLoader('staff');
export const action = noticeWriteAction('staff');

export default function StaffNoticeNew() {
  const { options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply;
  const { t } = useTranslation();
  return (
    <>
      <h1 id="notice-write-title">{t('noticesAdmin.write.title')}</h1>
      <section className="card">
        <NoticeForm options={options} reply={reply} showRoutes={true} />
      </section>
    </>
  );
}
