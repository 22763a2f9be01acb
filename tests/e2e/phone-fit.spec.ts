/**
 * A phone at 360 px, with the large-text mode on (and off): the shop's home, uploads and stock count, the manager's
 * route board and benchmarks page fit the screen (no sideways scroll), every tab is shown whole, and every control
 * is at least 44 × 44 px. Along the way: the uploads page lists every channel, the stock count labels the last count
 * and asks "确认？" before taking a figure wildly off, and the benchmarks form's button can be tapped.
 * (The order page is tested by its own specs.)
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, signIn } from './helpers';
import { startOrderWithEmptyCart } from './arrange';
import { managerWithoutBenchmarks, shopDepositFen, shopWithCountAndApiUpload } from './phone-arrange';

// A shop and its manager that no other browser test uses.
const SHOP = '440300100041';
const MANAGER = 'mgr09';
const MIN_TARGET_PX = 44;

async function setLargeText(page: Page, on: boolean) {
  const toggle = page.locator('form[action="/resources/preferences"] button[name="largeText"]');
  if ((await toggle.getAttribute('aria-pressed')) !== String(on)) {
    await toggle.click();
    await expect(page.locator('form[action="/resources/preferences"] button[name="largeText"]')).toHaveAttribute('aria-pressed', String(on));
  }
  await expect(page.locator('html')).toHaveClass(on ? /large-text/ : /^(?!.*large-text)/);
}

/** Every visible control smaller than 44 × 44 px (a checkbox counts by the label around it), and any past the right edge. */
async function smallOrOffscreenTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const el of document.querySelectorAll<HTMLElement>('a[href], button, select, input:not([type=hidden]), textarea, summary')) {
      if (el.closest('.visually-hidden, .skip-link')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const target = (el as HTMLInputElement).type === 'checkbox' || (el as HTMLInputElement).type === 'radio' ? (el.closest('label') ?? el) : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const name = `${el.tagName.toLowerCase()} "${(el.textContent || (el as HTMLInputElement).value || el.getAttribute('aria-label') || '').trim().slice(0, 24)}"`;
      if (box.height < min - 0.5 || box.width < min - 0.5) out.push(`${name} ${Math.round(box.width)}×${Math.round(box.height)}`);
      if (box.right > width + 0.5) out.push(`${name} ends at ${Math.round(box.right)} of ${width}`);
    }
    return out;
  }, MIN_TARGET_PX);
}

/** Tabs cut off ("数据上…") or past the screen's edge. */
async function clippedTabs(page: Page): Promise<string[]> {
  return page.locator('.tab').evaluateAll((tabs) =>
    tabs.flatMap((t) => (t.scrollWidth > t.clientWidth + 0.5 || t.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 ? [t.textContent ?? ''] : [])),
  );
}

async function expectFits(page: Page) {
  await expectNoHorizontalScroll(page);
  expect(await clippedTabs(page)).toEqual([]);
  expect(await smallOrOffscreenTargets(page)).toEqual([]);
}

