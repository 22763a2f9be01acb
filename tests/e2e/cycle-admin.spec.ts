import { expect, test } from '@playwright/test';
import { addDays, isoWeekCode, mondayOf, shanghaiDayOf } from '~/domain/time';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';

test.use({ viewport: { width: 360, height: 740 } });

/** scripts/e2e-past-cycle.ts puts a cycle past its cut-offs in the week before the seeded history (3 weeks). */
const pastCycleCode = () => isoWeekCode(addDays(mondayOf(shanghaiDayOf(new Date())), -28));

test('staff create and open the next cycle, import its caps from Excel, then close, run and publish a past cycle; a shop confirms', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole('link', { name: '订货周期' }).click();
  await expect(page.getByRole('heading', { name: '订货周期', exact: true })).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.getByRole('button', { name: '创建周期' }).click();
  await expect(page.getByText(/已创建周期 \d{4}-W\d{2}/)).toBeVisible();
  await expect(page.getByText('计划中', { exact: true })).toBeVisible();

  // The caps template holds real scarce specs with bands covering 1–30: it imports as it is.
  const template = await page.request.get('/staff/cycles/template?kind=caps&format=xlsx');
  expect(template.ok()).toBe(true);
  await page.getByLabel('文件类型').selectOption('caps');
  await page.getByLabel('文件', { exact: true }).setInputFiles({ name: '限量.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await template.body() });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByRole('heading', { name: '导入预览：限量.xlsx' })).toBeVisible();
  await expect(page.getByText(/全部 6 行正确，涉及 2 个品规/)).toBeVisible();
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByText('已导入 6 行。')).toBeVisible();
  await expect(page.getByRole('cell', { name: '1–10: 1 · 11–20: 2 · 21–30: 3' }).first()).toBeVisible();

  await page.getByRole('button', { name: '开放订货' }).click();
  await expect(page.getByText('已开放订货。')).toBeVisible();
  await expect(page.getByText('订货中', { exact: true })).toBeVisible();

  // The past cycle: every cut-off has passed, so it can be closed, allocated and published.
  await page.getByRole('link', { name: /返回订货周期/ }).click();
  await page.getByRole('link', { name: pastCycleCode() }).click();
  await page.getByRole('button', { name: '截止订货' }).click();
  await expect(page.getByText('已截止订货。')).toBeVisible();
  await page.getByRole('button', { name: '运行配货' }).click();
  await expect(page.getByText(/配货完成：12 份订单/)).toBeVisible();
  await expect(page.getByText('不足').first()).toBeVisible();
  await page.getByRole('button', { name: '发布配货结果' }).click();
  await expect(page.getByText(/已发布，\d+ 份订单等待零售客户核对/)).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.context().clearCookies();
  await signIn(page, '440300100009');
  await expect(page).toHaveURL(/\/retailer$/);
  await expect(page.getByText(`${pastCycleCode()} 的配货结果已发布，请核对`)).toBeVisible();
  await page.getByRole('link', { name: '去核对' }).click();
  await expect(page.getByRole('heading', { name: '核对配货结果' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: '配货无误，确认' }).click();
  await expect(page.getByText('已确认配货结果。')).toBeVisible();
  await expect(page.getByText(/已于 .* 确认配货结果/)).toBeVisible();
});
