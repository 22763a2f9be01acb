/**
 * Writing a notice (issue 19) as manager: to its own route's shops (all, or by business type and grade band).
 * A multipart form: the attachment is read with a size limit, checked by its bytes in publishNotice, and the
 * notice with its file and recipients is written in one transaction or not at all.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { noticeForm } from '~/domain/forms/notices';
import { MAX_NOTICE_FILE_BYTES } from '~/domain/notices';
import { requireRole } from '~/server/auth.server';
import { invalid, refused } from '~/server/http.server';
import { noticeFormOptions, publishNotice } from '~/server/notices.server';
import { declaresFileOver } from '~/server/request-size.server';
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
  // Refused before the body is read: over an empty submission, beside the attachment field.
  const unread = () => parseWithZod(new FormData(), { schema: z.object({}) });
  if (declaresFileOver(request, MAX_NOTICE_FILE_BYTES)) return refused(unread(), 'file_too_large', { status: 413, field: 'attachment' });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_NOTICE_FILE_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return refused(unread(), 'file_too_large', { status: 413, field: 'attachment' });
    // Remix's multipart reader cannot read some file names (an '=' in one, for instance): say so beside the file.
    return refused(unread(), 'file_name', { field: 'attachment' });
  }
  const submission = parseWithZod(form, { schema: noticeForm });
  if (submission.status !== 'success') return invalid(submission);
  const { attachment, title, body, important, stationIds, managerIds, businessTypes, gradeFrom, gradeTo } = submission.value;
  const file = attachment && attachment.size > 0 ? { name: attachment.name, bytes: new Uint8Array(await attachment.arrayBuffer()) } : null;
  const r = await publishNotice(
    context.db,
    user,
    { title, body, important, audience: { stationIds, managerIds, businessTypes, gradeFrom: gradeFrom ?? null, gradeTo: gradeTo ?? null } },
    file,
  );
  if (!r.ok) return refused(submission, r.reason, { field: r.field });
  throw redirect(`/manager/notices/${r.id}?published=${r.recipients}`);
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
