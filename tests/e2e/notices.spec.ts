/**
 * Announcements in the browser at 360 px (issue 19): a shop finds an important notice on home, reads it (formatted,
 * with its attachment) and acknowledges it with one big button; staff then see it acknowledged; a notice staff
 * write with a grade band out of order is refused beside the field and nothing is saved; a manager chases its
 * route's shop that has not acknowledged (the shop finds the reminder on home), then staff chase the rest.
 */
import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, signIn } from './helpers';
import { importantNoticeFor, noticeCount, routeOf } from './notices-arrange';

const SHOP = '440300100046';
// Sign-in hashes the password (argon2, slow on purpose): on a busy machine it takes longer than expect's default.
const SIGNED_IN = { timeout: 30_000 };
test.describe.configure({ timeout: 120_000 });

test('a shop reads an important notice from its home to-do and acknowledges it; staff see it acknowledged', async ({ page, browser }) => {
  const title = `春节配送安排 ${Date.now()}`;
  const id = await importantNoticeFor(SHOP, title, '除夕至初三**暂停配送**。\n\n- 初四恢复\n- 请提前订货\n\n<script>alert(1)</script>');
  await signIn(page, SHOP);
  await expect(page).toHaveURL(/\/retailer$/, SIGNED_IN);
  const todo = page.locator('.todo-item[data-kind="notice_to_acknowledge"]', { hasText: title });
  await expect(todo).toBeVisible();
  await expect(page.getByTestId('unread-notices')).toContainText(title);
  await todo.getByRole('link', { name: '阅读并确认' }).click();

  await expect(page).toHaveURL(new RegExp(`/retailer/notices/${id}$`));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.locator('.notice-body strong')).toHaveText('暂停配送');
  await expect(page.locator('.notice-body li')).toHaveCount(2);
  // Typed HTML is shown as text, never run.
  await expect(page.locator('.notice-body')).toContainText('<script>alert(1)</script>');
  await expect(page.locator('.notice-body script')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /附件：海报\.png/ })).toHaveAttribute('href', `/resources/notices/${id}/attachment`);
  const ack = page.getByRole('button', { name: '我已知晓' });
  const box = await ack.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await expectNoHorizontalScroll(page);
  await ack.click();
  await expect(page.getByRole('status')).toHaveText('已确认，谢谢！');
  await expect(page.getByText(/您已于 .* 确认知晓。/)).toBeVisible();
  await expect(page.getByRole('button', { name: '我已知晓' })).toHaveCount(0);

  await page.getByRole('link', { name: '通知', exact: true }).click();
  const row = page.locator('.notice-list li', { hasText: title });
  await expect(row).toContainText('已确认');
  await expect(row).not.toContainText('未读');
  await page.goto('/retailer');
  await expect(page.locator('.todo-item[data-kind="notice_to_acknowledge"]', { hasText: title })).toHaveCount(0);

  const staff = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await signIn(staff, 'staff01');
  await expect(staff).toHaveURL(/\/staff/, SIGNED_IN);
  await staff.goto(`/staff/notices/${id}`);
  await expect(staff.locator('#notice-counts')).toHaveText('发送 1 户 · 已读 1 户 · 已确认 1 户');
  await expect(staff.getByText('全部零售客户都已完成。')).toBeVisible();
  await expect(staff.locator('#notice-done').locator('..')).toContainText(SHOP);
  await expectNoHorizontalScroll(staff);
  await staff.close();
});

test('staff writing a notice with a grade band out of order are told beside the field, and nothing is saved', async ({ page }) => {
  const title = `档位测试 ${Date.now()}`;
  const before = await noticeCount(title);
  await signIn(page, 'staff01');
  await expect(page).toHaveURL(/\/staff/, SIGNED_IN);
  await page.goto('/staff/notices/new');
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('正文').fill('只发给部分档位。');
  await page.getByLabel('档位从').fill('20');
  await page.getByLabel('档位到').fill('5');
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: '发布' }).click();
  await expect(page.getByText('档位须是 1–30 之间的整数，且“从”不大于“到”。')).toBeVisible();
  await expect(page.getByLabel('标题')).toHaveValue(title);
  expect(await noticeCount(title)).toBe(before);
});

test('a manager chases its route’s shop that has not acknowledged; the shop finds the reminder on home; staff chase the rest of the county', async ({ page, browser }) => {
  const CHASED = '440300100048';
  const title = `盘点安排 ${Date.now()}`;
  const { manager, otherRouteShop } = await routeOf(CHASED);
  const id = await importantNoticeFor([CHASED, otherRouteShop], title, '本周六盘点，请**按时上传**盘点结果。');

  // The manager sees only its route's shop, and reminds it with one tap.
  await signIn(page, manager);
  await expect(page).toHaveURL(/\/manager/, SIGNED_IN);
  await page.goto(`/manager/notices/${id}`);
  await expect(page.locator('#notice-counts')).toHaveText('发送 1 户 · 已读 0 户 · 已确认 0 户');
  const chase = page.getByRole('button', { name: '提醒这 1 户' });
  expect((await chase.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await chase.click();
  await expect(page.getByTestId('notice-chase').getByRole('status')).toHaveText('已提醒 1 户。');
  await expect(page.getByTestId('notice-chases')).toContainText('提醒了 1 户');
  await expect(page.locator('.notice-shops li', { hasText: CHASED })).toContainText('已提醒');
  // Not twice within the interval: the button is gone, and the page says when it may be done again.
  await expect(page.getByRole('button', { name: /^提醒这/ })).toHaveCount(0);
  await expect(page.getByTestId('notice-chase')).toContainText('1 户在 4 小时内已提醒过');
  await expectNoHorizontalScroll(page);

  // The shop finds the reminder on its home, opens the notice from it and acknowledges; the reminder goes.
  const shop = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await signIn(shop, CHASED);
  await expect(shop).toHaveURL(/\/retailer$/, SIGNED_IN);
  const reminder = shop.getByTestId('home-reminders').locator('li', { hasText: `请阅读重要通知《${title}》` });
  await expect(reminder).toBeVisible();
  await reminder.getByRole('link', { name: '阅读通知' }).click();
  await expect(shop).toHaveURL(new RegExp(`/retailer/notices/${id}$`));
  await shop.getByRole('button', { name: '我已知晓' }).click();
  await expect(shop.getByRole('status')).toHaveText('已确认，谢谢！');
  await shop.goto('/retailer');
  await expect(shop.getByText(`请阅读重要通知《${title}》`)).toHaveCount(0);
  await shop.close();

  // Staff see the manager's chase and the shop on the other route still to remind.
  const staff = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await signIn(staff, 'staff01');
  await expect(staff).toHaveURL(/\/staff/, SIGNED_IN);
  await staff.goto(`/staff/notices/${id}`);
  await expect(staff.locator('#notice-counts')).toHaveText('发送 2 户 · 已读 1 户 · 已确认 1 户');
  await expect(staff.getByTestId('notice-chases')).toContainText('提醒了 1 户');
  await staff.getByRole('button', { name: '提醒这 1 户' }).click();
  await expect(staff.getByTestId('notice-chase').getByRole('status')).toHaveText('已提醒 1 户。');
  await expect(staff.getByTestId('notice-chases').locator('li')).toHaveCount(2);
  await staff.close();
});
