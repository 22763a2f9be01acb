import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

/** Arrange: the shop's latest delivered order, not yet checked by the shop (the seed marks history checked). */
function uncheckedDelivery(licenceNo: string) {
  const db = new SQLite(path.join(os.tmpdir(), 'peihuo-e2e', 'e2e.db'), { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    const order = db
      .prepare(
        `select o.id from orders o join retailers r on r.id = o.retailer_id join order_cycles c on c.id = o.cycle_id
         where r.licence_no = ? and o.status = 'delivered' order by c.starts_on desc limit 1`,
      )
      .get(licenceNo) as { id: number };
    db.prepare('update orders set receipt_confirmed_at = null where id = ?').run(order.id);
    const line = db
      .prepare(
        `select s.name, s.carton_barcode as code, l.qty_allocated_cartons as allocated from order_lines l join specs s on s.id = l.spec_id
         where l.order_id = ? and l.qty_allocated_cartons >= 2 order by s.id limit 1`,
      )
      .get(order.id) as { name: string; code: string; allocated: number };
    return { orderId: order.id, line };
  } finally {
    db.close();
  }
}

test('a shop counts a delivery by scanning cartons, reports one short, and the mismatch becomes an issue', async ({ page }) => {
  const { orderId, line } = uncheckedDelivery('440300100007');
  await signIn(page, '440300100007');
  await expect(page).toHaveURL(/\/retailer$/);
  await page.goto(`/retailer/orders/${orderId}`);
  await expect(page.getByRole('heading', { name: '核对到货' })).toBeVisible();
  await page.getByRole('button', { name: '扫码点数' }).click();
  const box = page.getByLabel('条码', { exact: true });
  // A scanner gun types the code and presses Enter: one carton short of what was allocated.
  for (let i = 0; i < line.allocated - 1; i++) {
    await box.fill(line.code);
    await box.press('Enter');
  }
  await box.fill('6921168509256');
  await box.press('Enter');
  await expect(page.getByText('条码 6921168509256 不在这份订单里。')).toBeVisible();
  await expect(page.getByLabel(new RegExp(`^${line.name.replace(/[()]/g, '\\$&')} 实收（条）`))).toHaveValue(String(line.allocated - 1));
  await page.getByRole('button', { name: '确认收货' }).click();
  await expect(page.getByText('收货已确认。')).toBeVisible();

  // In scan mode every line counts from zero, so lines not scanned are reported short as well.
  await page.goto('/retailer/issues');
  await expect(page.locator('.issue[data-kind="delivery_mismatch"]', { hasText: line.name })).toContainText(`订单配货 ${line.allocated} 条，实收 ${line.allocated - 1} 条`);
});
