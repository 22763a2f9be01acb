/**
 * The replay of supply methods (issue 18) in the browser: staff replay the county's delivered cycles (the 'supply'
 * job) and read each method's figures side by side. The test arranges a delivered cycle of its own in which a scarce
 * spec was short (supply-arrange.ts), so there is always something to replay.
 */
import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';
import { deliveredCycleShortOfAScarceSpec } from './supply-arrange';

test.use({ viewport: { width: 360, height: 740 } });

test('staff replay 按档位 and 按需 on the delivered cycles and read each method’s figures', async ({ page }) => {
  test.setTimeout(90_000);
  const cycle = await deliveredCycleShortOfAScarceSpec();
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/, { timeout: 20_000 });
  await page.goto('/staff/supply-replay');
  await expect(page.getByRole('heading', { name: '配货方式回放', level: 1 })).toBeVisible();
  // A bad figure is refused by the form, saying what is allowed.
  await page.getByLabel('回放最近几个已送达周期').fill('0');
  await page.getByLabel('回放最近几个已送达周期').evaluate((input: HTMLInputElement) => input.removeAttribute('min'));
  await page.getByRole('button', { name: '开始回放' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('回放最近几个已送达周期').fill('12');
  await page.getByRole('button', { name: '开始回放' }).click();
  await expect(page.locator('#supply-job')).toContainText(/已回放 \d+ 个供不应求的品规周次。/, { timeout: 60_000 });
  const results = page.getByRole('region', { name: /^回放周期：/ });
  await expect(results).toContainText(cycle.code);
  for (const [method, name] of [
    ['grade', '按档位'],
    ['demand', '按需'],
    ['hindsight', '事后最优（上限，非方法）'],
  ] as const) {
    const card = page.getByTestId(`supply-method-${method}`);
    await expect(card.getByRole('heading', { name })).toBeVisible();
    await expect(card.getByText('送货后两周卖出')).toBeVisible();
    await expect(card.locator('dd').nth(1)).toHaveText(/^\d+\.\d%$/);
  }
  // The same supply is shared by each method: the cartons allocated are the same.
  const allocated = await Promise.all(['grade', 'demand'].map(async (m) => (await page.getByTestId(`supply-method-${m}`).locator('dd').first().textContent())!.trim()));
  expect(allocated[0]).toBe(allocated[1]);
  await expectNoHorizontalScroll(page);
});
