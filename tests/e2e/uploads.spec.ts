import { expect, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { salesAlreadySentFor } from './arrange';
import { signIn } from './helpers';

function day(offset: number) {
  return new Date(Date.now() + 8 * 3600_000 - offset * 86_400_000).toISOString().slice(0, 10);
}

test('a shop uploads a GBK CSV, maps an unknown column, confirms it replaces days already sent, imports the good rows and fixes a flagged ×10 day', async ({ page }) => {
  // The shop's till already sent the days the file covers.
  const code = await salesAlreadySentFor('440300100006', Array.from({ length: 13 }, (_, i) => day(14 - i)));
  // Twelve ordinary days of 3 packs, one day of 30 (packs typed as cartons), one bad quantity, one unknown code.
  const rows = [
    ...Array.from({ length: 12 }, (_, i) => [day(14 - i), code, '卷烟', '3']),
    [day(2), code, '卷烟', '30'],
    [day(2), code, '卷烟', '-1'],
    [day(2), '6921168509256', '农夫山泉', '2'],
  ];
  const csv = ['销售日期,货号,品名,数量', ...rows.map((r) => r.join(','))].join('\r\n');
  const gbk = iconv.encode(csv, 'gbk');

  await signIn(page, '440300100006');
  await page.getByRole('link', { name: '数据上传' }).click();
  await page.getByLabel('数据类型').selectOption('sales');
  await page.getByLabel('选择文件').setInputFiles({ name: 'pos-export.csv', mimeType: 'text/csv', buffer: gbk });
  await page.getByRole('button', { name: '上传并预览' }).click();

  await expect(page.getByRole('heading', { name: '上传预览：pos-export.csv' })).toBeVisible();
  await expect(page.getByText('还没有保存任何数据', { exact: false })).toBeVisible();
  // 货号 is not a header we know: say it is the barcode.
  await page.getByLabel('条码', { exact: true }).selectOption({ label: '货号' });
  await page.getByRole('button', { name: '确定' }).click();

  const facts = page.locator('dl.facts');
  await expect(facts).toContainText('15');
  await expect(page.getByRole('cell', { name: '第 15 行' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '数量不能为负数' })).toBeVisible();
  await expect(page.getByText('6921168509256')).toBeVisible();
  await page.getByLabel('我确认用这份文件替换这些日期的数据').check();
  // The preview and the result count the same rows.
  const importButton = page.getByRole('button', { name: /导入正确的行/ });
  const goodRows = (await importButton.textContent())?.match(/（(\d+) 行）/)?.[1];
  expect(goodRows).toBeTruthy();
  await expect(facts).toContainText('保存为');
  await importButton.click();

  await expect(page.getByText(new RegExp(`已导入 ${goodRows} 行；2 行有问题`))).toBeVisible();
  await expect(page.locator('#upload-history')).toContainText('pos-export.csv');

  await page.getByRole('link', { name: /需要修正的数据/ }).click();
  const issue = page.locator('.issue[data-kind="looks_times_ten"]').first();
  await expect(issue).toContainText('数量疑似多输一位');
  await expect(issue.getByLabel('改为（盒）')).toHaveValue('3');
  await issue.getByRole('button', { name: '改正数量' }).click();
  await expect(page.locator('.issue[data-kind="looks_times_ten"]')).toHaveCount(0);
  await expect(page.locator('.issue[data-kind="unknown_barcode"]')).toContainText('6921168509256');
});

test('the POS API describes itself and refuses a call without a token', async ({ request }) => {
  const doc = await request.get('/api/v1/openapi.json');
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { paths: unknown }).paths).toHaveProperty('/sales');
  const res = await request.post('/api/v1/sales', { data: { date: day(1), lines: [] }, headers: { 'Accept-Language': 'en' } });
  expect(res.status()).toBe(401);
  expect(res.headers()['content-type']).toContain('application/problem+json');
});
