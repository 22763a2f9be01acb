/** One notice's status (issue 19) for staff: the notice, its audience, who has read and acknowledged it, and who to chase. */
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireRole } from '~/server/auth.server';
import { getParams, idParam, invariantResponse } from '~/server/http.server';
import { noticeStatus } from '~/server/notices.server';
import { NoticeStatus } from '~/ui/notices/notice-admin';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

const Params = z.object({ noticeId: idParam });
const Search = z.object({ published: z.coerce.number().int().nonnegative().optional().catch(undefined) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { noticeId } = getParams(params, Params);
  const status = await noticeStatus(context.db, user, noticeId);
  invariantResponse(status, 'Not Found');
  const { published } = Search.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { status, published: published ?? null };
}

export default function StaffNotice() {
  const { status, published } = useLoaderData<typeof loader>();
  return <NoticeStatus data={status} published={published} base="/staff/notices" />;
}
