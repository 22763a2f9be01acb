import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO = { retailer: '440300100001', manager: 'mgr01', staff: 'staff01' } as const;

/** Signs in through the form, as a person would, and waits for the role's home page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/auth/login');
  await page.getByLabel(/许可证号或用户名|Licence number or user name/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
}

export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
