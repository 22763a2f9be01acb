import { expect, test } from '@playwright/test';
import { connect } from '../../db/connect';
import { E2E_DATABASE } from './arrange';
import { expectNoHorizontalScroll, signIn, DEMO } from './helpers';

test.use({ viewport: { width: 360, height: 740 } });

/** The seeded county's latest delivered cycle that had a limited supply of some spec (read only: nothing is changed). */
async function deliveredCycleWithSupply() {
  const db = connect({ url: E2E_DATABASE });
  try {
    const row = await db
      .selectFrom('orderCycles')
      .innerJoin('cycleSupply', 'cycleSupply.cycleId', 'orderCycles.id')
      .select(['orderCycles.id', 'orderCycles.code'])
      .where('orderCycles.status', '=', 'delivered')
      .where('cycleSupply.supplyCartons', 'is not', null)
      .orderBy('orderCycles.startsOn', 'desc')
      .executeTakeFirstOrThrow();
    return row;
  } finally {
    await db.destroy();
  }
}

test('staff see a cycle’s allocation against demand by grade band, station and 业态, and export it', async ({ page }) => {
  const cycle = await deliveredCycleWithSupply();
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/, { timeout: 20_000 });
  await page.goto(`/staff/cycles/${cycle.id}`);
  await page.getByRole('link', { name: /配货方式与需求/ }).click();
  await expect(page.getByRole('heading', { name: `配货方式与需求 · ${cycle.code}` })).toBeVisible();
  await expect(page.getByText('尚未估计需求', { exact: false })).toBeVisible();
  await expect(page.getByRole('table', { name: '按档位段' }).first()).toBeVisible();
  await expect(page.getByRole('table', { name: '按管理所' }).first()).toBeVisible();
  await expect(page.getByRole('table', { name: '按业态' }).first()).toBeVisible();
  await expect(page.getByText('需求满足率').first()).toBeVisible();
  await expectNoHorizontalScroll(page);
  const file = await page.request.get(`/resources/allocation-export?cycleId=${cycle.id}`);
  expect(file.ok()).toBe(true);
  expect(file.headers()['content-type']).toContain('spreadsheetml');
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('the same page reads in English', async ({ page }) => {
    const cycle = await deliveredCycleWithSupply();
    await signIn(page, DEMO.staff);
    await expect(page).toHaveURL(/\/staff$/, { timeout: 20_000 });
    await page.goto(`/staff/cycles/${cycle.id}/allocation`);
    await expect(page.getByRole('heading', { name: `Allocation methods and demand · ${cycle.code}` })).toBeVisible();
    await expect(page.getByRole('table', { name: 'By grade band' }).first()).toBeVisible();
    await expect(page.getByText('Regular sellers covered').first()).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});
