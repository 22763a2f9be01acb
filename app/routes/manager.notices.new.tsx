/** Writing a notice (issue 19) as a manager: to its own route's shops (all, or by business type and grade band); what the staff and manager pages share is app/server/notice-writing.server.ts. */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { noticeForm } from '~/domain/forms/notices';
import { MAX_NOTICE_FILE_BYTES } from '~/domain/notices';
import { requireRole } from '~/server/auth.server';
import { readFileForm } from '~/server/file-form.server';
import { invalid } from '~/server/http.server';
import { noticeFormUnread, publishNoticeForm } from '~/server/notice-writing.server';
import { noticeFormOptions } from '~/server/notices.server';
import type { Reply } from '~/ui/form-reply';
import { NoticeForm } from '~/ui/notices/notice-form';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  return { options: await noticeFormOptions(context.db, user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const read = await readFileForm(request, MAX_NOTICE_FILE_BYTES);
  if (!read.ok) return noticeFormUnread(read.reason);
  const submission = parseWithZod(read.form, { schema: noticeForm });
  if (submission.status !== 'success') return invalid(submission);
  return publishNoticeForm(context.db, user, submission, '/manager/notices');
}

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
