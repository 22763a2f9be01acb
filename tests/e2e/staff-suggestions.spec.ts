import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './helpers';

test.describe('on a laptop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('staff save a new version of the rule, run the county batch and measure a finished cycle’s forecast accuracy', async ({ page }) => {
    await signIn(page, DEMO.staff);
    await expect(page).toHaveURL(/\/staff$/);
    await page.getByRole('link', { name: '建议订货' }).click();
    await expect(page.getByRole('heading', { name: /销售引导购进/ })).toBeVisible();

    // The level method follows the rule's default, and the page says which one is in force.
    await expect(page.getByLabel('销量水平的算法')).toHaveValue('default');
    await expect(page.getByText(/正在使用：.*即规则的默认方法/)).toBeVisible();
    await expect(page.getByText('现在：不限制。')).toBeVisible();

    await page.getByLabel('紧俏品规').fill('0.98');
    await page.getByLabel('最多可备货天数').fill('400');
    await page.getByLabel('修改说明').fill('春节前提高紧俏品规服务水平');
    // Over a year, past the browser's own check: the server refuses it and saves nothing.
    await page.getByLabel('最多可备货天数').evaluate((el: HTMLInputElement) => el.removeAttribute('max'));
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await expect(page.getByText(/参数不正确：.*最多可备货天数为 0 到 365 的整数/)).toBeVisible();
    await page.getByLabel('最多可备货天数').fill('120');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await expect(page.getByText(/已保存为版本 \d+。/)).toBeVisible();
    await expect(page.getByText('春节前提高紧俏品规服务水平')).toBeVisible();
    await expect(page.getByLabel('紧俏品规')).toHaveValue('0.98');
    await expect(page.getByText('现在：最多 120 天。')).toBeVisible();

    // The batch is a job: queued, then running with a progress bar, then its result — the page follows it by itself.
    await page.getByRole('button', { name: '开始计算' }).click();
    await expect(page.locator('#batch-job')).toBeVisible();
    await expect(page.getByText(/已为 \d+ 户客户计算 \d+ 条建议/)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: '开始计算' })).toBeEnabled();

    await page.getByRole('button', { name: '计算该周期的准确率' }).click();
    await expect(page.getByText(/的预测准确率：/)).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('table tbody tr').first()).toContainText('%');
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('staff recompute the monitoring figures in the background and see the result on the page', async ({ page }) => {
    await signIn(page, DEMO.staff);
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByRole('heading', { name: '重新计算监控数据' })).toBeVisible();
    await page.getByRole('button', { name: '全部重新计算' }).click();
    await expect(page.getByText(/已重新计算 \d+ 天的数据/)).toBeVisible({ timeout: 20_000 });
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
