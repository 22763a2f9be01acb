/**
 * 配货对需求 on the monitoring page (issue 18): staff see the allocation of a cycle's supplied specs against the demand
 * estimates stored for it, beside 订单满足率, by station, and drill down to the order lines that add up to the figure.
 * The cycle is the test's own (supply-arrange.ts: estimated, then allocated 按需, twenty weeks back).
 */
import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';
import { allocatedCycleAgainstDemand } from './supply-arrange';

test.use({ viewport: { width: 360, height: 740 } });
// Both tests read the one arranged cycle: one after the other (the second finds it arranged).
test.describe.configure({ mode: 'serial' });

test('staff see the allocation against demand beside 订单满足率 and drill down to the order lines behind it', async ({ page }) => {
  test.setTimeout(60_000);
  const cycle = await allocatedCycleAgainstDemand();
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/, { timeout: 20_000 });
  await page.goto(`/staff?dim=station&period=week&day=${cycle.startsOn}`);
  const section = page.getByRole('region', { name: '配货对需求（有投放量的品规）' });
  // Computed when asked for (it reads order lines): the section's button, or the stat beside 订单满足率.
  await expect(section.getByRole('columnheader')).toHaveCount(0);
  await section.getByRole('link', { name: '查看配货对需求' }).click();
  await expect(page).toHaveURL(/demand=1/);
  await expect(section.getByRole('table')).toBeVisible();
  await expectNoHorizontalScroll(page);
  for (const name of ['管理所', '需求满足率', '常销客户覆盖率', '满足均衡度', '订单满足率（同批订单行）']) await expect(section.getByRole('columnheader', { name })).toBeVisible();
  // The county's figure, a rate, links to its lines; the stat beside 订单满足率 shows the same figure.
  const total = section.getByRole('link', { name: /^需求满足率 全县/ });
  const figure = (await total.textContent())!.trim();
  expect(figure).toMatch(/^\d+\.\d%$/);
  await expect(page.locator('.stat').filter({ hasText: '需求满足率' }).getByRole('link')).toHaveText(figure);
  await total.click();
  await expect(page).toHaveURL(/\/staff\/monitoring\/demandFill\?/);
  await expect(page.getByRole('heading', { name: '配货对需求 · 全县' })).toBeVisible();
  // Every order line of the cycle's short spec, and the figure recomputed from them is the one clicked.
  await expect(page.getByText(`${cycle.orders} 行订单`)).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(cycle.orders);
  await expect(page.getByTestId('demand-drill-summary')).toContainText(`= ${figure}`);
  await expect(page.getByRole('cell', { name: cycle.code }).first()).toBeVisible();
  const allocated = (await page.locator('tbody tr td:nth-child(11)').allTextContents()).map(Number).reduce((a, b) => a + b, 0);
  expect(allocated).toBeLessThanOrEqual(cycle.supplyCartons);
  expect(allocated).toBeGreaterThan(0);
  const file = await page.request.get(`/resources/monitoring-export?report=drill&indicator=demandFill&dim=county&value=all&from=${cycle.startsOn}&to=${cycle.startsOn}`);
  expect(file.ok()).toBe(true);
  expect(file.headers()['content-type']).toContain('text/csv');
  await expectNoHorizontalScroll(page);
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('the section reads in English', async ({ page }) => {
    const cycle = await allocatedCycleAgainstDemand();
    await signIn(page, DEMO.staff);
    await expect(page).toHaveURL(/\/staff$/, { timeout: 20_000 });
    await page.goto(`/staff?dim=station&period=week&day=${cycle.startsOn}`);
    await page.locator('.stat').getByRole('link', { name: 'Show allocation against demand' }).click();
    const section = page.getByRole('region', { name: 'Allocation against demand (specs with a supply figure)' });
    await expect(section.getByRole('columnheader', { name: 'Demand met' })).toBeVisible();
    await expect(section.getByRole('columnheader', { name: 'Fulfilment (same lines)' })).toBeVisible();
  });
});