test('the shop’s home, uploads and stock count fit a phone with large text, and the count asks before a wild figure', async ({ page }) => {
  const counted = await shopWithCountAndApiUpload(SHOP);
  await signIn(page, SHOP);
  await expect(page).toHaveURL(/\/retailer$/);

  for (const large of [false, true]) {
    await setLargeText(page, large);
    for (const path of ['/retailer', '/retailer/uploads', '/retailer/stock-count']) {
      await page.goto(path);
      await expect(page.locator('main h1').first()).toBeVisible();
      await expectFits(page);
    }
  }

  // Large text stays on. The uploads page lists what came through the till's API (and the seeded history), paged.
  await page.goto('/retailer/uploads');
  const history = page.locator('#upload-history');
  await expect(history).not.toContainText('还没有上传记录');
  await expect(history).toContainText(/共 \d+ 条上传记录/);
  await expect(history.locator('.upload-item[data-source="api"]').first()).toContainText('收银机接口');

  // The stock count says what each row's number is, and asks before taking a figure far from the records.
  await page.goto('/retailer/stock-count');
  const row = page.locator('.spec-line', { hasText: counted.name }).first();
  await expect(row.locator('.count-last')).toHaveText(/^上次盘点 \d+ 盒（\d{4}-\d{2}-\d{2} 周.）$/);
  const wild = String(Math.max(counted.expectedPacks, 0) * 10 + 500);
  await row.locator('input.qty').fill(wild);
  await page.getByRole('button', { name: '提交盘点' }).click();
  const ask = page.getByRole('alertdialog', { name: '这些数和记录相差很大，确认吗？' });
  await expect(ask).toContainText(`${counted.name}：您填了 ${wild} 盒，按记录现在约有 ${counted.expectedPacks} 盒。`);
  await expectFits(page);
  // Going back to fix puts the cursor in that figure; saving again asks again.
  await ask.getByRole('button', { name: '返回修改' }).click();
  await expect(ask).toHaveCount(0);
  await expect(row.locator('input.qty')).toBeFocused();
  await page.getByRole('button', { name: '提交盘点' }).click();
  await ask.getByRole('button', { name: '确认，按填的保存' }).click();
  await expect(page.getByText('盘点已保存：1 个品规。')).toBeVisible();
  await expect(row.locator('.count-last')).toContainText(`上次盘点 ${wild} 盒`);
});

test('the route board is cards and the benchmarks form fits a phone with large text; its button can be tapped', async ({ page }) => {
  await managerWithoutBenchmarks(MANAGER);
  await signIn(page, MANAGER);
  await expect(page).toHaveURL(/\/manager$/);

  for (const large of [false, true]) {
    await setLargeText(page, large);
    await page.goto('/manager');
    await expect(page.getByRole('heading', { name: '我的线路' })).toBeVisible();
    await expectFits(page);
    // One card per shop: the row is no wider than the screen, its name and phone number are big enough to tap.
    const card = page.locator('.route-board tbody tr').first();
    const box = (await card.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    for (const link of [card.locator('.route-name'), card.locator('a[href^="tel:"]')]) {
      const b = (await link.boundingBox())!;
      expect(b.height).toBeGreaterThanOrEqual(MIN_TARGET_PX);
    }

    await page.goto('/manager/benchmarks');
    await expect(page.getByRole('heading', { name: '设为标杆终端' })).toBeVisible();
    await expectFits(page);
  }

  // The mark button is on screen and nothing covers it: a tap lands on it.
  const select = page.getByLabel('选择零售客户');
  await select.selectOption({ index: 1 });
  await page.getByLabel('选为标杆的原因').fill('客流大、上传及时');
  const mark = page.getByRole('button', { name: '设为标杆终端' });
  await mark.scrollIntoViewIfNeeded();
  const b = (await mark.boundingBox())!;
  const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.textContent?.trim() ?? null, [b.x + b.width / 2, b.y + b.height / 2]);
  expect(hit).toBe('设为标杆终端');
  await mark.tap();
  await expect(page.getByText('已设为标杆终端。')).toBeVisible();
});

/**
 * The order page on a phone (issue 16, items 3 and 4): products on the first screen; with large text the bottom bar
 * neither covers the totals (in English too) nor, with a deposit shortfall, takes more than a quarter of the screen;
 * every control (the "为什么？" disclosure, chips, +/−, "same as last") at least 44 px; a filter chip brings its
 * results into view.
 */
async function orderPageWithShortfall(page: Page, licenceNo: string, orderLink: string) {
  await startOrderWithEmptyCart(licenceNo);
  await shopDepositFen(licenceNo, 100);
  await signIn(page, licenceNo);
  await page.getByRole('link', { name: orderLink, exact: true }).click();
  await expect(page.locator('.spec-line').first()).toBeVisible();
}

