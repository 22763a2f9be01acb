import { expect, test } from '@playwright/test';
import { deliveredOrderToCheck } from './arrange';
import { signIn } from './helpers';

test('a shop counts a delivery by scanning cartons, reports one short, and the mismatch becomes an issue', async ({ page }) => {
  const { orderId, line } = await deliveredOrderToCheck('440300100007');
  await signIn(page, '440300100007');
  await expect(page).toHaveURL(/\/retailer$/);
  await page.goto(`/retailer/orders/${orderId}`);
  await expect(page.getByRole('heading', { name: '核对到货' })).toBeVisible();
  await page.getByRole('button', { name: '扫码点数' }).click();
  const box = page.getByLabel('条码', { exact: true });
  // A scanner gun types the code and presses Enter: one carton short of what was allocated.
  // The first scan reads the carton's code as GTIN-14 (a leading 0), as some scanners send it: the same carton.
  for (let i = 0; i < line.allocated - 1; i++) {
    await box.fill(i === 0 ? `0${line.code}` : line.code);
    await box.press('Enter');
  }
  await box.fill('6921168509256');
  await box.press('Enter');
  await expect(page.getByText('条码 6921168509256 不在这份订单里。')).toBeVisible();
  await expect(page.getByLabel(new RegExp(`^${line.name.replace(/[()]/g, '\\$&')} 实收（条）`))).toHaveValue(String(line.allocated - 1));
  await page.getByRole('button', { name: '确认收货' }).click();
  // The confirmation says what was reported, not only "received" (issue 16, item 5).
  const report = page.locator('.delivery-report');
  await expect(report).toContainText('收货已确认。您报告了');
  await expect(report).toContainText(`${line.name}：少 1 条（配货 ${line.allocated} 条，实收 ${line.allocated - 1} 条）`);

  // In scan mode every line counts from zero, so lines not scanned are reported short as well.
  await page.goto('/retailer/issues');
  await expect(page.locator('.issue[data-kind="delivery_mismatch"]', { hasText: line.name })).toContainText(`订单配货 ${line.allocated} 条，实收 ${line.allocated - 1} 条`);
});
