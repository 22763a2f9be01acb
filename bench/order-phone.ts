/**
 * The order list on a phone (issue 16, item 3), measured in Chromium at 360 × 740 with touch, as a shop owner
 * would do it, against a running production build (a checkout's `node server.js`, e.g. the browser tests' server):
 *
 * 1. Taps from sign-in to a submitted, accepted suggested draft: the shop has no order this cycle (its cart is
 *    prepared from the suggestions); the credentials are typed, then every tap is counted until the page says the
 *    order is submitted.
 * 2. The 20-line hand edit: the shop's cart is emptied; the owner then sets 20 lines by hand — the 20 specs it
 *    orders most often (then others), each to its last order's quantity for two lines in three and to one more for
 *    the third (specs it did not order last time: 1–4 cartons) — and submits. Each action (a tap, a number typed
 *    into a box, a swipe of the list) is followed by 300 ms for the person; a swipe is counted whenever the next
 *    line is not on the screen (one per 80 % of a screen moved; a swipe leaves the line wanted a fifth down the screen). The quickest obvious path of each page:
 *    - `--page old` (the page before issue 16, item 3: catalogue order, no "same as last" per line, no review):
 *      down the list, typing each line's quantity, then submit;
 *    - `--page new`: down the list (frequent specs first), "上次 n 条" (one tap) where the quantity is the last one,
 *      else typing it, then submit and confirm on the review sheet.
 *    With `--search` instead: the search path (type the name, type the quantity) on either page.
 *
 *   npx tsx bench/order-phone.ts --base http://localhost:3742 --db /tmp/peihuo-e2e-3742/e2e.db --page new
 *
 * Prints figures as `[{ name, value, unit }]` JSON on its last line. The shops used (--shop, --draft-shop) have
 * their order for the cycle rewritten: run it on a test county, never on real data.
 */
import { parseArgs } from 'node:util';
import { chromium, type Locator, type Page } from '@playwright/test';
import { connect } from '../db/connect';
import { orderingContext, orderingCycle } from '../app/server/orders.server';
import { markRollupsDirty } from '../app/server/rollups.server';
import type { Figure } from './lib';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:3742' },
    db: { type: 'string', default: '/tmp/peihuo-e2e-3742/e2e.db' },
    page: { type: 'string', default: 'new' },
    shop: { type: 'string', default: '440300100057' },
    'draft-shop': { type: 'string', default: '440300100058' },
    search: { type: 'boolean', default: false },
    password: { type: 'string', default: 'Demo@2026' },
  },
});
const NEW = values.page === 'new';
const PERSON_MS = 300;
const LINES = 20;

/** Removes the shop's order for the cycle it orders in now (lines, cart and events go with it). */
async function noOrder(licenceNo: string) {
  const db = connect({ url: values.db });
  try {
    const shop = await db.selectFrom('retailers').select(['id', 'orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const cycle = await orderingCycle(db, shop.orderWeekday, new Date());
    if (!cycle) throw new Error(`${licenceNo} has no cycle to order in`);
    await db.deleteFrom('orders').where('retailerId', '=', shop.id).where('cycleId', '=', cycle.id).execute();
    await markRollupsDirty(db, shop.id, cycle.startsOn);
  } finally {
    await db.destroy();
  }
}

/** What the order page is given for the shop (its frequent specs and last order). */
async function shopOrderData(licenceNo: string) {
  const db = connect({ url: values.db });
  try {
    const shop = await db.selectFrom('retailers').select(['id', 'userId']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const ctx = await orderingContext(db, { userId: shop.userId!, role: 'retailer' }, shop.id);
    if (!ctx?.cycle) throw new Error(`${licenceNo} has no cycle to order in`);
    return ctx;
  } finally {
    await db.destroy();
  }
}

async function submittedStatus(licenceNo: string): Promise<string | null> {
  const db = connect({ url: values.db });
  try {
    const shop = await db.selectFrom('retailers').select(['id', 'orderWeekday']).where('licenceNo', '=', licenceNo).executeTakeFirstOrThrow();
    const cycle = await orderingCycle(db, shop.orderWeekday, new Date());
    const order = await db.selectFrom('orders').select('status').where('retailerId', '=', shop.id).where('cycleId', '=', cycle!.id).executeTakeFirst();
    return order?.status ?? null;
  } finally {
    await db.destroy();
  }
}

class Person {
  actions = 0;
  taps = 0;
  swipes = 0;
  constructor(readonly page: Page) {}
  private async pause() {
    await this.page.waitForTimeout(PERSON_MS);
  }
  /** Swipes until the element is on the screen above the sticky bottom bar, counting one swipe per 80 % of a screen. */
  async bringIntoView(target: Locator) {
    const { top, bottom, view, bar } = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const barEl = document.querySelector('.order-summary');
      return { top: r.top, bottom: r.bottom, view: window.innerHeight, bar: barEl ? barEl.getBoundingClientRect().height : 0 };
    });
    const visibleBottom = view - bar;
    // A person swipes the list up a screen at a time: the line wanted lands near the top, the next ones below it.
    const delta = bottom > visibleBottom ? top - view * 0.2 : top < 0 ? top - 8 : 0;
    if (!delta) return;
    const swipes = Math.ceil(Math.abs(delta) / (view * 0.8));
    await this.page.evaluate((d) => window.scrollBy(0, d), delta);
    this.swipes += swipes;
    this.actions += swipes;
    for (let i = 0; i < swipes; i++) await this.pause();
  }
  async tap(target: Locator) {
    await this.bringIntoView(target);
    await target.click();
    this.taps++;
    this.actions++;
    await this.pause();
  }
  /** A tap on the box and the figures typed: one action (the phone's number pad is up while the list is edited). */
  async type(target: Locator, text: string) {
    await this.bringIntoView(target);
    await target.fill(text);
    this.taps++;
    this.actions++;
    await this.pause();
  }
}

async function newPhone() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, locale: 'zh-CN', serviceWorkers: 'block', baseURL: values.base });
  return { browser, page: await context.newPage() };
}

