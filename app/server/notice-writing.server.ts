/**
 * Writing a notice (issue 19), the same for staff (to the county, or by station, route, business type and grade
 * band) and managers (their own route's shops; publishNotice keeps a manager's audience on its route whatever the
 * form names). A multipart form (readFileForm): the attachment is read with a size limit, checked by its bytes in publishNotice,
 * and the notice with its file and recipients is written in one transaction or not at all.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { noticeForm } from '~/domain/forms/notices';
import { MAX_NOTICE_FILE_BYTES } from '~/domain/notices';
import { requireRole } from './auth.server';
import { readFileForm } from './file-form.server';
import { invalid, refused } from './http.server';
import { noticeFormOptions, publishNotice } from './notices.server';

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
    // Refused over an empty submission (the body was not read, or not whole), beside the attachment field.
    const read = await readFileForm(request, MAX_NOTICE_FILE_BYTES);
    if (!read.ok) {
      const unread = parseWithZod(new FormData(), { schema: z.object({}) });
      return read.reason === 'too_large' ? refused(unread, 'file_too_large', { status: 413, field: 'attachment' }) : refused(unread, 'file_unreadable', { field: 'attachment' });
    }
    const form = read.form;
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
