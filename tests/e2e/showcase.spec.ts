/**
 * Issue 19 at 360 px: staff give a new spec a picture (a JPEG whose metadata carries script, under a hostile file
 * name) and a description; the shop's order page shows its thumbnail at a fixed size, an introduction card whose
 * "试订一条" puts one carton in the cart, and the supply notice beside the spec and on its own page from home.
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { startOrderWithEmptyCart } from './arrange';
import { expectNoHorizontalScroll, signIn, DEMO } from './helpers';
import { NEW_SPEC, newSpecFor, savedCartCartons } from './showcase-arrange';

const SHOP = '440300100021';
// A file name (and metadata) that would run script if it were ever put in the page as markup; '=' in it is fine.
const HOSTILE = '<img src=x onerror=alert(1)><script>alert(1)</script><b>x';

test('staff set a new spec’s picture; the shop sees its thumbnail, tries one carton from its card and reads the supply notice', async ({ page, browser, baseURL }) => {
  test.slow();
  // A script run from a file name or the picture's metadata would open a dialog.
  page.on('dialog', () => {
    throw new Error('a dialog opened: script ran');
  });
  await newSpecFor(SHOP);
  await startOrderWithEmptyCart(SHOP);
  const jpeg = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#2a6' } })
    .withExif({ IFD0: { ImageDescription: `${HOSTILE}<script>window.__xss=2</script>` } })
    .jpeg()
    .toBuffer();

  // Staff, on a phone too.
  const staffPage = await (await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } })).newPage();
  staffPage.on('dialog', () => {
    throw new Error('a dialog opened: script ran');
  });
  await signIn(staffPage, DEMO.staff);
  await staffPage.waitForURL(/\/staff$/);
  await staffPage.goto('/staff/spec-pictures');
  const item = staffPage.locator('li.picture-spec', { hasText: NEW_SPEC.code });
  await item.locator('summary').click();
  await item.getByLabel(/简短介绍/).fill('细支清香，试销期每户限量。');
  await item.getByLabel(/^图片/).setInputFiles({ name: `${HOSTILE}.jpg`, mimeType: 'image/jpeg', buffer: jpeg });
  await item.getByRole('button', { name: '保存' }).click();
  await expect(staffPage.getByText(`已保存 ${NEW_SPEC.name}。`)).toBeVisible({ timeout: 30_000 });
  // Not a picture: refused with the file's name shown as text, nothing saved.
  const item2 = staffPage.locator('li.picture-spec', { hasText: NEW_SPEC.code });
  if (!(await item2.locator('details').evaluate((d) => (d as HTMLDetailsElement).open))) await item2.locator('summary').click();
  await item2.getByLabel(/^图片/).setInputFiles({ name: `${HOSTILE}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from('<svg><script>alert(3)</script></svg>') });
  await item2.getByRole('button', { name: '保存' }).click();
  // (The browser rewrites the '/' a file name cannot hold, so the name is not matched exactly.)
  await expect(staffPage.getByRole('alert').filter({ hasText: /不是图片/ })).toBeVisible({ timeout: 30_000 });
  expect(await staffPage.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The shop.
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, SHOP);
  await page.waitForURL(/\/retailer$/);
  await page.goto('/retailer/order');
  const card = page.locator('.intro-card', { hasText: NEW_SPEC.name });
  await expect(card).toBeVisible();
  await expect(card.getByText('细支清香，试销期每户限量。')).toBeVisible();
  await page.getByLabel('搜索').fill(NEW_SPEC.name);
  const line = page.locator('.spec-line', { hasText: NEW_SPEC.name }).first();
  const thumb = line.locator('.spec-picture img');
  await expect(thumb).toHaveAttribute('loading', 'lazy');
  await expect(thumb).toHaveAttribute('width', '40');
  await expect(thumb).toHaveAttribute('height', '40');
  await thumb.scrollIntoViewIfNeeded();
  await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(144);
  const box = await thumb.boundingBox();
  expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([40, 40]);

  // "Try one carton": one carton in the cart, through the page's own cart.
  const tryOne = card.getByRole('button', { name: '试订一条' });
  const tryBox = await tryOne.boundingBox();
  expect(tryBox!.height).toBeGreaterThanOrEqual(44);
  await tryOne.click();
  await expect(card.getByText('已加入 1 条')).toBeVisible();
  await expect(line.getByLabel(`${NEW_SPEC.name} 订购数量（条）`)).toHaveValue('1');
  // Saved on the server through the page's own cart path (kept on the phone first, then sent).
  await expect.poll(() => savedCartCartons(SHOP), { timeout: 15_000 }).toBe(1);

  // The supply notice beside the spec, and on its own page.
  await line.locator('.spec-notice summary').click();
  await expect(line.locator('.spec-notice')).toContainText('1–15 档 2 条');
  await expect(line.locator('.spec-notice')).toContainText('按档位分配');
  await expectNoHorizontalScroll(page);
  await page.goto('/retailer');
  await page.getByRole('link', { name: '本期货源公示' }).click();
  await expect(page.getByRole('heading', { name: /货源公示 · \d{4}-W\d{2}/ })).toBeVisible();
  const noticeLine = page.locator('li', { hasText: NEW_SPEC.name });
  await expect(noticeLine).toContainText('16–30 档 4 条');
  await expect(noticeLine).toContainText(/您是 \d+ 档，限量 \d 条/);
  await expectNoHorizontalScroll(page);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
