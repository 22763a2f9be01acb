import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO, signIn } from './helpers';

test('staff open the monitoring page, drill into the upload rate and export the not-ordered self-check list', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { name: '全县监控' })).toBeVisible();
  // By station by default: one row per station, every indicator, the trend drawn by ECharts on a canvas.
  await expect(page.locator('.monitoring-table tbody tr')).toHaveCount(3);
  await expect(page.getByRole('columnheader', { name: '订单成功率' })).toBeVisible();
  await expect(page.getByTestId('trend-chart').locator('canvas')).toHaveCount(1);

  // The upload rate of the first station, down to its retailers.
  const uploadRate = page.getByRole('link', { name: /^信息上传率 / }).first();
  const figure = (await uploadRate.textContent())!.trim();
  expect(figure).toMatch(/^\d+\.\d%$/);
  await uploadRate.click();
  await expect(page).toHaveURL(/\/staff\/monitoring\/uploadRate\?/);
  await expect(page.getByRole('heading', { name: /^信息上传率 · / })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '客户经理', exact: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '联系电话' })).toBeVisible();
  await expect(page.locator('tbody tr').first()).toBeVisible();
  // The list adds up to the figure it came from.
  await expect(page.getByText(`= ${figure}`)).toBeVisible();

  // The week's not-ordered self-check list, as Excel.
  await page.goto('/staff?period=week');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '未订货客户通报自查表（Excel）' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^未订货客户通报自查表-.*\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path()));
  const header = (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual(['许可证号', '客户名称', '联系电话', '管理所', '客户经理', '客户经理电话', '订货日', '订货周期', '订单状态', '连续未订货周期', '未订货原因（自查填写）']);
});
