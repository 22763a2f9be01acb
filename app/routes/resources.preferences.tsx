/** Per-user display preferences (large text for older shop owners), kept on the user's row. */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { safeRedirectPath } from '~/domain/redirect-target';
import { requireUser } from '~/server/auth.server';
import { setLargeText } from '~/server/accounts.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const form = await request.formData();
  await setLargeText(context.db, user.userId, form.get('largeText') === '1');
  throw redirect(safeRedirectPath(form.get('redirectTo'), '/'));
}

export function loader() {
  throw redirect('/');
}
