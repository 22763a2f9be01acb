import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { safeRedirectPath } from '~/domain/redirect-target';
import { isLanguage } from '~/i18n/config';
import { languageCookie } from '~/server/i18n.server';

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get('lng');
  const to = safeRedirectPath(form.get('redirectTo'), '/');
  if (!isLanguage(lng)) throw redirect(to);
  throw redirect(to, { headers: { 'Set-Cookie': await languageCookie.serialize(lng) } });
}

export function loader() {
  throw redirect('/');
}
