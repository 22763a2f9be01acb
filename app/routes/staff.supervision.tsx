/** 市场监管 (issue 18): the county's shops whose orders of scarce specs run far beyond their scanned sales. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireRole } from '~/server/auth.server';
import { supervisionList } from '~/server/supervision.server';
import { SupervisionList } from '~/ui/supervision/supervision-list';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  return supervisionList(context.db, user);
}

export default function StaffSupervision() {
  return <SupervisionList list={useLoaderData<typeof loader>()} />;
}
