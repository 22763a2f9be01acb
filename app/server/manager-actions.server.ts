/** The contact-note action shared by the follow-up page and the profile: parse, check scope, store. */
import { data } from '@remix-run/node';
import { contactNoteSchema, fieldErrors } from '~/domain/forms/manager-work';
import type { DB } from './db.server';
import { addContactNote } from './follow-up.server';
import type { ScopeUser } from './scope.server';

export async function handleContactNote(db: DB, user: ScopeUser, form: FormData) {
  const parsed = contactNoteSchema.safeParse(Object.fromEntries(form));
  const retailerId = Number(form.get('retailerId')) || null;
  if (!parsed.success) return data({ ok: false as const, intent: 'note' as const, retailerId, errors: fieldErrors(parsed.error) }, { status: 400 });
  const result = await addContactNote(db, user, parsed.data);
  if (!result.ok) return data({ ok: false as const, intent: 'note' as const, retailerId, errors: { retailerId: 'not_found' } }, { status: 404 });
  return { ok: true as const, intent: 'note' as const, retailerId: parsed.data.retailerId };
}