async function signIn(person: Person, licenceNo: string) {
  const { page } = person;
  await page.goto('/auth/login');
  await page.getByLabel('许可证号或用户名').fill(licenceNo);
  await page.getByLabel('密码').fill(values.password);
  await person.tap(page.getByRole('button', { name: '登录' }));
  await page.waitForURL(/\/retailer$/);
}

/** 1. Sign-in to a submitted, accepted suggested draft. */
async function acceptDraft(): Promise<Figure[]> {
  const licence = values['draft-shop'];
  await noOrder(licence);
  const { browser, page } = await newPhone();
  try {
    const person = new Person(page);
    await signIn(person, licence);
    // Home's order to-do: on the new page it opens the review of the prepared order; on the old, the order page.
    await person.tap(page.locator('.todo-list > li').first().getByRole('link'));
    if (NEW) await person.tap(page.getByRole('button', { name: '确认提交', exact: true }));
    else await person.tap(page.getByRole('button', { name: '提交订单', exact: true }));
    await page.getByText('订单已提交。').waitFor();
    const status = await submittedStatus(licence);
    if (status !== 'submitted') throw new Error(`the draft was not submitted: ${status}`);
    return [{ name: `taps from sign-in to a submitted accepted draft (${values.page} page)`, value: person.taps, unit: 'taps', target: '≤ 3' }];
  } finally {
    await browser.close();
  }
}

/** 2. The 20-line hand edit. */
async function handEdit(): Promise<Figure[]> {
  const licence = values.shop;
  await noOrder(licence);
  const { browser, page } = await newPhone();
  try {
    const person = new Person(page);
    await signIn(person, licence);
    const started = Date.now();
    person.actions = 0;
    person.taps = 0;
    await person.tap(page.getByRole('link', { name: '订货', exact: true }));
    await page.locator('.spec-line').first().waitFor();
    // An empty cart to start from (a shop with no order finds it prepared from the suggestions): "清空".
    const clear = page.getByRole('button', { name: '清空' });
    if (NEW) await person.tap(page.getByRole('button', { name: '更多…' }));
    if (await clear.isVisible()) await person.tap(clear);
    await page.locator('.spec-line.in-cart').first().waitFor({ state: 'detached' });
    await page.waitForTimeout(1_000);

    // The target: the shop's frequent specs (as the server ranks them), 20 lines.
    const ctx = await shopOrderData(licence);
    const lineIds = await page.locator('.spec-line').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-spec-id'))));
    const last = new Map((ctx.lastOrder?.lines ?? []).map((l) => [l.specId, l.qtyCartons]));
    const frequent = [...ctx.previouslyOrdered, ...lineIds].filter((id, i, all) => lineIds.includes(id) && all.indexOf(id) === i).slice(0, LINES);
    const target = new Map(frequent.map((id, i) => [id, last.has(id) ? (i % 3 === 2 ? last.get(id)! + 1 : last.get(id)!) : (i % 4) + 1]));
    const caps = new Map(
      await page.locator('.spec-line').evaluateAll((els) =>
        els.map((e) => [Number(e.getAttribute('data-spec-id')), Number(/(\d+)/.exec(e.querySelector('.spec-cap.capped')?.textContent ?? '')?.[1] ?? 99)] as const),
      ),
    );
    for (const [id, q] of target) target.set(id, Math.min(q, caps.get(id) ?? 99));

    const names = new Map(await page.locator('.spec-line').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-spec-id')), e.querySelector('.spec-name strong')?.textContent?.trim() ?? ''] as const)));
    const order = values.search ? [...target.keys()] : lineIds.filter((id) => target.has(id));
    for (const id of order) {
      const qty = target.get(id)!;
      if (values.search) await person.type(page.getByLabel('搜索'), names.get(id)!);
      const line = page.locator(`.spec-line[data-spec-id="${id}"]`);
      const lastButton = line.locator('.last-qty');
      if (NEW && last.get(id) === qty && (await lastButton.count())) await person.tap(lastButton);
      else await person.type(line.locator('input.qty'), String(qty));
    }
    if (values.search) await person.type(page.getByLabel('搜索'), '');
    await person.tap(page.getByRole('button', { name: /^提交订单$/ }));
    if (NEW) await person.tap(page.getByRole('button', { name: '确认提交', exact: true }));
    await page.getByText('订单已提交。').waitFor();
    const seconds = (Date.now() - started) / 1000;
    if ((await submittedStatus(licence)) !== 'submitted') throw new Error('the hand edit was not submitted');
    const how = `${values.page} page, ${values.search ? 'search' : 'down the list'}`;
    return [
      { name: `20-line hand edit: actions (${how})`, value: person.actions, unit: 'actions', target: '≈ half of 83' },
      { name: `20-line hand edit: of which swipes (${how})`, value: person.swipes, unit: 'swipes' },
      { name: `20-line hand edit: time with 300 ms an action (${how})`, value: Math.round(seconds * 10) / 10, unit: 's' },
    ];
  } finally {
    await browser.close();
  }
}

const figures = [...(values.search ? [] : await acceptDraft()), ...(await handEdit())];
for (const f of figures) console.log(`${f.name}: ${f.value} ${f.unit}${f.target ? ` (target ${f.target})` : ''}`);
console.log(JSON.stringify(figures));
