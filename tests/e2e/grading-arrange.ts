/**
 * What the 档位评定 browser test (grading.spec.ts) needs: its review to approve only shops no other browser test
 * names. Approved grades take effect when the next cycle opens, which another test does (cycle-admin.spec.ts), and
 * the other tests' shops must keep the grades their caps were arranged for: the proposal's lines of every other shop
 * are kept at their grade (as staff would with 保持原档), the rows that button writes.
 */
import { connect } from '../../db/connect';
import { E2E_DATABASE } from './arrange';
import { deliveredCycleShortOfAScarceSpec, SPARE_SHOPS } from './supply-arrange';

/**
 * The e2e county has a few weeks of history, shorter than the grading window: every shop would be "new" and none
 * judged. The spare shops get a delivered order sixty weeks back (their first), so they are judged on the weeks
 * they ordered in the window.
 */
export async function spareShopsOrderedBeforeTheWindow(): Promise<void> {
  await deliveredCycleShortOfAScarceSpec(60);
}

export async function keepAllButSpareShops(): Promise<{ pendingSpare: number }> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const proposal = await db.selectFrom('gradeProposals').select('id').where('status', '=', 'open').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const spare = db.selectFrom('retailers').select('id').where('licenceNo', 'in', SPARE_SHOPS);
    await db.updateTable('gradeProposalLines').set({ decision: 'rejected' }).where('proposalId', '=', proposal.id).where('decision', '=', 'pending').where('retailerId', 'not in', spare).execute();
    const pending = await db.selectFrom('gradeProposalLines').select((eb) => eb.fn.countAll<number>().as('n')).where('proposalId', '=', proposal.id).where('decision', '=', 'pending').executeTakeFirstOrThrow();
    return { pendingSpare: Number(pending.n) };
  } finally {
    await db.destroy();
  }
}
