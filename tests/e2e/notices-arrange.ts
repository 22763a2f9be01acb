/**
 * A notice for one shop of the e2e county (issue 19), as publishing would have left it: the notice, its PNG
 * attachment and the shop as its one recipient (a real audience would reach shops other specs use).
 */
import { E2E_DATABASE } from './arrange';
import { connect } from '../../db/connect';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

export async function importantNoticeFor(licenceNo: string, title: string, body: string): Promise<number> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const shop = await db.selectFrom('retailers').select('id').where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
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
        recipientCount: 1,
        attachmentName: '海报.png',
        attachmentType: 'image/png',
        attachmentBytes: PNG.length,
        createdAt: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('noticeFiles').values({ noticeId: notice.id, content: PNG }).execute();
    await db.insertInto('noticeRecipients').values({ noticeId: notice.id, retailerId: shop.id, readAt: null, acknowledgedAt: null }).execute();
    return notice.id;
  } finally {
    await db.destroy();
  }
}

export async function noticeCount(): Promise<number> {
  const db = connect({ url: E2E_DATABASE });
  try {
    return (await db.selectFrom('notices').select('id').execute()).length;
  } finally {
    await db.destroy();
  }
}
