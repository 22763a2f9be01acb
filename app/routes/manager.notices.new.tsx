/** Writing a notice (issue 19) as a manager: to its own route's shops (all, or by business type and grade band); the loader and action are app/server/notice-writing.server.ts. */
import type { LinksFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { noticeWriteAction, noticeWriteLoader } from '~/server/notice-writing.server';
import type { Reply } from '~/ui/form-reply';
import { NoticeForm } from '~/ui/notices/notice-form';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export const loader = noticeWriteLoader('manager');
export const action = noticeWriteAction('manager');

export default function ManagerNoticeNew() {
  const { options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply;
  const { t } = useTranslation();
  return (
    <>
      <h1 id="notice-write-title">{t('noticesAdmin.write.title')}</h1>
      <section className="card">
        <NoticeForm options={options} reply={reply} showRoutes={false} />
      </section>
    </>
  );
}
