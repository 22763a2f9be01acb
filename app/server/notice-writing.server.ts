/**
 * Writing a notice (issue 19), the same for staff (to the county, or by station, route, business type and grade
 * band) and managers (their own route's shops; publishNotice keeps a manager's audience on its route whatever the
 * form names). A multipart form: the attachment is read with a size limit, checked by its bytes in publishNotice,
 * and the notice with its file and recipients is written in one transaction or not at all.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { z } from 'zod';
import { noticeForm } from '~/domain/forms/notices';
import { MAX_NOTICE_FILE_BYTES } from '~/domain/notices';
import { requireRole } from './auth.server';
import { invalid, refused } from './http.server';
import { noticeFormOptions, publishNotice } from './notices.server';
import { declaresFileOver } from './request-size.server';

type Writer = 'staff' | 'manager';

/** The write page's loader: the audience choices the writer may use. */
export function noticeWriteLoader(role: Writer) {
  return async ({ request, context }: LoaderFunctionArgs) => {
    const user = await requireRole(context.db, request, role);
    return { options: await noticeFormOptions(context.db, user) };
  };
}

/** The write page's action: publish, then go to the notice's status page under the writer's own pages. */
export function noticeWriteAction(role: Writer) {
  return async ({ request, context }: ActionFunctionArgs) => {
    const user = await requireRole(context.db, request, role);
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
    throw redirect(`/${role}/notices/${r.id}?published=${r.recipients}`);
  };
}
