/**
 * A notice for one shop (or a few) of the e2e county (issue 19), as publishing would have left it: the notice, its
 * PNG attachment and those shops as its recipients (a real audience would reach shops other specs use).
 */
import { E2E_DATABASE } from './arrange';
import { connect } from '../../db/connect';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

export async function importantNoticeFor(licenceNo: string | readonly string[], title: string, body: string): Promise<number> {
  const licenceNos = typeof licenceNo === 'string' ? [licenceNo] : licenceNo;
  const db = connect({ url: E2E_DATABASE });
  try {
    const shops = await db.selectFrom('retailers').select('id').where('licenceNo', 'in', licenceNos).execute();
    const staff = await db.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow();
    const notice = await db
      .insertInto('notices')
      .values({
        title,
        body,
        important: 1,
        authorUserId: staff.id,
        managerId: null,
        audienceJson: JSON.stringify({ stationIds: [], managerIds: [], businessTypes: [], gradeFrom: null, gradeTo: null }),
        recipientCount: shops.length,
        attachmentName: '海报.png',
        attachmentType: 'image/png',
        attachmentBytes: PNG.length,
        createdAt: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('noticeFiles').values({ noticeId: notice.id, content: PNG }).execute();
    await db
      .insertInto('noticeRecipients')
      .values(shops.map((shop) => ({ noticeId: notice.id, retailerId: shop.id, readAt: null, acknowledgedAt: null, chasedAt: null })))
      .execute();
    return notice.id;
  } finally {
    await db.destroy();
  }
}

/** How many notices have this title (other specs publish notices of their own meanwhile). */
export async function noticeCount(title: string): Promise<number> {
  const db = connect({ url: E2E_DATABASE });
  try {
    return (await db.selectFrom('notices').select('id').where('title', '=', title).execute()).length;
  } finally {
    await db.destroy();
  }
}

/** Shops of the e2e county (60 of them) that no spec signs in as or arranges. */
const UNUSED_SHOPS = [42, 44, 45, 49, 51, 53, 54, 56, 57, 58, 59, 60].map((n) => `4403001000${n}`);

/** The user name of the shop's account manager, and a shop no spec uses, with an account, on another manager's route. */
export async function routeOf(licenceNo: string): Promise<{ manager: string; otherRouteShop: string }> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const own = await db
      .selectFrom('retailers')
      .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
      .innerJoin('users', 'users.id', 'accountManagers.userId')
      .select(['users.username', 'retailers.managerId'])
      .where('retailers.licenceNo', '=', licenceNo)
      .executeTakeFirstOrThrow();
    const other = await db
      .selectFrom('retailers')
      .select('licenceNo')
      .where('managerId', '!=', own.managerId)
      .where('licenceNo', 'in', UNUSED_SHOPS)
      .where('userId', 'is not', null)
      .where('active', '=', 1)
      .orderBy('licenceNo', 'desc')
      .executeTakeFirstOrThrow();
    return { manager: own.username, otherRouteShop: other.licenceNo };
  } finally {
    await db.destroy();
  }
}
