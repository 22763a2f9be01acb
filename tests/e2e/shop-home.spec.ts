/**
 * The shop's home tells the truth (issue 16, item 2): a submitted order changed without resubmitting and an open
 * data issue are listed, most urgent first, each with one big button; and the two new shop pages open — "how did
 * the suggestions do" (also for the shop's manager) and "my grade", with the text staff write for it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { orderingCycle, saveCart, submitOrder } from '~/server/orders.server';
import { connect } from '../../db/connect';
import { E2E_DATABASE } from './arrange';
import { expectNoHorizontalScroll, signIn } from './helpers';

const SHOP = '440300100020';

/**
 * The shop submitted 1 carton of an ordinary spec this cycle, then changed it to 2 without resubmitting; and one of
 * its counts is off (an open 库存误差). Returns the shop's id and its manager's user name.
 */
async function changedOrderAndAnIssue() {
  const db = connect({ url: E2E_DATABASE });
  try {
    const shop = await db
      .selectFrom('retailers')
      .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
      .innerJoin('users', 'users.id', 'accountManagers.userId')
      .select(['retailers.id', 'retailers.userId', 'retailers.orderWeekday', 'users.username as manager'])
      .where('retailers.licenceNo', '=', SHOP)
      .executeTakeFirstOrThrow();
    const user = { userId: shop.userId!, role: 'retailer' as const };
    const now = new Date();
    const cycle = await orderingCycle(db, shop.orderWeekday, now);
    if (!cycle) throw new Error(`${SHOP} has no cycle to order in`);
    await db.deleteFrom('orders').where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).execute();
    const caps = db.selectFrom('caps').select('specId').where('cycleId', '=', cycle.id);
    const spec = await db.selectFrom('specs').select('id').where('isOrderable', '=', 1).where('isDiscontinued', '=', 0).where('isScarce', '=', 0).where('id', 'not in', caps).orderBy('id').executeTakeFirstOrThrow();
    const submitted = await submitOrder(db, user, shop.id, [{ specId: spec.id, qtyCartons: 1 }], now);
    if (!submitted.ok) throw new Error(`${SHOP} cannot order now: ${submitted.reason}`);
    const changed = await saveCart(db, user, shop.id, [{ specId: spec.id, qtyCartons: 2 }], now);
    if (!changed.ok) throw new Error(`${SHOP} cannot change its order: ${changed.reason}`);
    await db
      .insertInto('qualityIssues')
      .values({ retailerId: shop.id, issueKey: `e2e-home:${spec.id}`, kind: 'stock_discrepancy', specId: spec.id, day: cycle.startsOn, detailJson: '{}', status: 'open', foundAt: now.toISOString(), resolvedAt: null, resolvedByUserId: null, resolutionNote: null })
      .onConflict((oc) => oc.columns(['retailerId', 'issueKey']).doUpdateSet({ status: 'open' }))
      .execute();
    return { id: shop.id, manager: shop.manager };
  } finally {
    await db.destroy();
  }
}

async function expectBigFullWidthButton(page: Page, button: Locator) {
  const box = (await button.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  const item = (await button.locator('xpath=ancestor::li[1]').boundingBox())!;
  // Full width on a phone: the item's width less its padding and border.
  expect(box.width).toBeGreaterThanOrEqual(item.width - 40);
  expect(page.viewportSize()!.width).toBe(360);
}

test('home lists the changed order first and the data issue, each with one big button; the shop pages open', async ({ page }) => {
  const shop = await changedOrderAndAnIssue();
  await signIn(page, SHOP);
  await expect(page).toHaveURL(/\/retailer$/);
  await expect(page.getByText('暂无待办，一切正常。')).toHaveCount(0);

  const items = page.locator('.todo-list > li');
  await expect(items.first()).toContainText('订单改过了，但修改还没有提交');
  const submitChanges = items.first().getByRole('link', { name: '去提交修改' });
  await expectBigFullWidthButton(page, submitChanges);
  const issues = page.locator('.todo-list > li[data-kind="data_issues"]');
  await expect(issues).toContainText('库存误差 1 个');
  await expectBigFullWidthButton(page, issues.getByRole('link', { name: '去改正' }));
  await expect(page.getByText('有修改未提交')).toBeVisible();
  await expectNoHorizontalScroll(page);

  // Large-text mode: the list still fits the phone and its buttons stay big.
  await page.evaluate(() => document.documentElement.classList.add('large-text'));
  await expectNoHorizontalScroll(page);
  await expectBigFullWidthButton(page, submitChanges);
  await page.evaluate(() => document.documentElement.classList.remove('large-text'));

  await page.getByRole('link', { name: '建议准不准' }).click();
  await expect(page.getByRole('heading', { name: '建议准不准' })).toBeVisible();
  await expect(page.getByRole('img', { name: '最近各期的建议、订购和卖出（条）' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '缺货天数' })).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.getByRole('link', { name: /返回首页/ }).click();
  await page.getByRole('link', { name: '我的档位' }).click();
  await expect(page.getByRole('heading', { name: '我的档位' })).toBeVisible();
  await expect(page.getByText(/^\d+ 档$/)).toBeVisible();
  await expect(page.getByRole('heading', { name: '档位怎么定' })).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.goto('/retailer');
  await page.locator('.todo-list > li').first().getByRole('link', { name: '去提交修改' }).click();
  // It opens the order page on the review of what will be submitted, the changes marked (issue 16, item 3).
  await expect(page).toHaveURL(/\/retailer\/order\?review=1$/);
  await expect(page.getByRole('dialog', { name: '检查修改' })).toBeVisible();
  await page.getByRole('button', { name: '返回修改' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The shop's manager sees the same record for it.
  await page.context().clearCookies();
  await signIn(page, shop.manager);
  await expect(page).toHaveURL(/\/manager$/);
  await page.goto(`/manager/retailers/${shop.id}`);
  await page.getByRole('link', { name: '建议准不准' }).click();
  await expect(page.getByRole('heading', { name: /：建议准不准$/ })).toBeVisible();
  await expect(page.getByRole('img', { name: '最近各期的建议、订购和卖出（条）' })).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test('staff write how grades are set; the shop reads it on its grade page', async ({ page }) => {
  const text = `档位每半年评定一次（${Date.now()}）`;
  await signIn(page, 'staff01');
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto('/staff/grade-rules');
  await page.getByLabel('档位评定办法', { exact: true }).fill(text);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存，零售客户现在就能看到。')).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.context().clearCookies();
  await signIn(page, SHOP);
  await expect(page).toHaveURL(/\/retailer$/);
  await page.getByRole('link', { name: '我的档位' }).click();
  await expect(page.getByText(text)).toBeVisible();
});
