import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { getUser, HOME_OF } from '~/server/auth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(context.db, request);
  throw redirect(user ? HOME_OF[user.role] : '/auth/login');
}
