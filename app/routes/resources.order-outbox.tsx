/**
 * Where the shop's phone sends the order changes it kept while the signal was gone (app/ui/offline/outbox.ts):
 * one JSON change per POST, answered as JSON. The shop's own order only, as on the order page.
 */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { requireRetailer } from '~/server/auth.server';
import { handlePhoneChange } from '~/server/order-actions.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  return handlePhoneChange(context.db, request, user, retailerId);
}

export function loader() {
  throw redirect('/retailer/order');
}
