import SQLite from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { aSuggestedLineWithRoom, E2E_DATABASE, startOrderWithEmptyCart } from './arrange';
import { signIn } from './helpers';

/** The lines of the shop's submitted order in that cycle, as stored. */
function submittedLines(licenceNo: string, cycleCode: string) {
  const db = new SQLite(E2E_DATABASE, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select l.spec_id as specId, l.qty_requested_cartons as qty, l.suggested_cartons as suggested, l.deviation_reason as reason
         from order_lines l join orders o on o.id = l.order_id join retailers r on r.id = o.retailer_id join order_cycles c on c.id = o.cycle_id
         where r.licence_no = ? and c.code = ? and o.status = 'submitted'`,
      )
      .all(licenceNo, cycleCode) as Array<{ specId: number; qty: number; suggested: number | null; reason: string | null }>;
  } finally {
    db.close();
  }
}

test('a shop fills its cart from the suggestions, reads why, raises one line with a reason, and submits', async ({ page }) => {
  const cycle = await startOrderWithEmptyCart('440300100001');
  // A line suggesting a carton or more of a spec with no cap, so it can be raised by one.
  const { specId, name, suggestedCartons: count } = await aSuggestedLineWithRoom('440300100001');
  await signIn(page, '440300100001');
  await expect(page).toHaveURL(/\/retailer$/);
  await page.getByRole('link', { name: '订货', exact: true }).click();
  // The whole-cart actions are behind "更多…" (issue 16, item 3: the list first).
  await page.getByRole('button', { name: '更多…' }).click();
  await page.getByRole('button', { name: '按建议量重置' }).click();

  const suggested = page.locator(`.spec-line[data-spec-id="${specId}"]`);
  await expect(suggested.locator('.spec-suggestion .badge.ok').first()).toHaveText(`建议 ${count} 条`);
  await expect(suggested.getByLabel(`${name} 订购数量（条）`)).toHaveValue(String(count));

  await suggested.getByText('为什么？').click();
  await expect(suggested.locator('.why')).toContainText('这次订货要管');
  await expect(suggested.locator('.why')).toContainText('店里现有');

  await suggested.getByRole('button', { name: `${name} 增加一条` }).click();
  await expect(suggested.getByLabel('原因（可选）')).toHaveValue('');
  await expect(suggested.getByLabel('原因（可选）').locator('option').first()).toHaveText('与建议不同：原因？');
  await expect(suggested.locator('.spec-suggestion').getByText(/^约可售 \d+ 天$/)).toBeVisible();
  await suggested.getByLabel('原因（可选）').selectOption({ label: '有活动/团购' });
  await page.getByRole('button', { name: '提交订单', exact: true }).click();
  await page.getByRole('button', { name: '确认提交', exact: true }).click();
  await expect(page.getByText('订单已提交。')).toBeVisible();

  const lines = submittedLines('440300100001', cycle);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((l) => l.suggested !== null)).toBe(true);
  const raised = lines.filter((l) => l.qty !== l.suggested);
  expect(raised).toHaveLength(1);
  expect(raised[0]).toMatchObject({ qty: count + 1, suggested: count, reason: 'event' });
});
