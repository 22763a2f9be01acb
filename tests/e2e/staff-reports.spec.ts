import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';

// Signing in (argon2) and building a workbook take seconds on a busy machine.
test.describe.configure({ timeout: 90_000 });

async function workbookOf(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path()));
  return { name: download.suggestedFilename(), book };
}

test('staff download the 周分析, produce a 月对标 and find it in the list, schedule and stop a report', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/, { timeout: 30_000 });
  await page.goto('/staff/reports');
  await expect(page.getByRole('heading', { name: '定期报表', level: 1 })).toBeVisible();
  await expect(page.getByText('系统目前没有消息推送')).toBeVisible();
  await expectNoHorizontalScroll(page);

  // Last week's 周分析, straight away: a sheet per breakdown, numbers with formats.
  const week = await workbookOf(page, () => page.getByRole('link', { name: '周分析（上周）' }).click());
  expect(week.name).toMatch(/^周分析-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(week.book.worksheets.map((s) => s.name)).toEqual(['全县', '管理所', '客户经理', '业态', '市场类型', '档位']);
  const station = week.book.getWorksheet('管理所')!;
  expect(station.getCell('A1').value).toBe('全县网上配货周分析');
  const headerRow = (station.views[0] as { ySplit: number }).ySplit;
  expect(station.getCell(headerRow, 2).value).toBe('信息上传率');
  expect(station.getCell(headerRow + 1, 2).numFmt).toBe('0.0%');

  // Produced now in the background, then listed for download.
  await page.getByLabel('报表').nth(1).selectOption('month');
  await page.getByRole('button', { name: '生成', exact: true }).click();
  const row = page.locator('table tbody tr').filter({ hasText: '月对标' }).first();
  await expect(row).toBeVisible({ timeout: 20_000 });
  const month = await workbookOf(page, () => row.getByRole('link').click());
  expect(month.name).toMatch(/^月对标-\d{4}-\d{2}\.xlsx$/);
  expect(month.book.worksheets[0]!.getCell('A1').value).toBe('全县网上配货月对标');

  // Scheduling: once per kind and language; stopped again.
  await page.getByLabel('报表').first().selectOption('week');
  await page.getByRole('button', { name: '开始自动生成' }).click();
  await expect(page.getByText('已安排：周分析将在每期结束后自动生成。')).toBeVisible();
  await page.getByRole('button', { name: '开始自动生成' }).click();
  await expect(page.getByRole('alert')).toHaveText('这份报表已经安排过了。');
  await page.getByRole('listitem').filter({ hasText: '周分析（中文）' }).getByRole('button', { name: '停止' }).click();
  await expect(page.getByText('已停止自动生成。')).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('the page and the weekly analysis are in English', async ({ page }) => {
    await signIn(page, DEMO.staff);
    await expect(page).toHaveURL(/\/staff$/, { timeout: 30_000 });
    await page.goto('/staff/reports');
    await expect(page.getByRole('heading', { name: 'Scheduled reports', level: 1 })).toBeVisible();
    const week = await workbookOf(page, () => page.getByRole('link', { name: 'Weekly analysis (last week)' }).click());
    expect(week.name).toMatch(/^weekly-analysis-.*\.xlsx$/);
    expect(week.book.worksheets.map((s) => s.name)).toEqual(['County', 'Station', 'Account manager', 'Business type', 'Market type', 'Grade']);
    expect(week.book.worksheets[0]!.getCell('A1').value).toBe('Online ordering weekly analysis, whole county');
  });
});
