/** One notice's status (issue 19) for staff: the notice, its audience, who has read and acknowledged it, and who to chase (and chasing them). */
import type { LinksFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { noticeChaseAction, noticeStatusLoader } from '~/server/notice-status-page.server';
import { NoticeStatus, type ChaseReply } from '~/ui/notices/notice-admin';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export const loader = noticeStatusLoader('staff');
export const action = noticeChaseAction('staff');

export default function StaffNotice() {
  const { status, published } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ChaseReply | undefined;
  return <NoticeStatus data={status} published={published} reply={reply} base="/staff/notices" />;
}
