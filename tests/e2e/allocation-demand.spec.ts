import { expect, test } from '@playwright/test';
import { connect } from '../../db/connect';
import { E2E_DATABASE } from './arrange';
import { expectNoHorizontalScroll, signIn, DEMO } from './helpers';
import { closedCycleShortOfAScarceSpec, supervisionCaseOnRoute } from './supply-arrange';

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

test('staff choose 按需 for a short scarce spec, estimate demand, run the allocation and read it by grade band, station and 业态', async ({ page }) => {
  test.setTimeout(90_000);
  const cycle = await closedCycleShortOfAScarceSpec();
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/, { timeout: 20_000 });
  await page.goto(`/staff/cycles/${cycle.cycleId}/allocation`);
  await expect(page.getByRole('heading', { name: `配货方式与需求 · ${cycle.code}` })).toBeVisible();
  // The card is headed by the spec's code, name (e.g. 中华(硬)) and method.
  const card = page.getByRole('region', { name: new RegExp(cycle.specName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  // 按需 before demand is estimated: the run is refused, nothing allocated, and estimating starts as a job.
  await card.getByLabel('配货方式').selectOption('demand');
  await card.getByLabel('保底量（条）').fill('1');
  await card.getByRole('button', { name: '保存方式' }).click();
  await expect(page.getByText('配货方式已保存。')).toBeVisible();
  await expect(card.locator('.badge')).toHaveText('按需');
  // From the cycle page, 运行配货 allocates nothing and says why, not as an error: estimating has started, and the
  // link leads to its progress.
  await page.goto(`/staff/cycles/${cycle.cycleId}`);
  await page.getByRole('button', { name: '运行配货' }).click();
  const started = page.getByRole('status').filter({ hasText: '需求还没有估计完' });
  await expect(started).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await started.getByRole('link', { name: '查看需求估计进度' }).click();
  await expect(page.getByRole('heading', { name: `配货方式与需求 · ${cycle.code}` })).toBeVisible();
  // The job's progress, then its result, without reloading the page by hand.
  await expect(page.locator('#demand-job')).toContainText(/已估计 \d+ 条需求/, { timeout: 45_000 });
  await expect(page.getByText(/需求估计于/)).toBeVisible();
  await page.getByRole('button', { name: '运行配货' }).click();
  await expect(page.getByText(new RegExp(`配货已运行：${cycle.orders} 个订单，共分配 \\d+ 条。`))).toBeVisible();
  await expect(card.getByText('每个档位段的常销客户都分到了货。')).toBeVisible();
  // Who got what by grade band, station and 业态, the estimated demand beside it.
  for (const name of ['按档位段', '按管理所', '按业态']) {
    const table = card.getByRole('table', { name });
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader', { name: '估计需求' })).toBeVisible();
  }
  const demandCells = await card.getByRole('table', { name: '按档位段' }).locator('tbody tr td:nth-child(4)').allTextContents();
  expect(demandCells.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  const allocatedCells = await card.getByRole('table', { name: '按档位段' }).locator('tbody tr td:nth-child(5)').allTextContents();
  const allocated = allocatedCells.map(Number).reduce((a, b) => a + b, 0);
  expect(allocated).toBeGreaterThan(0);
  expect(allocated).toBeLessThanOrEqual(cycle.supplyCartons);
  await expectNoHorizontalScroll(page);
});

test('a manager opens the supervision list, finds its shop asking far beyond its sales and adds a note', async ({ page }) => {
  // mgr05's route: shops no other browser test uses (DEMO.manager's are all some test's).
  const found = await supervisionCaseOnRoute('mgr05');
  await signIn(page, 'mgr05');
  await expect(page).toHaveURL(/\/manager$/, { timeout: 20_000 });
  await page.goto('/manager/supervision');
  await expect(page.getByRole('heading', { name: '市场监管：订购远超销量' })).toBeVisible();
  await expect(page.getByText(/名单计算于/)).toBeVisible();
  const card = page.getByRole('region', { name: `${found.shopName} · ${found.specName}` });
  await expect(card).toBeVisible();
  await expect(card.getByText('订购 ÷ 销量')).toBeVisible();
  // An empty note is refused beside the field, and nothing is kept.
  const save = card.getByRole('button', { name: '保存记录' });
  expect((await save.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await save.click();
  await expect(card.getByText('请先写跟进记录的内容。')).toBeVisible();
  await expect(card.getByText('还没有跟进记录。')).toBeVisible();
  const note = `走访 ${Date.now()}：货架上只有两条，店主说替朋友代订。`;
  await card.getByLabel('添加跟进记录').fill(note);
  await save.click();
  await expect(card.getByText('跟进记录已保存。')).toBeVisible();
  await expect(card.getByText(note)).toBeVisible();
  await expect(card.getByLabel('添加跟进记录')).toHaveValue('');
  // The trail is kept: read again after a reload, with who wrote it.
  await page.reload();
  await expect(page.getByRole('region', { name: `${found.shopName} · ${found.specName}` }).getByText(note)).toBeVisible();
  await expectNoHorizontalScroll(page);
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
