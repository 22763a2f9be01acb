import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { shopThatNeverCounted } from './unknown-stock-arrange';

/** A shop no other browser test uses (tests/e2e/unknown-stock-arrange.ts). */
const SHOP = '440300100055';

test('a shop that never counted sees 库存未知 on its lines and why its draft is large, and finds a spec by its 14-digit code to count it', async ({ page }) => {
  // The arrange computes the shop's suggestions again, as the order page would.
  test.setTimeout(60_000);
  const spec = await shopThatNeverCounted(SHOP);
  await signIn(page, SHOP);
  await expect(page).toHaveURL(/\/retailer$/);
  await page.getByRole('link', { name: '订货', exact: true }).click();
  await page.waitForURL(/\/retailer\/order$/);

  const line = page.locator(`.spec-line[data-spec-id="${spec.specId}"]`);
  await expect(line.locator('.spec-suggestion')).toContainText('库存未知，先盘点更准');
  // No order to compare the draft with: the page says so, and what the draft is made of, without a tap.
  const notice = page.locator('.draft-check');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('本店近 8 期没有订单可以比较');
  await expect(notice).toContainText('库存未知');

  // The stock count reads a scanned code as a file or the till's API does: 0 + 13 digits is the same pack code.
  await page.goto('/retailer/stock-count');
  const box = page.getByLabel('条码', { exact: true });
  await box.fill(`0${spec.packBarcode}`);
  await box.press('Enter');
  await expect(page.getByText(/没有找到条码/)).toHaveCount(0);
  await expect(page.locator(`#qty-${spec.specId}`)).toBeFocused();
});
