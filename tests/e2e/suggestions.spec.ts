import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

function submittedLines(licenceNo: string) {
  const db = new SQLite(path.join(os.tmpdir(), 'peihuo-e2e', 'e2e.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select l.spec_id as specId, l.qty_requested_cartons as qty, l.suggested_cartons as suggested, l.deviation_reason as reason
         from order_lines l join orders o on o.id = l.order_id join retailers r on r.id = o.retailer_id
         where r.licence_no = ? and o.status = 'submitted' order by o.updated_at desc`,
      )
      .all(licenceNo) as Array<{ specId: number; qty: number; suggested: number | null; reason: string | null }>;
  } finally {
    db.close();
  }
}

test('a shop fills its cart from the suggestions, reads why, raises one line with a reason, and submits', async ({ page }) => {
  await signIn(page, '440300100001');
  await expect(page).toHaveURL(/\/retailer$/);
  await page.getByRole('link', { name: '订货', exact: true }).click();
  await page.getByRole('button', { name: '按建议量重置' }).click();

  // The first suggested line that still has room under its cap.
  const candidates = page.locator('.spec-line', { has: page.locator('.spec-suggestion .badge.ok', { hasText: /建议 [1-9]\d* 条/ }) });
  let specId: string | null = null;
  for (let i = 0; i < (await candidates.count()) && !specId; i++) {
    if (await candidates.nth(i).getByRole('button', { name: /增加一条$/ }).isEnabled()) specId = await candidates.nth(i).getAttribute('data-spec-id');
  }
  expect(specId).not.toBeNull();
  // Pin the line itself: its badge changes once the quantity differs from the suggestion.
  const suggested = page.locator(`.spec-line[data-spec-id="${specId}"]`);
  const name = (await suggested.locator('.spec-name strong').textContent())!.trim();
  const count = Number(/建议 (\d+) 条/.exec((await suggested.locator('.spec-suggestion .badge').first().textContent())!)![1]);
  await expect(suggested.getByLabel(`${name} 订购数量（条）`)).toHaveValue(String(count));

  await suggested.getByText('为什么？').click();
  await expect(suggested.locator('.why')).toContainText('这次订货要管');
  await expect(suggested.locator('.why')).toContainText('店里现有');

  await suggested.getByRole('button', { name: `${name} 增加一条` }).click();
  await expect(suggested.getByText('与建议不同')).toBeVisible();
  await expect(suggested.locator('.spec-suggestion').getByText(/约可售 \d+ 天/)).toBeVisible();
  await suggested.getByLabel('原因（可选）').selectOption({ label: '有活动/团购' });
  await page.getByRole('button', { name: /^提交(订单|修改)$/ }).click();
  await expect(page.getByText('订单已提交。')).toBeVisible();

  const lines = submittedLines('440300100001');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((l) => l.suggested !== null)).toBe(true);
  const raised = lines.filter((l) => l.qty !== l.suggested);
  expect(raised).toHaveLength(1);
  expect(raised[0]).toMatchObject({ qty: count + 1, suggested: count, reason: 'event' });
});
