import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './helpers';

test.describe('on a laptop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('staff replay the county’s history and see the rule against the baselines, with the trade-off chart', async ({ page }) => {
    await signIn(page, DEMO.staff);
    await expect(page).toHaveURL(/\/staff$/);
    await page.getByRole('link', { name: '规则回测' }).click();
    await expect(page.getByRole('heading', { name: '规则回测' })).toBeVisible();

    // The e2e county has three weeks of history: replay the last two, on a small sample.
    await page.getByLabel('回放最近几周').fill('2');
    await page.getByLabel(/抽样客户数/).fill('10');
    await page.getByLabel('上升检测的门槛（标准误倍数）').fill('2');
    await page.getByRole('button', { name: '开始回测' }).click();

    await expect(page.getByText(/抽取 10 家/)).toBeVisible({ timeout: 30_000 });
    const comparison = page.locator('section', { has: page.getByRole('heading', { name: '规则与基准做法' }) }).locator('tbody tr');
    await expect(comparison).toHaveCount(4);
    await expect(comparison.first()).toContainText('规则 服务水平');
    await expect(comparison.nth(2)).toContainText('B1 28 天平均');
    // ECharts drew the trade-off on a canvas.
    await expect(page.getByRole('img', { name: /满足率与平均库存的取舍/ }).locator('canvas')).toBeVisible();
    await expect(page.getByRole('heading', { name: /目标：/ })).toBeVisible();

    // Out-of-range settings are refused with a message.
    await page.getByLabel('回放最近几周').evaluate((el: HTMLInputElement) => el.removeAttribute('max'));
    await page.getByLabel('回放最近几周').fill('30');
    await page.getByRole('button', { name: '开始回测' }).click();
    await expect(page.getByRole('alert')).toContainText('设置有误');
  });
});
