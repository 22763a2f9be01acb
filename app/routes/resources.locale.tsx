import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { languageForm } from '~/domain/forms/preferences';
import { safeRedirectPath } from '~/domain/redirect-target';
import { isLanguage } from '~/i18n/config';
import { invariantResponse } from '~/server/http.server';
import { languageCookie } from '~/server/i18n.server';

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: languageForm });
  invariantResponse(submission.status === 'success', 'Bad Request', { status: 400 });
  const { lng } = submission.value;
  const to = safeRedirectPath(submission.value.redirectTo ?? null, '/');
  if (!isLanguage(lng)) throw redirect(to);
  throw redirect(to, { headers: { 'Set-Cookie': await languageCookie.serialize(lng) } });
}

export function loader() {
  throw redirect('/');
}
