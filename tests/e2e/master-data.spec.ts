import SQLite from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { E2E_DATABASE } from './arrange';
import { DEMO, signIn } from './helpers';

interface ShopRow {
  licence: string;
  name: string;
  station: string;
  manager: string;
  businessType: string;
  marketType: string;
  grade: number;
  weekday: number;
}

/** A seeded shop as the file must describe it (the server seeds the e2e county; the test only reads). */
function seededShop(licence: string): ShopRow {
  const db = new SQLite(E2E_DATABASE, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select r.licence_no as licence, r.name, s.code as station, m.code as manager, r.business_type as businessType,
                r.market_type as marketType, r.grade, r.order_weekday as weekday
           from retailers r join stations s on s.id = r.station_id join account_managers m on m.id = r.manager_id
          where r.licence_no = ?`,
      )
      .get(licence) as ShopRow;
  } finally {
    db.close();
  }
}

test('staff import a retailers CSV, check the diff, confirm, then hand over a sign-in that must be changed at first use', async ({ page }) => {
  const shop = seededShop('440300100050');
  // Grades run 1–30: the next one round, so the file always changes it.
  const newGrade = (shop.grade % 30) + 1;
  const csv = [
    'licence_no,name,station,manager_code,business_type,market_type,grade,order_day',
    [shop.licence, shop.name, shop.station, shop.manager, shop.businessType, shop.marketType, newGrade, shop.weekday].join(','),
    '440300199001,E2E 新开便利店,S01,mgr01,便利店,城镇,7,周三',
    '12345,坏行,S01,mgr01,便利店,城镇,7,周三',
  ].join('\r\n');

  await signIn(page, DEMO.staff);
  await page.getByRole('link', { name: '基础资料' }).first().click();
  await expect(page.getByRole('heading', { name: '基础资料' })).toBeVisible();
  await page.getByLabel('资料类型').selectOption('retailers');
  await page.getByLabel('选择文件').setInputFiles({ name: 'retailers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: '上传并预览' }).click();

  await expect(page.getByRole('heading', { name: '导入预览：retailers.csv' })).toBeVisible();
  await expect(page.getByText('还没有保存任何数据', { exact: false })).toBeVisible();
  await expect(page.getByRole('cell', { name: '第 4 行' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '许可证号应为 12 位数字' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '新增（1）' })).toBeVisible();
  await expect(page.getByText('440300199001')).toBeVisible();
  const changed = page.locator(`tr[data-key="${shop.licence}"]`);
  await expect(changed).toContainText(`档位: ${shop.grade} → ${newGrade}`);
  await expect(page.getByRole('heading', { name: /系统中有、文件中没有/ })).toBeVisible();

  // With a bad row, nothing is written until the user chooses to skip it.
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByRole('alert')).toContainText('文件中有问题行');
  await page.getByLabel(/跳过有问题的 1 行/).check();
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('已导入：新增 1，更新 1，无变化 0，停用 0，跳过 1 行。')).toBeVisible();

  // The new shop has no sign-in yet: create one and read the one-time password off the hand-over list.
  await page.getByRole('link', { name: /账号管理/ }).click();
  await page.getByLabel('搜索').fill('440300199001');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.getByLabel('选择 E2E 新开便利店').check();
  await page.getByRole('button', { name: '为选中的开通账号' }).click();
  await expect(page.getByRole('heading', { name: '初始密码（只显示这一次）' })).toBeVisible();
  const password = (await page.getByTestId('one-time-password').first().textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z2-9]{12}$/);

  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, '440300199001', password);
  await expect(page).toHaveURL(/\/auth\/change-password$/);
  await expect(page.getByRole('heading', { name: '设置新密码' })).toBeVisible();
  await page.getByLabel('当前密码').fill(password);
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('再次输入新密码').fill('short');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByText('新密码至少需要 8 个字符。')).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('my-own-pass-2026');
  await page.getByLabel('再次输入新密码').fill('my-own-pass-2026');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page).toHaveURL(/\/retailer$/);
});
