/**
 * Receives an uploaded file and stages it for preview (nothing is written to the shop's data here). The page
 * posts it with XMLHttpRequest to show upload progress and gets JSON back; without JavaScript the form posts
 * normally and is redirected to the preview.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { stageUploadForm } from '~/domain/forms/upload-stage';
import { requireUser } from '~/server/auth.server';
import { serverT } from '~/server/i18n.server';
import { stageFile } from '~/server/uploads/staging.server';
import { isReadErrorCode, readErrorMessage, readErrorStatus, uploadRefusalHeaders } from '~/ui/uploads/read-error-message';
import { readFileForm } from '~/server/file-form.server';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const t = await serverT(request);
  const wantsJson = (request.headers.get('Accept') ?? '').includes('application/json');
  const fail = (code: string, detail: Record<string, string | number> = {}, status = 400, fileName = '') => {
    const message = readErrorMessage(t, code, detail, fileName) ?? t(`uploads.error.${code as 'not_found'}`, detail);
    const headers = uploadRefusalHeaders(code);
    if (wantsJson) return Response.json({ ok: false, code, message }, { status, headers });
    const query = new URLSearchParams({ error: code, ...(fileName ? { file: fileName } : {}), ...(Object.keys(detail).length ? { detail: JSON.stringify(detail) } : {}) });
    return redirect(`${backTo}?${query}`);
  };
  // Where a form posted without JavaScript goes back to: the page it was posted from, once the shop is known.
  let backTo = user.role === 'retailer' ? '/retailer/uploads' : '/manager';
  const tooLarge = { maxBytes: MAX_UPLOAD_BYTES };
  // Node's own multipart parser (readFileForm): it holds the event loop a third as long as Remix's
  // unstable_parseMultipartFormData (~100 vs ~300 ms for 15 MB), which every other request waits for.
  const read = await readFileForm(request, MAX_UPLOAD_BYTES);
  if (!read.ok) return read.reason === 'too_large' ? fail('too_large', tooLarge, 413) : fail('no_file', {}, 400);
  const form = read.form;
  // The fields through the form's schema; the file is read as it arrived (a chosen but empty file is named so).
  const submission = parseWithZod(form, { schema: stageUploadForm });
  const file = form.get('file');
  if (submission.status !== 'success' || !(file instanceof File) || file.size === 0) return fail(file instanceof File && file.size === 0 ? 'empty_file' : 'no_file', {}, 400, file instanceof File ? file.name : '');
  // A retailer stages for its own shop; a manager names one of its route's shops (checked in the query).
  const retailerId = user.role === 'retailer' ? user.retailerId : submission.value.retailerId;
  if (!retailerId) return fail('not_found', {}, 404);
  if (user.role === 'manager') backTo = `/manager/retailers/${retailerId}/data`;

  const staged = await stageFile(context.db, user, retailerId, submission.value.kind, file.name, new Uint8Array(await file.arrayBuffer()));
  if (!staged.ok) {
    const status = staged.code === 'not_found' ? 404 : isReadErrorCode(staged.code) ? readErrorStatus(staged.code) : 422;
    return fail(staged.code, staged.detail ?? {}, status, file.name);
  }
  const previewUrl = user.role === 'retailer' ? `/retailer/uploads/${staged.stagedId}` : `/manager/retailers/${retailerId}/uploads/${staged.stagedId}`;
  return wantsJson ? Response.json({ ok: true, previewUrl }) : redirect(previewUrl);
}
