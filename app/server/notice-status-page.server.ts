/**
 * A notice's status page (issue 19), the same for staff (every shop) and managers (their route's shops): the loader
 * shows who has read and acknowledged it and who is left; the action chases those left through the notification
 * outbox (chaseNotice), scoped in the query like the loader.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { noticeChaseForm } from '~/domain/forms/notices';
import { requireRole } from './auth.server';
import { done, getParams, getSearch, idParam, invalid, invariantResponse, refused } from './http.server';
import { chaseNotice, noticeStatus } from './notices.server';

type Reader = 'staff' | 'manager';

const Params = z.object({ noticeId: idParam });
const Search = z.object({ published: z.coerce.number().int().nonnegative().optional().catch(undefined) });

export function noticeStatusLoader(role: Reader) {
  return async ({ request, params, context }: LoaderFunctionArgs) => {
    const user = await requireRole(context.db, request, role);
    const { noticeId } = getParams(params, Params);
    const status = await noticeStatus(context.db, user, noticeId);
    invariantResponse(status, 'Not Found');
    const { published } = getSearch(request, Search);
    return { status, published: published ?? null };
  };
}

export function noticeChaseAction(role: Reader) {
  return async ({ request, params, context }: ActionFunctionArgs) => {
    const user = await requireRole(context.db, request, role);
    const { noticeId } = getParams(params, Params);
    const submission = parseWithZod(await request.formData(), { schema: noticeChaseForm });
    if (submission.status !== 'success') return invalid(submission);
    const r = await chaseNotice(context.db, user, noticeId);
    if (!r.ok) return refused(submission, r.reason, { status: r.reason === 'not_found' ? 404 : 409, extra: { nextAt: r.nextAt } });
    return done(submission, { chased: r.chased, recent: r.recent, unreachable: r.unreachable });
  };
}
