import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireRetailer } from '~/server/auth.server';
import { db } from '~/server/db.server';
import { handlePreviewAction } from '~/server/uploads/preview-actions.server';
import { previewStaged } from '~/server/uploads/staging.server';
import { UploadPreview } from '~/ui/uploads/preview';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRetailer(request);
  const preview = await previewStaged(db(), user, params.stagedId ?? '');
  if (!preview) throw new Response('Not Found', { status: 404 });
  return preview;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRetailer(request);
  return handlePreviewAction(db(), request, user, params.stagedId ?? '', '/retailer/uploads');
}

export default function RetailerUploadPreview() {
  return <UploadPreview preview={useLoaderData<typeof loader>()} />;
}
