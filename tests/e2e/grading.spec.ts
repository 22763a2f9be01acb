/**
 * 档位评定 (issue 18) in the browser: staff compute this month's proposal (the 'grading' job), review it — the numbers
 * behind a move, keep one shop's grade — and approve the rest, which take effect when the next cycle opens. Only
 * shops no other test names are approved (grading-arrange.ts says why).
 */
import { expect, test } from '@playwright/test';
import { DEMO, expectNoHorizontalScroll, signIn } from './helpers';
import { keepAllButSpareShops, spareShopsOrderedBeforeTheWindow } from './grading-arrange';

test.use({ viewport: { width: 360, height: 740 } });

test('staff propose the month’s grades, keep one shop’s grade and approve the rest', async ({ page }) => {
  test.setTimeout(90_000);
  await spareShopsOrderedBeforeTheWindow();
  await signIn(page, DEMO.staff);
  await expect(page).toHaveURL(/\/staff$/, { timeout: 20_000 });
  await page.goto('/staff/grading');
  await expect(page.getByRole('heading', { name: '档位评定', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: '评定办法' })).toBeVisible();
  // The proposal is a job: its progress, then its result, without reloading by hand.
  const propose = page.getByRole('button', { name: '计算建议' });
  expect((await propose.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await propose.click();
  await expect(page.locator('#grading-job')).toContainText(/已评定 \d+ 户：建议升档 \d+ 户，降档 \d+ 户。/, { timeout: 60_000 });
  const proposal = page.getByRole('region', { name: /^建议档位（数据期 / });
  await expect(proposal).toBeVisible();
  await expect(proposal.getByText(/^参加评定 \d+ 户/)).toBeVisible();

  const { pendingSpare } = await keepAllButSpareShops();
  // The spare shops, judged among themselves and the others of their 业态, have moves to review.
  expect(pendingSpare).toBeGreaterThanOrEqual(2);
  await page.reload();
  await expect(proposal.getByRole('status').first()).toContainText(`待审核：${pendingSpare} 户待批准`);
  // Each move says why, with the shop's own numbers.
  const line = proposal.getByRole('article').filter({ has: page.getByRole('button', { name: /^保持 \d+ 档$/ }) }).first();
  await expect(line.getByText(/^同业态 \d+ 户中排第 \d+/)).toBeVisible();
  const heading = (await line.getByRole('heading').textContent())!;
  await line.getByRole('button', { name: /^保持 \d+ 档$/ }).click();
  await expect(proposal.getByRole('article').filter({ hasText: heading }).getByText('保持原档')).toBeVisible();
  await expect(proposal.getByRole('status').first()).toContainText(`待审核：${pendingSpare - 1} 户待批准`);

  await proposal.getByRole('button', { name: `批准其余 ${pendingSpare - 1} 户` }).click();
  await expect(page.getByText(`已批准 ${pendingSpare - 1} 户的档位调整，将于下一个订货周期开放时生效。`)).toBeVisible();
  await expect(proposal.getByText(`已批准 ${pendingSpare - 1} 户，将于下一个订货周期开放时生效。`)).toBeVisible();
  await expect(proposal.getByRole('button', { name: /^批准其余/ })).toHaveCount(0);
  await expectNoHorizontalScroll(page);
});
