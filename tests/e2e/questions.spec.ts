/**
 * Questions answered, in the browser at 360 px (issue 19): a shop asks from its questions page, its own account
 * manager answers from the inbox, the shop finds the answer through the to-do on its home, reads it and rates it.
 * The question's text is hostile: it is shown as typed, never run.
 */
import { expect, test } from '@playwright/test';
import { connect } from '../../db/connect';
import { E2E_DATABASE } from './arrange';
import { expectNoHorizontalScroll, signIn } from './helpers';

const SHOP = '440300100047';
// Sign-in hashes the password (argon2, slow on purpose): on a busy machine it takes longer than expect's default.
const SIGNED_IN = { timeout: 30_000 };
test.describe.configure({ timeout: 120_000 });

/** The user name of the shop's own account manager. */
async function managerOf(licenceNo: string): Promise<string> {
  const db = connect({ url: E2E_DATABASE });
  try {
    const row = await db
      .selectFrom('retailers')
      .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
      .innerJoin('users', 'users.id', 'accountManagers.userId')
      .select('users.username')
      .where('retailers.licenceNo', '=', licenceNo)
      .executeTakeFirstOrThrow();
    return row.username;
  } finally {
    await db.destroy();
  }
}

test('a shop asks a question, its manager answers it, and the shop reads the answer from home and rates it', async ({ page, browser }) => {
  const question = `下周的中华（硬）为什么只配了一条？<img src=x onerror="window.__xss=1"> ${Date.now()}`;
  await signIn(page, SHOP);
  await expect(page).toHaveURL(/\/retailer$/, SIGNED_IN);
  await page.goto('/retailer/questions');
  await page.locator('summary.chip', { hasText: '提问' }).first().click();
  await page.getByLabel('您的问题').fill(question);
  await expectNoHorizontalScroll(page);
  const send = page.getByRole('button', { name: '发送', exact: true });
  expect((await send.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await send.click();
  await expect(page.getByRole('status').filter({ hasText: '已发送' })).toBeVisible();

  const manager = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await signIn(manager, await managerOf(SHOP));
  await expect(manager).toHaveURL(/\/manager/, SIGNED_IN);
  await manager.goto('/manager/questions');
  const card = manager.locator('li.question', { hasText: question });
  await expect(card).toBeVisible();
  await expect(card.locator('img')).toHaveCount(0);
  await card.getByLabel('答复').fill('本期该品规货源紧张，按档位投放；下期会补。');
  await card.getByRole('button', { name: '发送答复' }).click();
  await expect(manager.getByRole('status').filter({ hasText: '已答复' })).toBeVisible();
  await expectNoHorizontalScroll(manager);
  await manager.close();

  await page.goto('/retailer');
  const todo = page.locator('.todo-item[data-kind="answers_unread"]');
  await expect(todo).toContainText('您的提问有 1 条新答复。');
  await todo.getByRole('link', { name: '看答复' }).click();
  await expect(page).toHaveURL(/\/retailer\/questions/);
  const mine = page.locator('li', { hasText: question }).first();
  await expect(mine).toContainText('本期该品规货源紧张');
  await mine.getByLabel('5 分').check();
  await mine.getByRole('button', { name: '提交评分' }).click();
  await expect(page.getByText('谢谢您的评分。')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await page.goto('/retailer');
  await expect(page.locator('.todo-item[data-kind="answers_unread"]')).toHaveCount(0);
});
