import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireRole } from '~/server/auth.server';
import { previewAction, previewGone } from '~/server/uploads/preview-actions.server';
import { previewStaged } from '~/server/uploads/staging.server';
import { UploadPreview } from '~/ui/uploads/preview';
import { previewForm } from '~/domain/forms/upload-preview';
import { z } from 'zod';
import { getParams, idParam, invalid, invariantResponse, tokenParam } from '~/server/http.server';

const Params = z.object({ retailerId: idParam, stagedId: tokenParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId, stagedId } = getParams(params, Params);
  const preview = await previewStaged(context.db, user, stagedId);
  if (!preview) return previewGone(context.db, user, stagedId, `/manager/retailers/${retailerId}/data`, retailerId);
  invariantResponse(preview.retailerId === retailerId, 'Not Found');
  return preview;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId, stagedId } = getParams(params, Params);
  const submission = parseWithZod(await request.formData(), { schema: previewForm });
  if (submission.status !== 'success') return invalid(submission);
  return previewAction(context.db, user, stagedId, submission, `/manager/retailers/${retailerId}/data`);
}

export default function ManagerUploadPreview() {
  return <UploadPreview preview={useLoaderData<typeof loader>()} />;
}
