/**
 * 复制上期 asks first (issue 17, item 6): on a 360 px phone the copy shows what would change (or that nothing would)
 * before anything is written, and leaving the preview changes nothing.
 */
import { expect, test } from '@playwright/test';
import { isoWeekCode, mondayOf, shanghaiDayOf } from '~/domain/time';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';

test.use({ viewport: { width: 360, height: 740 } });

test('copying the previous cycle’s plan shows the changes first and writes nothing until confirmed', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto('/staff/cycles');
  await page.getByRole('link', { name: isoWeekCode(mondayOf(shanghaiDayOf(new Date()))) }).first().click();
  const planBefore = await page.locator('#plan table').innerText();
  await page.getByRole('link', { name: '复制上一周期的投放量和限量' }).click();
  await expect(page.getByRole('heading', { name: /^复制 \d{4}-W\d{2} 的投放量和限量$/ })).toBeVisible();
  await expect(page.getByText(/复制会替换下面 \d+ 个品规的设置|复制不会改变任何设置/)).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.getByRole('link', { name: '不复制' }).click();
  await expect(page.getByRole('heading', { name: /^复制 / })).toHaveCount(0);
  expect(await page.locator('#plan table').innerText()).toBe(planBefore);
});
