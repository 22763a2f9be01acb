/**
 * Writing a notice (issue 19): what the staff and manager write pages share (app/routes/staff.notices.new.tsx,
 * manager.notices.new.tsx). Staff write to the county, or by station, route, business type and grade band; a
 * manager to its own route's shops (publishNotice keeps a manager's audience on its route whatever the form names).
 * A multipart form (readFileForm in the route): the attachment is read with a size limit, checked by its bytes in
 * publishNotice, and the notice with its file and recipients is written in one transaction or not at all.
 */
import type { Submission } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect } from '@remix-run/node';
import { z } from 'zod';
import type { NoticeFormValue } from '~/domain/forms/notices';
import type { DB } from './db.server';
import type { FileFormRead } from './file-form.server';
import { refused } from './http.server';
import { publishNotice } from './notices.server';
import type { ScopeUser } from './scope.server';

/**
 * A notice form readFileForm could not read: refused over an empty submission (the body was not read, or not whole),
 * beside the attachment field — 413 when it was too large.
 */
export function noticeFormUnread(reason: Extract<FileFormRead, { ok: false }>['reason']) {
  const unread = parseWithZod(new FormData(), { schema: z.object({}) });
  return reason === 'too_large' ? refused(unread, 'file_too_large', { status: 413, field: 'attachment' }) : refused(unread, 'file_unreadable', { field: 'attachment' });
}

/**
 * The notice as the form says (parsed at the route's edge), published; then on to its status page under the
 * writer's own pages (`statusPath`), saying how many shops it reached. A refusal names its field.
 */
export async function publishNoticeForm(db: DB, user: ScopeUser, submission: Extract<Submission<NoticeFormValue>, { status: 'success' }>, statusPath: string) {
  const { attachment, title, body, important, stationIds, managerIds, businessTypes, gradeFrom, gradeTo } = submission.value;
  const file = attachment && attachment.size > 0 ? { name: attachment.name, bytes: new Uint8Array(await attachment.arrayBuffer()) } : null;
  const r = await publishNotice(db, user, { title, body, important, audience: { stationIds, managerIds, businessTypes, gradeFrom: gradeFrom ?? null, gradeTo: gradeTo ?? null } }, file);
  if (!r.ok) return refused(submission, r.reason, { field: r.field });
  throw redirect(`${statusPath}/${r.id}?published=${r.recipients}`);
}
