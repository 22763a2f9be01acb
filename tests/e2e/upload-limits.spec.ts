/**
 * A file over the limit is refused in the browser, before anything is sent, with a translated message — on the
 * shop's upload page and on staff's master-data page (a 25 MB file used to show the generic 系统遇到问题 to the
 * shop and a bare text page to staff).
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO, signIn } from './helpers';

const tooLarge = { name: 'big-export.csv', mimeType: 'text/csv', buffer: Buffer.alloc(21 * 1024 * 1024, 'a') };

/** Every POST the page sends from now on. */
function posts(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

test('a shop’s 21 MB file is refused before it is sent', async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await page.getByRole('link', { name: '数据上传' }).click();
  await page.getByLabel('选择文件').setInputFiles(tooLarge);
  const sent = posts(page);
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByRole('alert')).toHaveText('文件太大（上限 20 MB）。请分成几个文件上传。');
  expect(sent).toEqual([]);
});

test('staff’s 21 MB master-data file is refused before it is sent', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await page.getByRole('link', { name: '基础资料' }).click();
  await expect(page.getByRole('heading', { name: '基础资料', level: 1 })).toBeVisible();
  await page.getByLabel('选择文件').setInputFiles(tooLarge);
  const sent = posts(page);
  await page.getByRole('button', { name: '上传并预览' }).click();
  await expect(page.getByRole('alert')).toHaveText('文件太大（上限 20 MB）。请分成几个文件上传。');
  expect(sent).toEqual([]);
});
