import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';

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

    // A job: queued, its progress on the page, then its figures (the page polls while it runs).
    await expect(page.locator('#backtest-job')).toBeVisible();
    await expect(page.getByText(/抽取 10 家/)).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('#backtest-job')).toContainText(/已回放 \d+ 个客户品规/);
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

// The project's phone (360 px wide).
test('staff replay their own sales file: a partly bad file is previewed, its good rows replayed when asked, the targets marked', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto('/staff/backtest');
  // The restaurant cut of tests/fixtures/real-demand (see its README), with one unreadable quantity on line 5.
  const lines = fs.readFileSync('tests/fixtures/real-demand/yaz-restaurant-2-dishes.csv', 'utf8').split('\r\n');
  lines[4] = '2013-10-05,steak,3O,0,0';
  await page.getByLabel('销售历史（日期、商品、数量）').setInputFiles({ name: 'yaz.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
  await page.getByRole('button', { name: '读取并回放' }).click();

  await expect(page.getByRole('status').filter({ hasText: '有 1 行有问题' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '第 5 行' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '不是数字' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '回放结果' })).toHaveCount(0);
  await expectNoHorizontalScroll(page);

  await page.getByRole('button', { name: '只回放正确的 295 行' }).click();
  await expect(page.getByRole('heading', { name: '回放结果' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/回放了 2 个商品/)).toBeVisible();
  for (const target of ['wape', 'stockOrFill', 'classes']) await expect(page.locator(`[data-target="${target}"] .badge`)).toHaveText(/^(达到|未达到)$/);
  const byClass = page.locator('section', { has: page.getByRole('heading', { name: '按需求类别' }) }).locator('tbody tr');
  await expect(byClass.first()).toContainText('全部');
  await expectNoHorizontalScroll(page);
});