async function expectOrderPageFits(page: Page, shortBy: RegExp) {
  // Where the first product is as the page opens, against the bottom bar: its top, and its quantity box's bottom.
  const first = await page.locator('.spec-line').first().boundingBox();
  const stepper = (await page.locator('.spec-line').first().locator('.stepper').boundingBox())!;
  const bar = (await page.locator('.order-summary').boundingBox())!;
  const viewport = page.viewportSize()!;
  // Put a carton in the cart: more than the balance (1 元), so the bar says how much is missing.
  const line = page.locator('.spec-line', { hasNot: page.locator('.spec-cap.capped') }).first();
  await line.locator('button.step').last().click();
  await expect(page.locator('.order-summary .shortfall')).toHaveText(shortBy);
  const barNow = (await page.locator('.order-summary').boundingBox())!;
  const totals = (await page.locator('.order-summary-text').boundingBox())!;
  const button = (await page.locator('.order-summary > button').boundingBox())!;
  expect(totals.x + totals.width).toBeLessThanOrEqual(button.x + 0.5);
  await expectFits(page);
  return { firstTop: first!.y, stepperBottom: stepper.y + stepper.height, barTop: bar.y, barHeight: bar.height, barHeightShort: barNow.height, viewportHeight: viewport.height };
}

test('the order page fits a phone: products on the first screen, a small bottom bar that never covers the totals, 44 px controls, filters that show their results', async ({ page }) => {
  await orderPageWithShortfall(page, '440300100037', '订货');
  // The preference is the user's: a run that stopped half-way may have left it on.
  await setLargeText(page, false);
  await expect(page.locator('.spec-line').first()).toBeInViewport();
  const plain = await expectOrderPageFits(page, /^余额还差 /);
  expect(plain.firstTop).toBeLessThan(plain.viewportHeight / 2 + 100);
  expect(plain.stepperBottom).toBeLessThanOrEqual(plain.barTop);

  // Large text too: the first product's name and quantity box are on the first screen, above the bottom bar (the
  // header, tabs and filter chips keep their standard size there; the first product was 715 px down before).
  await setLargeText(page, true);
  const large = await expectOrderPageFits(page, /^余额还差 /);
  expect(large.barHeightShort).toBeLessThanOrEqual(large.viewportHeight / 4);
  expect(large.firstTop).toBeLessThan(large.barTop);
  expect(large.stepperBottom).toBeLessThanOrEqual(large.barTop);

  // A chip brings the filtered list's top into view (the list scrolled away first).
  await page.mouse.wheel(0, 3000);
  await page.getByRole('button', { name: '订过的' }).scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: '已选' }).click();
  await expect(page.locator('#order-list')).toBeInViewport();
  await expect(page.locator('#order-list .spec-line')).toHaveCount(1);
  await expect(page.locator('#order-list .spec-line').first()).toBeInViewport();
  await setLargeText(page, false);
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('the order page: products on the first screen; with large text the submit button does not cover the totals, the bar stays small', async ({ page }) => {
    await orderPageWithShortfall(page, '440300100038', 'Order');
    await setLargeText(page, false);
    // The header on one row and the five tabs on one (they took two rows each in English, the product 620 px down).
    const plain = await expectOrderPageFits(page, /^Short by /);
    expect(plain.stepperBottom).toBeLessThanOrEqual(plain.barTop);
    expect((await page.locator('.topbar').boundingBox())!.height).toBeLessThanOrEqual(64);
    expect((await page.locator('.tabs').boundingBox())!.height).toBeLessThanOrEqual(50);
    await setLargeText(page, true);
    const large = await expectOrderPageFits(page, /^Short by /);
    expect(large.barHeightShort).toBeLessThanOrEqual(large.viewportHeight / 4);
    // English words are longer, and large text too shows the first product's name and quantity box on the first
    // screen above the bottom bar — here already the taller bar of a short deposit (the carton put in above). It was
    // 840 px down, then 648 under the bar: the search box and "More…" now share a row, the four chips fit one row,
    // and the bar's shortfall line is one line ("Short by ¥…" beside "Fit to balance").
    expect(large.firstTop).toBeLessThan(large.barTop);
    expect(large.stepperBottom).toBeLessThanOrEqual(large.barTop);
    await setLargeText(page, false);
  });
});
