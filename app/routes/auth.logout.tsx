import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { endSession } from '~/server/session.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const setCookie = await endSession(context.db, request);
  throw redirect('/auth/login?signedOut=1', { headers: { 'Set-Cookie': setCookie } });
}

// Signing out changes state, so it is a POST only; a GET (a link, a prefetch) just goes home.
export function loader() {
  throw redirect('/');
}
