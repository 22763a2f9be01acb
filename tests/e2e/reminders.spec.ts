/**
 * The order calendar and reminders in the browser at 360 px (issue 16): a shop that has not ordered finds the
 * reminder on home with one big button to order, opens its calendar (this cycle and the next four, each with order
 * day, cut-off and delivery) and saves quiet hours.
 */
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, signIn } from './helpers';
import { orderReminderFor } from './reminders-arrange';

const SHOP = '440300100052';
const SIGNED_IN = { timeout: 30_000 };
test.describe.configure({ timeout: 120_000 });

test('a reminder on home, the order calendar and quiet hours, at 360 px', async ({ page }) => {
  await orderReminderFor(SHOP);
  await signIn(page, SHOP);
  await expect(page).toHaveURL(/\/retailer$/, SIGNED_IN);

  const reminders = page.getByTestId('home-reminders');
  await expect(reminders).toContainText('不到两小时');
  await expect(reminders).toContainText('您这一期还没有订货');
  await expectNoHorizontalScroll(page);

  await page.getByRole('link', { name: '订货日历与提醒' }).click();
  await expect(page).toHaveURL(/\/retailer\/calendar$/);
  const calendar = page.getByTestId('order-calendar');
  await expect(calendar.locator('li')).toHaveCount(5);
  await expect(calendar.locator('li').first()).toContainText('本期');
  for (const label of ['订货日', '截单', '送货']) await expect(calendar.locator('li').first().getByText(label, { exact: true })).toBeVisible();
  // The seed loads this cycle and the next: the weeks after are shown as expected.
  await expect(calendar.locator('li').last()).toContainText('预计');
  await expectNoHorizontalScroll(page);

  const quiet = page.getByLabel('设免打扰');
  // The arrangement left the shop's settings as a new shop's: quiet hours on, 21:00–08:00.
  await expect(quiet).toBeChecked();
  await expect(page.locator('input[name="quietFrom"]')).toHaveValue('21:00');
  await page.locator('input[name="quietFrom"]').fill('22:00');
  await page.locator('input[name="quietTo"]').fill('07:30');
  const save = page.getByRole('button', { name: '保存提醒设置' });
  expect((await save.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await save.click();
  await expect(page.getByRole('status')).toHaveText('提醒设置已保存。');
  await page.reload();
  await expect(page.locator('input[name="quietFrom"]')).toHaveValue('22:00');
  await expect(page.locator('input[name="quietTo"]')).toHaveValue('07:30');
});
