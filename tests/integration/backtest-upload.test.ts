/**
 * The staff backtest page's replay of an uploaded `date,item,units` file, through the route's action (a staff
 * session, multipart as the browser posts it) on each dialect, with the cut of real histories in
 * tests/fixtures/real-demand (see its README for the sources and licences): a good file replayed with the same
 * figures as the command line's path; bad files refused with the row and column (or line) in both languages,
 * nothing written; a partly bad file previewed, replayed only when the user chooses so, on the files previewed,
 * with the same counts as its preview and its bad rows' days read as unknown.
 */
import fs from 'node:fs';
import { createInstance, type TFunction } from 'i18next';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsFromRows, replayItems, replayTargets } from '~/domain/backtest';
import { resolveReplenishmentParams } from '~/domain/replenishment';
import type { DemandClass } from '~/domain/replenishment/types';
import { DEFAULT_MAX_BYTES } from '~/domain/uploads/read-errors';
import { i18nConfig } from '~/i18n/config';
import { resources } from '~/i18n/resources';
import { action, loader, type FileReply } from '~/routes/staff.backtest';
import { parseDailyRowsCsv, parseTradingDays, readMaybeGzipText } from '~/server/backtest-history.server';
import { startSession } from '~/server/session.server';
import { currentRuleSettings } from '~/server/suggestions/settings.server';
import { closeReadPool } from '~/server/uploads/read-pool.server';
import { historyErrorMessage } from '~/ui/backtest/history-error-message';
import { replyDone, replyError, replyErrors, replyIntent } from '~/ui/form-reply';
import { smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { routeArgs } from '../support/route-args';

const FIXTURES = 'tests/fixtures/real-demand';
const UK = `${FIXTURES}/online-retail-uk-4-items.csv.gz`;
const UK_DAYS = `${FIXTURES}/online-retail-uk-trading-days.txt`;
const YAZ = `${FIXTURES}/yaz-restaurant-2-dishes.csv`;

/** The YAZ cut with some lines changed or left out (numbered as the file shows them: the header is line 1). */
function yazWith(changes: Record<number, string | null>): string {
  const lines = fs.readFileSync(YAZ, 'utf8').split('\r\n');
  return lines.flatMap((line, i) => (changes[i + 1] === null ? [] : [changes[i + 1] ?? line])).join('\r\n');
}

interface Post {
  history?: { name: string; bytes: Uint8Array | string };
  tradingDays?: { name: string; bytes: Uint8Array | string };
  fields?: Record<string, string>;
  headers?: Record<string, string>;
}

describe.skipIf(postgresSkipped())('staff backtest: replaying an uploaded history', () => {
  let t: TestDb;
  let cookie = '';
  let retailerCookie = '';

  beforeAll(async () => {
    t = await useTestDb();
    const county = await smallCounty(t.db);
    cookie = (await startSession(t.db, new Request('http://localhost/'), county.staffUserId)).split(';')[0]!;
    retailerCookie = (await startSession(t.db, new Request('http://localhost/'), county.retailers[0]!.userId)).split(';')[0]!;
  });
  afterAll(async () => {
    await closeReadPool();
    await t?.close();
  });

  function request(post: Post, who = cookie): Request {
    const form = new FormData();
    form.set('intent', 'file');
    form.set('packsPerCarton', '10');
    form.set('leadDays', '1');
    for (const [k, v] of Object.entries(post.fields ?? {})) form.set(k, v);
    if (post.history) form.set('history', new File([post.history.bytes as BlobPart], post.history.name));
    if (post.tradingDays) form.set('tradingDays', new File([post.tradingDays.bytes as BlobPart], post.tradingDays.name));
    return new Request('http://localhost/staff/backtest', { method: 'POST', headers: { Cookie: who, ...post.headers }, body: form });
  }

  /** The action's answer: status and reply (a thrown Response counts as the answer, with no reply). */
  async function post(p: Post, who = cookie): Promise<{ status: number; body: Partial<FileReply> }> {
    const out = await action(routeArgs(t.db, request(p, who))).catch((thrown: unknown) => {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    });
    if (out instanceof Response) return { status: out.status, body: {} };
    if ('data' in out) return { status: out.init?.status ?? 200, body: out.data };
    return { status: 200, body: out };
  }

  async function messages(code: string, detail: Record<string, string | number> | undefined, fileName: string): Promise<string[]> {
    const out: string[] = [];
    for (const lng of ['zh-CN', 'en'] as const) {
      const i18n = createInstance({ ...i18nConfig, resources, lng });
      await i18n.init();
      const t: TFunction<'common'> = i18n.getFixedT(lng, 'common');
      out.push(historyErrorMessage(t, code, detail, fileName));
    }
    return out;
  }

  /** Every table's row count: a replay writes nothing. */
  async function counts(): Promise<Record<string, number>> {
    const tables = (await t.db.introspection.getTables()).filter((tb) => (t.schema ? tb.schema === t.schema : true) && !tb.name.startsWith('kysely_'));
    const out: Record<string, number> = {};
    for (const tb of tables) out[tb.name] = Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(tb.name)}`.execute(t.db)).rows[0]?.n);
    return out;
  }

  const uk = () => ({ history: { name: 'uk.csv.gz', bytes: new Uint8Array(fs.readFileSync(UK)) }, tradingDays: { name: 'uk-days.txt', bytes: new Uint8Array(fs.readFileSync(UK_DAYS)) } });

  it('is for staff only, in the loader and the action', async () => {
    const got = await post(uk(), retailerCookie);
    expect(got.status).toBe(403);
    const loaded = await loader(routeArgs(t.db, new Request('http://localhost/staff/backtest', { headers: { Cookie: retailerCookie } }))).catch((e: unknown) => e);
    expect(loaded instanceof Response && loaded.status).toBe(403);
    const anonymous = await post(uk(), '');
    expect(anonymous.status).toBe(302);
  });

  it('replays a good file with the command line’s figures, and writes nothing', async () => {
    const before = await counts();
    const got = await post(uk());
    expect(got.status).toBe(200);
    const { waiting } = got.body;
    const preview = got.body.preview!;
    const replay = got.body.replay!;
    expect(replyIntent(got.body)).toBe('file');
    expect(replyDone(got.body, 'file')).toBe(true);
    expect(waiting).toBeNull();
    expect(preview.facts).toMatchObject({
      rowsRead: 429,
      rowsGood: 429,
      rowsBad: 0,
      items: 4,
      firstDay: '2010-12-01',
      lastDay: '2011-12-09',
      days: 374,
      tradingDays: 305,
      itemsReplayed: 4,
      sampled: false,
      unknownItemDays: 0,
    });
    // The command line's path (text reader, items, replay) with the rule settings in force gives the same figures.
    const params = resolveReplenishmentParams((await currentRuleSettings(t.db)).settings.params);
    const items = itemsFromRows(parseDailyRowsCsv(readMaybeGzipText(UK)), parseTradingDays(readMaybeGzipText(UK_DAYS))).items;
    const cli = replayItems(items, { leadDays: 1, packsPerCarton: 10, ruleParams: params });
    expect(replay.items).toBe(4);
    expect(replay.headline).toEqual(cli.headline);
    expect(replay.forecast).toEqual(cli.forecast);
    expect(replay.rule).toEqual(cli.rule);
    expect(replay.b1).toEqual(cli.b1);
    expect(Object.keys(replay.byClass).sort()).toEqual(Object.keys(cli.byClass).sort());
    for (const [c, f] of Object.entries(cli.byClass)) expect(replay.byClass[c as DemandClass]?.headline).toEqual(f?.headline);
    expect(replay.targets).toEqual(replayTargets(cli));
    expect(replay.headline.wapeRule).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file with no good row, naming the first bad cell’s row and column, in both languages', async () => {
    const before = await counts();
    const text = fs.readFileSync(YAZ, 'utf8').replace(/^(\d{4}-\d{2}-\d{2}),(\w+),\d+,/gm, '$1,$2,n/a,');
    const got = await post({ history: { name: 'yaz-bad.csv', bytes: text } });
    expect(got.status).toBe(422);
    expect(replyIntent(got.body)).toBe('file');
    expect(replyError(got.body)).toBe('nothing_good');
    expect(got.body).toMatchObject({ fileName: 'yaz-bad.csv', detail: { rowNo: 2, column: 'units', code: 'not_a_number', value: 'n/a' }, replay: null });
    expect(got.body.preview!.facts).toMatchObject({ rowsRead: 296, rowsGood: 0, rowsBad: 296 });
    const [zh, english] = await messages(replyError(got.body) ?? '', got.body.detail, got.body.fileName ?? '');
    expect(zh).toBe('「yaz-bad.csv」没有一行能用，没有回放。第一个问题在第 2 行「units」列：不是数字（「n/a」）。');
    expect(english).toBe('No row of “yaz-bad.csv” can be used, so nothing was replayed. The first problem is in row 2, column “units”: Not a number (“n/a”).');
    expect(await counts()).toEqual(before);
  });

  it('refuses a file without the columns, a bad trading-day list by its line, a damaged .gz, and a body declared too large', async () => {
    const columns = await post({ history: { name: 'sales.csv', bytes: 'date,product name,qty sold x\n2026-01-05,a,1\n2026-01-06,a,2\n' } });
    expect(columns.status).toBe(422);
    expect(replyError(columns.body)).toBe('missing_columns');
    expect(columns.body).toMatchObject({ detail: { columns: 'item, units' } });
    const [, columnsEn] = await messages('missing_columns', columns.body.detail, columns.body.fileName ?? '');
    expect(columnsEn).toContain('“sales.csv” lacks these columns: item, units');

    const days = await post({ ...uk(), tradingDays: { name: 'days.txt', bytes: '2010-12-01\n2010-12-02\nSaturday\n' } });
    expect(days.status).toBe(422);
    expect(replyError(days.body)).toBe('bad_trading_day');
    expect(days.body).toMatchObject({ fileName: 'days.txt', detail: { lineNo: 3, value: 'Saturday', file: 'trading_days' } });
    const [daysZh, daysEn] = await messages('bad_trading_day', days.body.detail, days.body.fileName ?? '');
    expect(daysZh).toContain('营业日文件「days.txt」第 3 行不是日期：「Saturday」');
    expect(daysEn).toContain('Line 3 of the trading days file “days.txt” is not a date: “Saturday”');

    const gz = new Uint8Array(fs.readFileSync(UK)).subarray(0, 200);
    const damaged = await post({ history: { name: 'cut.csv.gz', bytes: gz } });
    expect(damaged.status).toBe(422);
    expect(replyError(damaged.body)).toBe('corrupt_gzip');
    expect((await messages('corrupt_gzip', damaged.body.detail, damaged.body.fileName ?? ''))[1]).toContain('“cut.csv.gz” is a damaged or incomplete .gz file');

    const declared = await post({ ...uk(), headers: { 'Content-Length': String(30 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(replyError(declared.body)).toBe('too_large');
    expect(replyIntent(declared.body)).toBe('file');
    expect(declared.body.detail).toEqual({ maxBytes: DEFAULT_MAX_BYTES });

    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(replyError(missing.body)).toBe('no_file');
    const invalid = await post({ ...uk(), fields: { packsPerCarton: '0' } });
    expect(invalid.status).toBe(400);
    // Input the schema refuses is `invalid` (decision 0013): the field's own error, the form's code 'invalid'.
    expect(replyError(invalid.body)).toBe('invalid');
    expect(replyErrors(invalid.body)).toMatchObject({ packsPerCarton: expect.any(String) as unknown });
  });

  it('previews a partly bad file, replays its good rows only when asked, on the very files previewed, with the same counts', async () => {
    // Line 5: steak's units unreadable on 2013-10-05 (that day unknown); line 10: a date that does not exist;
    // line 20: no item.
    const changes = { 5: '2013-10-05,steak,3O,0,0', 10: '2013-02-30,calamari,7,0,0', 20: '2013-10-13,,5,0,0' };
    const text = yazWith(changes);
    const first = await post({ history: { name: 'yaz.csv', bytes: text } });
    expect(first.status).toBe(200);
    expect(replyDone(first.body, 'file')).toBe(true);
    expect(first.body).toMatchObject({ waiting: 'has_bad_rows', replay: null });
    const preview = first.body.preview!;
    expect(preview.facts).toMatchObject({ rowsRead: 296, rowsGood: 293, rowsBad: 3, problemCount: 3, items: 2, unknownItemDays: 1, itemsReplayed: 2 });
    expect(preview.problems.map((p) => [p.rowNo, p.column, p.code, p.value])).toEqual([
      [5, 'units', 'not_a_number', '3O'],
      [10, 'date', 'bad_date', '2013-02-30'],
      [20, 'item', 'missing_value', ''],
    ]);
    expect(preview.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    // A choice made on another file is not taken: the new file is previewed instead.
    const other = await post({ history: { name: 'yaz.csv', bytes: yazWith({ ...changes, 30: null }) }, fields: { keepGoodRows: '1', fingerprint: preview.fingerprint } });
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ waiting: 'changed_since_preview', replay: null });
    expect(other.body.preview!.facts.rowsRead).toBe(295);
    // Asking for the good rows without naming the preview is not a valid form.
    expect((await post({ history: { name: 'yaz.csv', bytes: text }, fields: { keepGoodRows: '1' } })).status).toBe(400);

    const chosen = await post({ history: { name: 'yaz.csv', bytes: text }, fields: { keepGoodRows: '1', fingerprint: preview.fingerprint } });
    expect(chosen.status).toBe(200);
    expect(chosen.body.waiting).toBeNull();
    expect(chosen.body.preview!.facts).toEqual(preview.facts);
    expect(chosen.body.preview!.problems).toEqual(preview.problems);
    const replay = chosen.body.replay!;
    expect(replay.items).toBe(2);

    // The good rows only, with the day of the row whose units were unreadable unknown (a closed day), not zero:
    // the same figures as the file with that row marked closed and the two unplaceable rows left out.
    const equivalent = yazWith({ 5: '2013-10-05,steak,0,1,0', 10: null, 20: null });
    const same = await post({ history: { name: 'yaz-equivalent.csv', bytes: equivalent } });
    expect(same.body.waiting).toBeNull();
    expect({ ...same.body.replay, seconds: 0 }).toEqual({ ...replay, seconds: 0 });
    // …and not the figures of reading it as a zero sale.
    const zero = await post({ history: { name: 'yaz-zero.csv', bytes: yazWith({ 5: '2013-10-05,steak,0,0,0', 10: null, 20: null }) } });
    expect(zero.body.replay!.forecast).not.toEqual(replay.forecast);
  });
});
