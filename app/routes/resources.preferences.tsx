/** Per-user display preferences (large text for older shop owners), kept on the user's row. */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { largeTextForm } from '~/domain/forms/preferences';
import { safeRedirectPath } from '~/domain/redirect-target';
import { requireUser } from '~/server/auth.server';
import { setLargeText } from '~/server/accounts.server';
import { invariantResponse } from '~/server/http.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: largeTextForm });
  invariantResponse(submission.status === 'success', 'Bad Request', { status: 400 });
  await setLargeText(context.db, user.userId, submission.value.largeText === '1');
  throw redirect(safeRedirectPath(submission.value.redirectTo ?? null, '/'));
}

export function loader() {
  throw redirect('/');
}
