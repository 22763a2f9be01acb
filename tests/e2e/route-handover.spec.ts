/**
 * Route hand-over (issue 17, item 7) on a 360 px phone: staff tick one shop of mgr11's route and hand it to mgr12
 * from today; mgr12 finds it on the route board and mgr11 no longer does. A hand-over dated tomorrow moves nothing
 * yet: it is listed as pending, the shop stays with its manager, and staff cancel it. The page in English too.
 * (mgr11 and mgr12 are used by no other spec.)
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addDays, shanghaiDayOf } from '~/domain/time';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';

test.use({ viewport: { width: 360, height: 740 } });

/** The value of the manager option whose label carries this code (labels read "name（code，station）· n 户"). */
const managerValue = async (page: Page, selectId: string, code: string) => (await page.locator(`#${selectId} option`, { hasText: code }).first().getAttribute('value'))!;

test('staff hand one shop over to another manager from today; the new manager sees it, the old one does not', async ({ page, browser }) => {
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto('/staff/route-handover');
  await expect(page.getByRole('heading', { name: '线路移交', exact: true })).toBeVisible();
  await page.getByLabel('原客户经理').selectOption(await managerValue(page, 'handover-from', 'mgr11'));
  await page.getByRole('button', { name: '显示他的零售客户' }).click();
  await expect(page.getByRole('heading', { name: /现有 \d+ 户零售客户/ })).toBeVisible();
  await expectNoHorizontalScroll(page);

  const first = page.getByRole('checkbox').first();
  const [, name, licence] = /^选择 (.+)（(\d{12})）$/.exec((await first.getAttribute('aria-label'))!)!;
  await page.getByRole('radio', { name: '只移交下面勾选的零售客户' }).check();
  await first.check();
  await page.getByLabel('交给').selectOption(await managerValue(page, 'handover-to', 'mgr12'));
  await expect(page.getByLabel('生效日期')).toHaveValue(shanghaiDayOf(new Date()));
  const submit = page.getByRole('button', { name: '确认移交' });
  // Tap targets stay at least 44 px high on the phone.
  expect((await submit.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  expect((await page.getByRole('radio', { name: '只移交下面勾选的零售客户' }).locator('xpath=ancestor::label').boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await submit.click();
  await expect(page.getByRole('status')).toContainText('已把 1 户零售客户移交给');
  await expect(page.getByText(/原客户经理 .*mgr11.* · 1 户/)).toBeVisible();
  await expectNoHorizontalScroll(page);
  // The shop is no longer on mgr11's list.
  await expect(page.getByRole('checkbox', { name: `选择 ${name}（${licence}）` })).toHaveCount(0);

  // mgr12 sees the shop on the route board from today; mgr11 does not.
  for (const [manager, count] of [
    ['mgr12', 1],
    ['mgr11', 0],
  ] as const) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', serviceWorkers: 'block' });
    const other = await context.newPage();
    await signIn(other, manager);
    await expect(other).toHaveURL(/\/manager$/);
    await expect(other.locator(`tr[data-retailer="${licence}"]`)).toHaveCount(count);
    await context.close();
  }
});

/** Whether a manager finds the shop on the route board. */
async function onBoardOf(browser: Browser, manager: string, licence: string) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await context.newPage();
  await signIn(page, manager);
  await expect(page).toHaveURL(/\/manager$/);
  await expect(page.locator('table').first()).toBeVisible();
  const count = await page.locator(`tr[data-retailer="${licence}"]`).count();
  await context.close();
  return count;
}

test('a hand-over dated tomorrow waits for its day: listed as pending, the shop stays, and staff can cancel it', async ({ page, browser }) => {
  // Four sign-ins (argon2id each) on a shared machine.
  test.slow();
  const tomorrow = addDays(shanghaiDayOf(new Date()), 1);
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto('/staff/route-handover');
  await page.getByLabel('原客户经理').selectOption(await managerValue(page, 'handover-from', 'mgr12'));
  await page.getByRole('button', { name: '显示他的零售客户' }).click();
  await expect(page.getByRole('heading', { name: /现有 \d+ 户零售客户/ })).toBeVisible();
  const first = page.getByRole('checkbox').first();
  const [, name, licence] = /^选择 (.+)（(\d{12})）$/.exec((await first.getAttribute('aria-label'))!)!;
  await page.getByRole('radio', { name: '只移交下面勾选的零售客户' }).check();
  await first.check();
  await page.getByLabel('交给').selectOption(await managerValue(page, 'handover-to', 'mgr11'));
  await page.getByLabel('生效日期').fill(tomorrow);
  await page.getByRole('button', { name: '确认移交' }).click();

  await expect(page.getByRole('status')).toContainText(`已登记：1 户零售客户将于 ${tomorrow} 移交给`);
  const pending = page.getByRole('region', { name: '待生效的移交' });
  await expect(pending.getByRole('listitem')).toHaveCount(1);
  await expect(pending.getByRole('listitem')).toContainText(/mgr12.*→.*mgr11.*1 户/);
  await expectNoHorizontalScroll(page);
  // Nothing moved: the shop is still on mgr12's list, and a second hand-over of it is refused until this one is settled.
  await expect(page.getByRole('checkbox', { name: `选择 ${name}（${licence}）` })).toHaveCount(1);
  await page.getByRole('radio', { name: '只移交下面勾选的零售客户' }).check();
  await page.getByRole('checkbox', { name: `选择 ${name}（${licence}）` }).check();
  await page.getByLabel('交给').selectOption(await managerValue(page, 'handover-to', 'mgr11'));
  await page.getByRole('button', { name: '确认移交' }).click();
  await expect(page.getByRole('alert')).toContainText('已经登记了待生效的移交');
  expect(await onBoardOf(browser, 'mgr12', licence!)).toBe(1);
  expect(await onBoardOf(browser, 'mgr11', licence!)).toBe(0);

  const cancel = pending.getByRole('button', { name: `取消移交：${tomorrow}`, exact: false });
  expect((await cancel.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await cancel.click();
  await expect(page.getByRole('status')).toContainText('已取消这次移交');
  await expect(page.getByRole('region', { name: '待生效的移交' })).toHaveCount(0);
  expect(await onBoardOf(browser, 'mgr12', licence!)).toBe(1);
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('the hand-over page reads in English', async ({ page }) => {
    await signIn(page, DEMO.staff);
    await expect(page).toHaveURL(/\/staff$/);
    await page.goto('/staff/route-handover');
    await expect(page.getByRole('heading', { name: 'Route hand-over', exact: true })).toBeVisible();
    await page.getByLabel('Current manager').selectOption(await managerValue(page, 'handover-from', 'mgr10'));
    await page.getByRole('button', { name: 'Show their retailers' }).click();
    await expect(page.getByRole('heading', { name: /has \d+ retailers? now/ })).toBeVisible();
    await expect(page.getByLabel('Effective day')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Hand over' })).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});
