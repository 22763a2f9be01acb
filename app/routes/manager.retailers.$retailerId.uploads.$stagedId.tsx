import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireRole } from '~/server/auth.server';
import { handlePreviewAction, previewGone } from '~/server/uploads/preview-actions.server';
import { previewStaged } from '~/server/uploads/staging.server';
import { UploadPreview } from '~/ui/uploads/preview';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const preview = await previewStaged(context.db, user, params.stagedId ?? '');
  if (!preview) return previewGone(context.db, user, params.stagedId ?? '', `/manager/retailers/${Number(params.retailerId)}/data`, Number(params.retailerId));
  if (preview.retailerId !== Number(params.retailerId)) throw new Response('Not Found', { status: 404 });
  return preview;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  return handlePreviewAction(context.db, request, user, params.stagedId ?? '', `/manager/retailers/${Number(params.retailerId)}/data`);
}

export default function ManagerUploadPreview() {
  return <UploadPreview preview={useLoaderData<typeof loader>()} />;
}
