/** One notice's status (issue 19) for a manager: the notice, its audience, who has read and acknowledged it on its route, and who to chase (and chasing them). */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { noticeChaseForm, noticeParams, noticeStatusSearch } from '~/domain/forms/notices';
import { requireRole } from '~/server/auth.server';
import { getParams, getSearch, invalid, invariantResponse } from '~/server/http.server';
import { chaseNoticeForm } from '~/server/notice-status-page.server';
import { noticeStatus } from '~/server/notices.server';
import { NoticeStatus, type ChaseReply } from '~/ui/notices/notice-admin';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { noticeId } = getParams(params, noticeParams);
  const status = await noticeStatus(context.db, user, noticeId);
  invariantResponse(status, 'Not Found');
  const { published } = getSearch(request, noticeStatusSearch);
  return { status, published: published ?? null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { noticeId } = getParams(params, noticeParams);
  const submission = parseWithZod(await request.formData(), { schema: noticeChaseForm });
  if (submission.status !== 'success') return invalid(submission);
  return chaseNoticeForm(context.db, user, noticeId, submission);
}

export default function ManagerNotice() {
  const { status, published } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ChaseReply | undefined;
  return <NoticeStatus data={status} published={published} reply={reply} base="/manager/notices" />;
}
