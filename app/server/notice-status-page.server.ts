/**
 * A notice's status page (issue 19): what the staff and manager pages share (app/routes/staff.notices.$noticeId.tsx,
 * manager.notices.$noticeId.tsx). Chasing the shops still to read or acknowledge it through the notification
 * outbox (chaseNotice), scoped in the query like the page's status (noticeStatus): staff every shop, a manager its
 * route's.
 */
import type { Submission } from '@conform-to/react';
import type { DB } from './db.server';
import { done, refused } from './http.server';
import { chaseNotice } from './notices.server';
import type { ScopeUser } from './scope.server';

/**
 * The chase form (parsed at the route's edge) done: how many shops were reminded, how many had been lately and how
 * many cannot be reached. A notice out of the user's scope is 404; any other refusal 409 (nothing to chase, nobody
 * with an account, chased too recently: then with when it may be chased again).
 */
export async function chaseNoticeForm(db: DB, user: ScopeUser, noticeId: number, submission: Submission<unknown>) {
  const r = await chaseNotice(db, user, noticeId);
  if (!r.ok) return refused(submission, r.reason, { status: r.reason === 'not_found' ? 404 : 409, extra: { nextAt: r.nextAt } });
  return done(submission, { chased: r.chased, recent: r.recent, unreachable: r.unreachable });
}
