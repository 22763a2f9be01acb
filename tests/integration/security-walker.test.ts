/**
 * The security walker: every route file in app/routes, called as Remix would call it (a Request with a real
 * session cookie), as an anonymous visitor, a retailer, an account manager and staff, and checked against the
 * table below — the same table docs/security.md shows. Where a route takes an id, another shop's (another
 * route's, another staff user's) id is tried too. Refusals must change nothing: the whole database is compared
 * before and after. A route file the table does not cover, or docs/security.md does not mention, fails the test.
 */
import crypto from 'node:crypto';
import sharp from 'sharp';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as home from '~/routes/_index';
import * as openapi from '~/routes/api.v1.openapi[.json]';
import * as apiReceipts from '~/routes/api.v1.receipts';
import * as apiSales from '~/routes/api.v1.sales';
import * as apiStockCounts from '~/routes/api.v1.stock-counts';
import * as changePassword from '~/routes/auth.change-password';
import * as login from '~/routes/auth.login';
import * as logout from '~/routes/auth.logout';
import * as healthz from '~/routes/healthz';
import * as managerBoard from '~/routes/manager._index';
import * as benchmarkStore from '~/routes/manager.benchmarks.$retailerId';
import * as benchmarks from '~/routes/manager.benchmarks._index';
import * as followUp from '~/routes/manager.follow-up';
import * as profile from '~/routes/manager.retailers.$retailerId._index';
import * as retailerData from '~/routes/manager.retailers.$retailerId.data';
import * as onBehalf from '~/routes/manager.retailers.$retailerId.order';
import * as shopRecord from '~/routes/manager.retailers.$retailerId.suggestions';
import * as managerPreview from '~/routes/manager.retailers.$retailerId.uploads.$stagedId';
import * as managerSatisfaction from '~/routes/manager.satisfaction';
import * as managerSupervision from '~/routes/manager.supervision';
import * as managerQuestions from '~/routes/manager.questions';
import * as managerLayout from '~/routes/manager';
import * as managerNotice from '~/routes/manager.notices.$noticeId';
import * as managerNotices from '~/routes/manager.notices._index';
import * as managerNoticeNew from '~/routes/manager.notices.new';
import * as noticeAttachment from '~/routes/resources.notices.$noticeId.attachment';
import * as shopNotice from '~/routes/retailer.notices.$noticeId';
import * as shopNotices from '~/routes/retailer.notices._index';
import * as staffNotice from '~/routes/staff.notices.$noticeId';
import * as staffNotices from '~/routes/staff.notices._index';
import * as staffNoticeNew from '~/routes/staff.notices.new';
import * as photo from '~/routes/manager.visits.$visitId.photo';
import * as locale from '~/routes/resources.locale';
import * as cycleExport from '~/routes/resources.cycle-export';
import * as masterExport from '~/routes/resources.master-data-export';
import * as masterTemplate from '~/routes/resources.master-data-template';
import * as allocationExport from '~/routes/resources.allocation-export';
import * as monitoringExport from '~/routes/resources.monitoring-export';
import * as orderOutbox from '~/routes/resources.order-outbox';
import * as ordersExport from '~/routes/resources.orders-export';
import * as preferences from '~/routes/resources.preferences';
import * as reportDownload from '~/routes/resources.reports.$reportId';
import * as uploadTemplate from '~/routes/resources.upload-template';
import * as stage from '~/routes/resources.uploads.stage';
import * as retailerHome from '~/routes/retailer._index';
import * as grade from '~/routes/retailer.grade';
import * as calendar from '~/routes/retailer.calendar';
import * as issues from '~/routes/retailer.issues';
import * as order from '~/routes/retailer.order';
import * as orderDetail from '~/routes/retailer.orders.$orderId';
import * as orders from '~/routes/retailer.orders._index';
import * as stockCount from '~/routes/retailer.stock-count';
import * as suggestionRecord from '~/routes/retailer.suggestions';
import * as survey from '~/routes/retailer.survey';
import * as retailerQuestions from '~/routes/retailer.questions';
import * as retailerLayout from '~/routes/retailer';
import * as retailerPreview from '~/routes/retailer.uploads.$stagedId';
import * as uploads from '~/routes/retailer.uploads._index';
import * as staffHome from '~/routes/staff._index';
import * as accounts from '~/routes/staff.accounts._index';
import * as handover from '~/routes/staff.accounts.handover';
import * as backtest from '~/routes/staff.backtest';
import * as cycle from '~/routes/staff.cycles.$cycleId';
import * as cycleAllocation from '~/routes/staff.cycles.$cycleId_.allocation';
import * as planImport from '~/routes/staff.cycles.$cycleId_.import.$importId';
import * as cycles from '~/routes/staff.cycles._index';
import * as cycleTemplate from '~/routes/staff.cycles.template';
import * as gradeRules from '~/routes/staff.grade-rules';
import * as grading from '~/routes/staff.grading';
import * as routeHandover from '~/routes/staff.route-handover';
import * as masterPreview from '~/routes/staff.master-data.$stagedId';
import * as masterData from '~/routes/staff.master-data._index';
import * as drill from '~/routes/staff.monitoring.$indicator';
import * as targets from '~/routes/staff.targets';
import * as staffReports from '~/routes/staff.reports';
import * as staffReminders from '~/routes/staff.reminders';
import * as staffSatisfaction from '~/routes/staff.satisfaction';
import * as staffSupervision from '~/routes/staff.supervision';
import * as supplyReplay from '~/routes/staff.supply-replay';
import * as specPictures from '~/routes/staff.spec-pictures._index';
import * as pictureBatchPage from '~/routes/staff.spec-pictures.$batchId';
import * as pictureImage from '~/routes/resources.spec-pictures.$hash';
import * as supplyNotice from '~/routes/retailer.supply-notice';
import { saveSpecPicture, stagePictureZip } from '~/server/showcase/pictures.server';
import { closeReadPool } from '~/server/uploads/read-pool.server';
import { zipOf } from '../support/zip-bomb';
import * as staffQuestions from '~/routes/staff.questions';
import * as suggestions from '~/routes/staff.suggestions';
import * as staffLayout from '~/routes/staff';
import { shanghaiDayOf } from '~/domain/time';
import { createApiToken } from '~/server/api-tokens.server';
import { setAccountDisabled } from '~/server/accounts.server';
import { stagePlanFile } from '~/server/cycle-plan.server';
import { stageMasterFile } from '~/server/master-data.server';
import { publishNotice } from '~/server/notices.server';
import { startSession } from '~/server/session.server';
import { answerQuestion, askQuestion } from '~/server/questions.server';
import { stageFile } from '~/server/uploads/staging.server';
import { DEFAULT_PHOTO_DIR } from '~/server/visits.server';
import { orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { answerOf, routeArgs } from '../support/route-args';
import { sql } from 'kysely';
import type { DB } from '../../db/connect';

// Loaders and actions take Remix's LoaderFunctionArgs; the test passes what Remix would.
type RouteFn = (args: any) => unknown;
let testDb: DB;
interface RouteModule {
  loader?: RouteFn;
  action?: RouteFn;
}

type Who = 'anon' | 'retailer' | 'manager' | 'staff';
const WHO: Who[] = ['anon', 'retailer', 'manager', 'staff'];
/**
 * What a caller gets: an exact status; 'login' — a redirect to /auth/login remembering the page; '→/x' — a
 * redirect to a path starting /x; 'served' — let through (the answer depends on the day the test runs, e.g.
 * whether an order window is open, but it is neither a refusal nor "not found").
 */
type Answer = number | 'login' | `→${string}` | 'served';
type PerRole = Record<Who, Answer>;

interface RouteRow {
  mod: RouteModule;
  /** The URL as its rightful user calls it (own ids). */
  url: string;
  params?: Record<string, string>;
  get?: PerRole;
  post?: PerRole;
  /** The POST body: a valid form, which would change data if the guard let the wrong caller through. */
  body?: () => BodyInit;
  headers?: Record<string, string>;
  /** Sign-out ends the session it is called with: each caller gets a throwaway one. */
  freshSession?: boolean;
}

const only = (who: Who, ok: Answer): PerRole => ({ anon: 'login', retailer: 403, manager: 403, staff: 403, [who]: ok });
const signedIn = (ok: Answer): PerRole => ({ anon: 'login', retailer: ok, manager: ok, staff: ok });
const everyone = (answer: Answer): PerRole => ({ anon: answer, retailer: answer, manager: answer, staff: answer });
const isRefusal = (a: Answer) => a === 'login' || a === 401 || a === 403 || a === 405;

const form = (fields: Record<string, string | number>) => () => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
function multipart(fields: Record<string, string | number>, file?: { name: string; text: string }) {
  return () => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, String(v));
    if (file) f.set('file', new File([file.text], file.name, { type: 'text/csv' }));
    return f;
  };
}

const SALES_CSV = '销售日期,条码,品名,数量(盒)\n2026-11-20,690100022,品规002,3\n';
const MAPPING = { intent: 'map', 'map.date': 0, 'map.barcode': 1, 'map.name': 2, 'map.qty': 3 };

/** Runs a loader or action; a thrown Response counts as its answer. */
let callNo = 0;
async function call(fn: RouteFn, request: Request, params: Record<string, string> = {}): Promise<{ status: number; response: Response | null; body: unknown }> {
  // Each call comes from its own address, so the per-address limits of sign-in and the API never interfere.
  const args = routeArgs(testDb, request, { params, clientAddress: `192.0.2.${++callNo % 250}` });
  try {
    return answerOf(await fn(args));
  } catch (thrown) {
    if (thrown instanceof Response) return answerOf(thrown);
    throw thrown;
  }
}

function answerMatches(got: { status: number; response: Response | null }, want: Answer): boolean {
  const location = got.response?.headers.get('Location') ?? '';
  const redirected = got.status >= 300 && got.status < 400;
  if (typeof want === 'number') return got.status === want;
  if (want === 'login') return redirected && location.startsWith('/auth/login?') && location.includes('redirectTo=');
  if (want === 'served') return got.status < 500 && ![401, 403, 404].includes(got.status) && !(redirected && location.startsWith('/auth/login'));
  return redirected && location.startsWith(want.slice(1));
}

const describeAnswer = (got: { status: number; response: Response | null }) => `${got.status}${got.response?.headers.get('Location') ? ` → ${got.response.headers.get('Location')}` : ''}`;

describe.skipIf(postgresSkipped())('security walker: every route as every role', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let fixture: Awaited<ReturnType<typeof orderingFixture>>;
  const cookies: Record<string, string> = {};
  const photoFiles: string[] = [];
  const ids = {
    mineOrder: 0,
    theirOrder: 0,
    stagedMine: '',
    stagedTheirs: '',
    mineVisit: 0,
    theirVisit: 0,
    issueMine: 0,
    issueMineForManager: 0,
    issueTheirs: 0,
    otherCycle: 0,
    cycleImport: '',
    otherCycleImport: '',
    masterMine: '',
    masterTheirs: '',
    staff2UserId: 0,
    tokenMine: '',
    tokenTheirs: '',
    tokenRevoked: '',
    theirTokenId: 0,
    report: 0,
    noticeMine: 0,
    noticeTheirs: 0,
    picture: '',
    offListPicture: '',
    pictureBatch: 0,
    theirPictureBatch: 0,
    questionMine: 0,
    questionTheirs: 0,
    questionAnsweredTheirs: 0,
  };
  let table: Record<string, RouteRow>;

  const mine = () => county.retailers[0]!;
  const sibling = () => county.retailers[1]!; // same manager as mine
  const theirs = () => county.retailers[2]!; // the other manager's route
  const spare = () => county.retailers[3]!;
  const staff = () => ({ userId: county.staffUserId, role: 'staff' as const });

  function request(who: string, method: 'GET' | 'POST', url: string, body?: BodyInit, headers: Record<string, string> = {}) {
    const h = new Headers(headers);
    if (cookies[who]) h.set('Cookie', cookies[who]);
    return new Request(`http://localhost${url}`, { method, headers: h, body });
  }
  const cookieOf = async (userId: number) => (await startSession(t.db, new Request('http://localhost/'), userId)).split(';')[0]!;

  /** Every row of every table of this test's database, in a stable order. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const tables = (await t.db.introspection.getTables()).filter((tb) => (t.schema ? tb.schema === t.schema : true) && !tb.name.startsWith('kysely_'));
    const out: Record<string, string[]> = {};
    for (const tb of tables) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(tb.name)}`.execute(t.db);
      out[tb.name] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  }

  async function visitWithPhoto(retailerId: number, userId: number) {
    const file = `${crypto.randomUUID()}.png`;
    fs.mkdirSync(DEFAULT_PHOTO_DIR, { recursive: true });
    fs.writeFileSync(path.join(DEFAULT_PHOTO_DIR, file), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    photoFiles.push(file);
    const row = await t.db
      .insertInto('storeVisits')
      .values({ retailerId, visitedOn: '2026-11-20', durationMinutes: 30, whatDone: '陈列', photoFile: file, photoContentType: 'image/png', photoBytes: 8, createdByUserId: userId, createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function submittedOrder(retailerId: number, userId: number) {
    const now = new Date().toISOString();
    const row = await t.db
      .insertInto('orders')
      .values({ retailerId, cycleId: fixture.cycleId, status: 'submitted', submittedByUserId: userId, onBehalf: 0, submittedAt: now, totalCartons: 2, totalAmountFen: 40_000, failureReason: null, createdAt: now, updatedAt: now, deliveredOn: null, receiptConfirmedAt: null, allocationConfirmedAt: null, allocationProblem: null, allocationProblemAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('orderLines').values({ orderId: row.id, specId: fixture.specs.plain, qtyRequestedCartons: 2, capCartons: null, suggestedCartons: null, qtyAllocatedCartons: null, unitPriceFen: 20_000, qtyReceivedCartons: null }).execute();
    return row.id;
  }

  async function qualityIssue(retailerId: number, key: string) {
    const row = await t.db
      .insertInto('qualityIssues')
      .values({ retailerId, issueKey: key, kind: 'outlier_day', specId: fixture.specs.plain, day: '2026-11-20', detailJson: '{}', status: 'open', foundAt: new Date().toISOString(), resolvedAt: null, resolvedByUserId: null, resolutionNote: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function staged(userId: number, role: 'retailer', retailerId: number) {
    const r = await stageFile(t.db, { userId, role }, retailerId, 'sales', 'sales.csv', new TextEncoder().encode(SALES_CSV));
    if (!r.ok) throw new Error(r.code);
    return r.stagedId;
  }

  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    fixture = await orderingFixture(t.db);
    testDb = t.db;
    const passwordHash = (await t.db.selectFrom('users').select('passwordHash').where('id', '=', county.staffUserId).executeTakeFirstOrThrow()).passwordHash;
    const now = new Date().toISOString();
    ids.staff2UserId = (await t.db.insertInto('users').values({ username: 'staff02', passwordHash, role: 'staff', displayName: 'staff02', locale: null, disabled: 0, createdAt: now }).returning('id').executeTakeFirstOrThrow()).id;
    ids.report = (
      await t.db
        .insertInto('reportFiles')
        .values({ kind: 'week', language: 'zh-CN', periodFrom: '2026-11-16', periodTo: '2026-11-22', fileName: 'w.xlsx', content: Buffer.from('PK'), sizeBytes: 2, requestedByUserId: county.staffUserId, createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

    cookies.retailer = await cookieOf(mine().userId);
    cookies.manager = await cookieOf(county.managers[0]!.userId);
    cookies.staff = await cookieOf(county.staffUserId);
    cookies.theirRetailer = await cookieOf(theirs().userId);
    cookies.staff2 = await cookieOf(ids.staff2UserId);

    ids.mineOrder = await submittedOrder(mine().id, mine().userId);
    ids.theirOrder = await submittedOrder(theirs().id, theirs().userId);
    ids.stagedMine = await staged(mine().userId, 'retailer', mine().id);
    ids.stagedTheirs = await staged(theirs().userId, 'retailer', theirs().id);
    ids.mineVisit = await visitWithPhoto(mine().id, county.managers[0]!.userId);
    ids.theirVisit = await visitWithPhoto(theirs().id, county.managers[1]!.userId);
    ids.issueMine = await qualityIssue(mine().id, 'walker:mine');
    ids.issueMineForManager = await qualityIssue(sibling().id, 'walker:sibling');
    ids.issueTheirs = await qualityIssue(theirs().id, 'walker:theirs');
    const question = async (r: { id: number; userId: number }, body: string) => {
      const q = await askQuestion(t.db, { userId: r.userId, role: 'retailer' }, r.id, { intent: 'ask', about: 'general', body });
      if (!q.ok) throw new Error('question not asked');
      return q.id;
    };
    ids.questionMine = await question(mine(), '新品什么时候到？');
    ids.questionTheirs = await question(theirs(), '积分怎么算？');
    ids.questionAnsweredTheirs = await question(theirs(), '还有货吗？');
    await answerQuestion(t.db, { userId: county.managers[1]!.userId, role: 'manager' }, ids.questionAnsweredTheirs, '有');

    ids.otherCycle = (
      await t.db
        .insertInto('orderCycles')
        .values({ code: '2026-W50', startsOn: '2026-12-07', endsOn: '2026-12-13', opensAt: '2026-12-05T01:00:00.000Z', cutoffLocalTime: '17:00:00', leadDays: 1, status: 'planned', createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const caps = new TextEncoder().encode('品规编码,品名,档位起,档位止,限量(条)\n001,x,1,30,2\n');
    const planA = await stagePlanFile(t.db, staff(), fixture.cycleId, 'caps', 'caps.csv', caps);
    const planB = await stagePlanFile(t.db, staff(), ids.otherCycle, 'caps', 'caps.csv', caps);
    if (!planA.ok || !planB.ok) throw new Error('plan file not staged');
    ids.cycleImport = planA.importId;
    ids.otherCycleImport = planB.importId;

    // A master-data file: the staff template itself, which is a valid specs file.
    const template = await call(masterTemplate.loader, request('staff', 'GET', '/resources/master-data-template?kind=specs&format=csv'));
    const templateBytes = new Uint8Array(await (template.response as Response).arrayBuffer());
    const masterA = await stageMasterFile(t.db, staff(), 'specs', 'specs.csv', templateBytes);
    const masterB = await stageMasterFile(t.db, { userId: ids.staff2UserId, role: 'staff' }, 'specs', 'specs.csv', templateBytes);
    if (!masterA.ok || !masterB.ok) throw new Error('master-data file not staged');
    ids.masterMine = masterA.stagedId;
    ids.masterTheirs = masterB.stagedId;

    const retailerUser = (r: { userId: number }) => ({ userId: r.userId, role: 'retailer' as const });
    ids.tokenMine = (await createApiToken(t.db, retailerUser(mine()), mine().id, 'POS mine'))!.token;
    const theirToken = (await createApiToken(t.db, retailerUser(theirs()), theirs().id, 'POS theirs'))!;
    ids.tokenTheirs = theirToken.token;
    ids.theirTokenId = theirToken.id;
    const revoked = (await createApiToken(t.db, retailerUser(mine()), mine().id, 'POS old'))!;
    await t.db.updateTable('apiTokens').set({ revokedAt: now }).where('id', '=', revoked.id).execute();
    ids.tokenRevoked = revoked.token;

    // Notices (issue 19): an important one with a PDF to route 1 (mine), another to route 2 only (theirs).
    const pdf = { name: '通知.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') };
    const audience = (managerId: number) => ({ stationIds: [], managerIds: [managerId], businessTypes: [], gradeFrom: null, gradeTo: null });
    const noticeA = await publishNotice(t.db, staff(), { title: '线路一通知', body: '正文', important: true, audience: audience(county.managers[0]!.managerId) }, pdf);
    const noticeB = await publishNotice(t.db, staff(), { title: '线路二通知', body: '正文', important: true, audience: audience(county.managers[1]!.managerId) }, pdf);
    if (!noticeA.ok || !noticeB.ok) throw new Error('notices not published');
    ids.noticeMine = noticeA.id;
    ids.noticeTheirs = noticeB.id;
    // Product pictures (issue 19): one on the order list, one of a discontinued spec, and a staged zip per staff user.
    const png = async (r: number) => new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 40, b: 90 } } }).png().toBuffer());
    for (const [specId, key] of [[fixture.specs.plain, 'picture'], [fixture.specs.discontinued, 'offListPicture']] as const) {
      const saved = await saveSpecPicture(t.db, staff(), { specId, description: '新品', file: { name: 'p.png', bytes: await png(specId * 30) }, removePicture: false });
      if (!saved.ok) throw new Error(`picture not saved: ${saved.reason}`);
      ids[key] = (await t.db.selectFrom('specPictures').select('thumbWebp').where('specId', '=', specId).executeTakeFirstOrThrow()).thumbWebp!;
    }
    const zipFor = async () => zipOf([{ name: '002.png', bytes: await png(7) }]);
    const batchA = await stagePictureZip(t.db, staff(), 'a.zip', await zipFor());
    const batchB = await stagePictureZip(t.db, { userId: ids.staff2UserId, role: 'staff' }, 'b.zip', await zipFor());
    if (!batchA.ok || !batchB.ok) throw new Error('picture zip not staged');
    ids.pictureBatch = batchA.batchId;
    ids.theirPictureBatch = batchB.batchId;

    const m = String(mine().id);
    const yesterday = shanghaiDayOf(new Date(Date.now() - 86_400_000));
    const api = { body: () => JSON.stringify({ date: yesterday, lines: [{ barcode: '690100022', qtyPacks: 1 }] }), headers: { 'Content-Type': 'application/json' } };
    const apiCount = { body: () => JSON.stringify({ countedAt: new Date().toISOString(), lines: [{ barcode: '690100022', qtyPacks: 1 }] }), headers: { 'Content-Type': 'application/json' } };
    const note = (topic: string, outcome: string) => form({ intent: 'note', retailerId: m, topic, outcome, note: '' });
    // The expectation table. Keys are the files in app/routes; docs/security.md has the same rows.
    table = {
      '_index.tsx': { mod: home, url: '/', get: { anon: '→/auth/login', retailer: '→/retailer', manager: '→/manager', staff: '→/staff' } },
      'api.v1.openapi[.json].tsx': { mod: openapi, url: '/api/v1/openapi.json', get: everyone(200) },
      // A session cookie is not an API credential: signed in or not, no bearer token is 401.
      'api.v1.receipts.tsx': { mod: apiReceipts, url: '/api/v1/receipts', get: everyone(405), post: everyone(401), ...api },
      'api.v1.sales.tsx': { mod: apiSales, url: '/api/v1/sales', get: everyone(405), post: everyone(401), ...api },
      'api.v1.stock-counts.tsx': { mod: apiStockCounts, url: '/api/v1/stock-counts', get: everyone(405), post: everyone(401), ...apiCount },
      'auth.change-password.tsx': { mod: changePassword, url: '/auth/change-password', get: signedIn(200), post: signedIn(400), body: form({}) },
      'auth.login.tsx': {
        mod: login,
        url: '/auth/login',
        get: { anon: 200, retailer: '→/retailer', manager: '→/manager', staff: '→/staff' },
        post: everyone(401),
        body: form({ username: `walker-${crypto.randomUUID().slice(0, 8)}`, password: 'not-the-password' }),
      },
      'auth.logout.tsx': { mod: logout, url: '/auth/logout', get: everyone('→/'), post: everyone('→/auth/login?signedOut=1'), body: form({}), freshSession: true },
      'healthz.tsx': { mod: healthz, url: '/healthz', get: everyone(200) },
      'manager.tsx': { mod: managerLayout, url: '/manager', get: only('manager', 200) },
      'manager._index.tsx': { mod: managerBoard, url: '/manager', get: only('manager', 200) },
      'manager.benchmarks.$retailerId.tsx': {
        mod: benchmarkStore,
        url: `/manager/benchmarks/${m}`,
        params: { retailerId: m },
        get: only('manager', 200),
        post: only('manager', 200),
        body: multipart({ visitedOn: yesterday, durationMinutes: 30, whatDone: '陈列检查' }),
      },
      'manager.benchmarks._index.tsx': { mod: benchmarks, url: '/manager/benchmarks', get: only('manager', 200), post: only('manager', 200), body: form({ intent: 'mark', retailerId: m, reason: '客流大' }) },
      'manager.follow-up.tsx': { mod: followUp, url: '/manager/follow-up', get: only('manager', 200), post: only('manager', 200), body: note('not_ordered', 'will_order_tonight') },
      'manager.retailers.$retailerId._index.tsx': { mod: profile, url: `/manager/retailers/${m}`, params: { retailerId: m }, get: only('manager', 200), post: only('manager', 200), body: note('general', 'no_answer') },
      'manager.retailers.$retailerId.data.tsx': {
        mod: retailerData,
        url: `/manager/retailers/${sibling().id}/data`,
        params: { retailerId: String(sibling().id) },
        get: only('manager', 200),
        post: only('manager', 200),
        body: form({ issueId: ids.issueMineForManager, intent: 'explain', note: '店主说明' }),
      },
      'manager.retailers.$retailerId.order.tsx': {
        mod: onBehalf,
        url: `/manager/retailers/${m}/order`,
        params: { retailerId: m },
        get: only('manager', 200),
        post: only('manager', 'served'),
        body: form({ intent: 'save', lines: JSON.stringify([{ specId: fixture.specs.plain, qtyCartons: 2 }]) }),
      },
      'manager.retailers.$retailerId.suggestions.tsx': { mod: shopRecord, url: `/manager/retailers/${m}/suggestions`, params: { retailerId: m }, get: only('manager', 200) },
      'manager.retailers.$retailerId.uploads.$stagedId.tsx': {
        mod: managerPreview,
        url: `/manager/retailers/${m}/uploads/${ids.stagedMine}`,
        params: { retailerId: m, stagedId: ids.stagedMine },
        get: only('manager', 200),
        post: only('manager', 200),
        body: form(MAPPING),
      },
      'manager.notices._index.tsx': { mod: managerNotices, url: '/manager/notices', get: only('manager', 200) },
      'manager.notices.new.tsx': { mod: managerNoticeNew, url: '/manager/notices/new', get: only('manager', 200), post: only('manager', '→/manager/notices/'), body: multipart({ title: '巡查通知', body: '本周上门巡查。' }) },
      'manager.notices.$noticeId.tsx': {
        mod: managerNotice,
        url: `/manager/notices/${ids.noticeMine}`,
        params: { noticeId: String(ids.noticeMine) },
        get: only('manager', 200),
        post: only('manager', 200),
        body: form({ intent: 'chase' }),
      },
      'manager.satisfaction.tsx': { mod: managerSatisfaction, url: '/manager/satisfaction', get: only('manager', 200) },
      // A note on its own shop's scarce spec (another route's shop: 404 in supervision.test.ts).
      'manager.supervision.tsx': {
        mod: managerSupervision,
        url: '/manager/supervision',
        get: only('manager', 200),
        post: only('manager', 200),
        body: form({ intent: 'note', retailerId: m, specId: fixture.specs.scarce, body: '走访：货架正常。' }),
      },
      'manager.questions.tsx': { mod: managerQuestions, url: '/manager/questions', get: only('manager', 200), post: only('manager', 200), body: form({ intent: 'answer', questionId: ids.questionMine, answer: '周三到。' }) },
      'manager.visits.$visitId.photo.tsx': {
        mod: photo,
        url: `/manager/visits/${ids.mineVisit}/photo`,
        params: { visitId: String(ids.mineVisit) },
        get: { anon: 'login', retailer: 403, manager: 200, staff: 200 },
      },
      'resources.locale.tsx': { mod: locale, url: '/resources/locale', get: everyone('→/'), post: everyone('→/retailer/orders'), body: form({ lng: 'en', redirectTo: '/retailer/orders' }) },
      'resources.cycle-export.tsx': { mod: cycleExport, url: `/resources/cycle-export?cycleId=${fixture.cycleId}&what=plan`, get: only('staff', 200) },
      'resources.master-data-export.tsx': { mod: masterExport, url: '/resources/master-data-export', get: only('staff', 200) },
      'resources.master-data-template.tsx': { mod: masterTemplate, url: '/resources/master-data-template?kind=retailers', get: only('staff', 200) },
      'resources.allocation-export.tsx': { mod: allocationExport, url: `/resources/allocation-export?cycleId=${fixture.cycleId}`, get: only('staff', 200) },
      'resources.monitoring-export.tsx': { mod: monitoringExport, url: '/resources/monitoring-export?report=daily', get: only('staff', 200) },
      // A change kept on the shop's phone (JSON); its answer depends on the day the test runs (window open or shut).
      'resources.order-outbox.tsx': {
        mod: orderOutbox,
        url: '/resources/order-outbox',
        get: everyone('→/retailer/order'),
        post: only('retailer', 'served'),
        body: () => JSON.stringify({ changeId: 'walker-change', intent: 'save', retailerId: mine().id, cycleId: fixture.cycleId, baseVersion: null, lines: [{ specId: fixture.specs.plain, qtyCartons: 1 }] }),
        headers: { 'Content-Type': 'application/json' },
      },
      // A notice's file: for a shop it reached, a manager whose route it reached, staff.
      'resources.notices.$noticeId.attachment.tsx': {
        mod: noticeAttachment,
        url: `/resources/notices/${ids.noticeMine}/attachment`,
        params: { noticeId: String(ids.noticeMine) },
        get: signedIn(200),
      },
      'resources.orders-export.tsx': { mod: ordersExport, url: '/resources/orders-export?format=csv', get: only('retailer', 200) },
      'resources.reports.$reportId.tsx': { mod: reportDownload, url: `/resources/reports/${ids.report}`, params: { reportId: String(ids.report) }, get: only('staff', 200) },
      'resources.preferences.tsx': { mod: preferences, url: '/resources/preferences', get: everyone('→/'), post: signedIn('→/'), body: form({ largeText: '1', redirectTo: '/' }) },
      'resources.upload-template.tsx': { mod: uploadTemplate, url: '/resources/upload-template?kind=sales', get: signedIn(200) },
      // Staff reach every shop (county scope); a manager names one of its route's shops; a retailer always its own.
      'resources.uploads.stage.tsx': {
        mod: stage,
        url: '/resources/uploads/stage',
        post: signedIn(200),
        body: multipart({ kind: 'sales', retailerId: m }, { name: 'sales.csv', text: SALES_CSV }),
        headers: { Accept: 'application/json' },
      },
      'resources.spec-pictures.$hash.tsx': { mod: pictureImage, url: `/resources/spec-pictures/${ids.picture}`, params: { hash: ids.picture }, get: signedIn(200) },
      'retailer.supply-notice.tsx': { mod: supplyNotice, url: '/retailer/supply-notice', get: only('retailer', 200) },
      'staff.spec-pictures._index.tsx': {
        mod: specPictures,
        url: '/staff/spec-pictures',
        get: only('staff', 200),
        post: only('staff', 200),
        body: multipart({ intent: 'save', specId: fixture.specs.plain, description: '新品，细支' }),
      },
      'staff.spec-pictures.$batchId.tsx': {
        mod: pictureBatchPage,
        url: `/staff/spec-pictures/${ids.pictureBatch}`,
        params: { batchId: String(ids.pictureBatch) },
        get: only('staff', 200),
        post: only('staff', '→/staff/spec-pictures'),
        body: form({ intent: 'discard' }),
      },
      'retailer.tsx': { mod: retailerLayout, url: '/retailer', get: only('retailer', 200) },
      'retailer._index.tsx': { mod: retailerHome, url: '/retailer', get: only('retailer', 200) },
      'retailer.grade.tsx': { mod: grade, url: '/retailer/grade', get: only('retailer', 200) },
      'retailer.calendar.tsx': { mod: calendar, url: '/retailer/calendar', get: only('retailer', 200), post: only('retailer', 200), body: form({ intent: 'settings', sms: 'on', quiet: 'on', quietFrom: '22:00', quietTo: '07:30' }) },
      'retailer.issues.tsx': { mod: issues, url: '/retailer/issues', get: only('retailer', 200), post: only('retailer', 200), body: form({ issueId: ids.issueMine, intent: 'explain', note: '盘点漏扫' }) },
      'retailer.notices._index.tsx': { mod: shopNotices, url: '/retailer/notices', get: only('retailer', 200) },
      'retailer.notices.$noticeId.tsx': {
        mod: shopNotice,
        url: `/retailer/notices/${ids.noticeMine}`,
        params: { noticeId: String(ids.noticeMine) },
        get: only('retailer', 200),
        post: only('retailer', 200),
        body: form({ intent: 'acknowledge' }),
      },
      'retailer.order.tsx': {
        mod: order,
        url: '/retailer/order',
        get: only('retailer', 200),
        post: only('retailer', 'served'),
        body: form({ intent: 'save', lines: JSON.stringify([{ specId: fixture.specs.plain, qtyCartons: 1 }]) }),
      },
      // A submitted order has no published allocation yet: confirming it is refused as "not checkable" (400).
      'retailer.orders.$orderId.tsx': {
        mod: orderDetail,
        url: `/retailer/orders/${ids.mineOrder}`,
        params: { orderId: String(ids.mineOrder) },
        get: only('retailer', 200),
        post: only('retailer', 400),
        body: form({ intent: 'allocation-confirm' }),
      },
      'retailer.orders._index.tsx': { mod: orders, url: '/retailer/orders', get: only('retailer', 200) },
      'retailer.stock-count.tsx': { mod: stockCount, url: '/retailer/stock-count', get: only('retailer', 200), post: only('retailer', 200), body: form({ [`qty.${fixture.specs.plain}`]: 5 }) },
      'retailer.suggestions.tsx': { mod: suggestionRecord, url: '/retailer/suggestions', get: only('retailer', 200) },
      'retailer.questions.tsx': { mod: retailerQuestions, url: '/retailer/questions', get: only('retailer', 200), post: only('retailer', 200), body: form({ intent: 'ask', about: 'general', body: '配货规则在哪里看？' }) },
      'retailer.survey.tsx': { mod: survey, url: '/retailer/survey', get: only('retailer', 200), post: only('retailer', 200), body: form({ supply: 90, ordering: 80, delivery: 70, manager: 60, comment: '' }) },
      'retailer.uploads.$stagedId.tsx': {
        mod: retailerPreview,
        url: `/retailer/uploads/${ids.stagedMine}`,
        params: { stagedId: ids.stagedMine },
        get: only('retailer', 200),
        post: only('retailer', 200),
        body: form(MAPPING),
      },
      'retailer.uploads._index.tsx': { mod: uploads, url: '/retailer/uploads', get: only('retailer', 200), post: only('retailer', 200), body: form({ intent: 'create-token', name: '收银机 2' }) },
      'staff.tsx': { mod: staffLayout, url: '/staff', get: only('staff', 200) },
      'staff._index.tsx': { mod: staffHome, url: '/staff', get: only('staff', 200), post: only('staff', '→/staff'), body: form({ intent: 'rebuild' }) },
      'staff.accounts._index.tsx': { mod: accounts, url: '/staff/accounts', get: only('staff', 200), post: only('staff', 200), body: form({ intent: 'disable', userId: spare().userId }) },
      'staff.accounts.handover.tsx': { mod: handover, url: '/staff/accounts/handover', get: everyone('→/staff/accounts'), post: only('staff', 200), body: form({ rows: '[]', format: 'csv' }) },
      // The county replay is queued as a job (refused as "no history" when it runs), and the page reloads.
      'staff.backtest.tsx': {
        mod: backtest,
        url: '/staff/backtest',
        get: only('staff', 200),
        post: only('staff', '→/staff/backtest'),
        body: form({ intent: 'county', testWeeks: 6, leadDays: 1, sampleShops: 100, levelMethod: 'window_mean', surgeAlpha: 0.3, surgeZ: 1, sesAlpha: 0.2, crostonAlpha: 0.1, intermittentMethod: 'sba', roundDownThresholdCartons: 0.5 }),
      },
      'staff.cycles.$cycleId.tsx': {
        mod: cycle,
        url: `/staff/cycles/${fixture.cycleId}`,
        params: { cycleId: String(fixture.cycleId) },
        get: only('staff', 200),
        post: only('staff', `→/staff/cycles/${fixture.cycleId}?saved=`),
        body: form({ intent: 'spec', specId: fixture.specs.plain, supplyCartons: '100' }),
      },
      // The walker's cycle is open: estimating demand before the orders are in is refused (400).
      'staff.cycles.$cycleId_.allocation.tsx': {
        mod: cycleAllocation,
        url: `/staff/cycles/${fixture.cycleId}/allocation`,
        params: { cycleId: String(fixture.cycleId) },
        get: only('staff', 200),
        post: only('staff', 400),
        body: form({ intent: 'prepare' }),
      },
      'staff.cycles.$cycleId_.import.$importId.tsx': {
        mod: planImport,
        url: `/staff/cycles/${fixture.cycleId}/import/${ids.cycleImport}`,
        params: { cycleId: String(fixture.cycleId), importId: ids.cycleImport },
        get: only('staff', 200),
        post: only('staff', `→/staff/cycles/${fixture.cycleId}?imported=`),
        body: form({ intent: 'confirm' }),
      },
      'staff.cycles._index.tsx': {
        mod: cycles,
        url: '/staff/cycles',
        get: only('staff', 200),
        post: only('staff', '→/staff/cycles/'),
        body: form({ intent: 'create', startsOn: '2026-11-30', opensOn: '2026-11-28', opensTime: '09:00', cutoffLocalTime: '17:00', leadDays: 1 }),
      },
      'staff.cycles.template.tsx': { mod: cycleTemplate, url: '/staff/cycles/template?kind=caps', get: only('staff', 200) },
      'staff.grade-rules.tsx': { mod: gradeRules, url: '/staff/grade-rules', get: only('staff', 200), post: only('staff', 200), body: form({ intent: 'save', body: '档位每半年评定一次。' }) },
      'staff.targets.tsx': { mod: targets, url: '/staff/targets', get: only('staff', 200), post: only('staff', 200), body: form({ intent: 'save', indicator: 'uploadRate', target: 95, direction: 'atLeast' }) },
      'staff.reminders.tsx': { mod: staffReminders, url: '/staff/reminders', get: only('staff', 200) },
      'staff.reports.tsx': { mod: staffReports, url: '/staff/reports', get: only('staff', 200), post: only('staff', '→/staff/reports'), body: form({ intent: 'produce', kind: 'week', language: 'zh-CN' }) },
      'staff.master-data.$stagedId.tsx': {
        mod: masterPreview,
        url: `/staff/master-data/${ids.masterMine}`,
        params: { stagedId: ids.masterMine },
        get: only('staff', 200),
        post: only('staff', '→/staff/master-data'),
        body: form({ intent: 'discard' }),
      },
      'staff.master-data._index.tsx': {
        mod: masterData,
        url: '/staff/master-data',
        get: only('staff', 200),
        post: only('staff', '→/staff/master-data/'),
        body: () => {
          const f = new FormData();
          f.set('kind', 'specs');
          f.set('file', new File([templateBytes], 'specs.csv', { type: 'text/csv' }));
          return f;
        },
      },
      'staff.monitoring.$indicator.tsx': {
        mod: drill,
        url: '/staff/monitoring/uploadRate?dim=county&from=2026-11-16&to=2026-11-22',
        params: { indicator: 'uploadRate' },
        get: only('staff', 200),
      },
      // A hand-over dated too far ahead is refused (400) before anything moves: the walker's shops stay on their routes.
      'staff.route-handover.tsx': {
        mod: routeHandover,
        url: `/staff/route-handover?from=${county.managers[0]!.managerId}`,
        get: only('staff', 200),
        post: only('staff', 400),
        body: form({ intent: 'handover', fromManagerId: county.managers[0]!.managerId, toManagerId: county.managers[1]!.managerId, scope: 'all', effectiveOn: '2099-01-01' }),
      },
      'staff.notices._index.tsx': { mod: staffNotices, url: '/staff/notices', get: only('staff', 200) },
      'staff.notices.new.tsx': { mod: staffNoticeNew, url: '/staff/notices/new', get: only('staff', 200), post: only('staff', '→/staff/notices/'), body: multipart({ title: '调价通知', body: '下周一起执行新价。' }) },
      // The other route's notice: the manager's row chases route 1's shops (a shop is reminded once in a while).
      'staff.notices.$noticeId.tsx': {
        mod: staffNotice,
        url: `/staff/notices/${ids.noticeTheirs}`,
        params: { noticeId: String(ids.noticeTheirs) },
        get: only('staff', 200),
        post: only('staff', 200),
        body: form({ intent: 'chase' }),
      },
      'staff.satisfaction.tsx': { mod: staffSatisfaction, url: '/staff/satisfaction', get: only('staff', 200) },
      // 档位评定: computing the proposal is queued as a job, and the page reloads.
      'staff.grading.tsx': { mod: grading, url: '/staff/grading', get: only('staff', 200), post: only('staff', '→/staff/grading'), body: form({ intent: 'propose' }) },
      'staff.supervision.tsx': { mod: staffSupervision, url: '/staff/supervision', get: only('staff', 200), post: only('staff', 200), body: form({ intent: 'note', retailerId: mine().id, specId: fixture.specs.scarce, body: '营销部：下周复查。' }) },
      // The replay of supply methods is queued as a job, and the page reloads.
      'staff.supply-replay.tsx': { mod: supplyReplay, url: '/staff/supply-replay', get: only('staff', 200), post: only('staff', '→/staff/supply-replay'), body: form({ cycles: 8, floorCartons: 1 }) },
      'staff.questions.tsx': { mod: staffQuestions, url: '/staff/questions', get: only('staff', 200), post: only('staff', 200), body: form({ intent: 'answer', questionId: ids.questionTheirs, answer: '按季度累计。' }) },
      'staff.suggestions.tsx': { mod: suggestions, url: '/staff/suggestions', get: only('staff', 200), post: only('staff', '→/staff/suggestions'), body: form({ intent: 'batch' }) },
    };
  });
  afterAll(async () => {
    await closeReadPool();
    for (const f of photoFiles) fs.rmSync(path.join(DEFAULT_PHOTO_DIR, f), { force: true });
    await t?.close();
  });

  async function walk(row: RouteRow, who: Who, method: 'GET' | 'POST') {
    const fn = method === 'GET' ? row.mod.loader! : row.mod.action!;
    const as = row.freshSession && method === 'POST' && who !== 'anon' ? `fresh-${who}` : who;
    if (as !== who) cookies[as] = await cookieOf({ retailer: mine().userId, manager: county.managers[0]!.userId, staff: county.staffUserId }[who as Exclude<Who, 'anon'>]);
    return call(fn, request(as, method, row.url, method === 'POST' ? row.body?.() : undefined, row.headers), row.params);
  }

  it('the table covers every file in app/routes, and docs/security.md names every one', () => {
    const files = fs.readdirSync(path.resolve('app/routes')).filter((f) => /\.(tsx?|jsx?)$/.test(f)).sort();
    expect(Object.keys(table).sort()).toEqual(files);
    const doc = fs.readFileSync(path.resolve('docs/security.md'), 'utf8');
    expect(files.filter((f) => !doc.includes(`\`${f}\``))).toEqual([]);
    // The table's methods are the module's: a loader exactly where GET is listed, an action where POST is.
    for (const [file, row] of Object.entries(table)) {
      expect(typeof row.mod.loader === 'function', `${file} loader`).toBe(row.get !== undefined);
      expect(typeof row.mod.action === 'function', `${file} action`).toBe(row.post !== undefined);
    }
  });

  it('every refusal (anonymous, wrong role, a session on the API) answers as the table says and changes nothing', async () => {
    const before = await snapshot();
    // The comparison is only worth something if it sees the data: the fixtures' rows are all in it.
    expect(Object.keys(before).length).toBeGreaterThan(30);
    for (const name of ['users', 'sessions', 'orders', 'staged_uploads', 'quality_issues', 'api_tokens', 'cycle_imports', 'master_data_staged']) expect(before[name], name).not.toEqual([]);
    const wrong: string[] = [];
    let refusals = 0;
    for (const [file, row] of Object.entries(table)) {
      for (const [method, expected] of [['GET', row.get], ['POST', row.post]] as const) {
        if (!expected) continue;
        for (const who of WHO) {
          if (!isRefusal(expected[who])) continue;
          refusals++;
          const got = await walk(row, who, method);
          if (!answerMatches(got, expected[who])) wrong.push(`${method} ${file} as ${who}: expected ${expected[who]}, got ${describeAnswer(got)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(refusals).toBeGreaterThan(150);
    expect(await snapshot()).toEqual(before);
  });

  it('foreign ids: another route’s shop, another shop’s order, file, visit, issue or token, another staff user’s file — 404, nothing changed', async () => {
    const before = await snapshot();
    const r = String(theirs().id);
    const m = String(mine().id);
    const checks: Array<[string, Promise<{ status: number; response: Response | null }>, Answer]> = [
      // Manager (mgr01) on the other route's shop.
      ['profile', call(profile.loader, request('manager', 'GET', `/manager/retailers/${r}`), { retailerId: r }), 404],
      ['profile note', call(profile.action, request('manager', 'POST', `/manager/retailers/${m}`, form({ intent: 'note', retailerId: r, topic: 'general', outcome: '', note: 'x' })()), { retailerId: m }), 404],
      ['follow-up note', call(followUp.action, request('manager', 'POST', '/manager/follow-up', form({ intent: 'note', retailerId: r, topic: 'not_ordered', outcome: 'no_answer', note: '' })())), 404],
      ['data page', call(retailerData.loader, request('manager', 'GET', `/manager/retailers/${r}/data`), { retailerId: r }), 404],
      ['fix their issue', call(retailerData.action, request('manager', 'POST', `/manager/retailers/${m}/data`, form({ issueId: ids.issueTheirs, intent: 'explain', note: 'x' })()), { retailerId: m }), 404],
      ['their shop’s suggestion record', call(shopRecord.loader, request('manager', 'GET', `/manager/retailers/${r}/suggestions`), { retailerId: r }), 404],
      ['a shop id that is not a number', call(shopRecord.loader, request('manager', 'GET', '/manager/retailers/abc/suggestions'), { retailerId: 'abc' }), 404],
      ['order page', call(onBehalf.loader, request('manager', 'GET', `/manager/retailers/${r}/order`), { retailerId: r }), 404],
      ['order on behalf', call(onBehalf.action, request('manager', 'POST', `/manager/retailers/${r}/order`, form({ intent: 'submit', lines: JSON.stringify([{ specId: fixture.specs.plain, qtyCartons: 1 }]) })()), { retailerId: r }), 404],
      ['benchmark store', call(benchmarkStore.loader, request('manager', 'GET', `/manager/benchmarks/${r}`), { retailerId: r }), 404],
      ['log a visit', call(benchmarkStore.action, request('manager', 'POST', `/manager/benchmarks/${r}`, multipart({ visitedOn: '2026-11-20', durationMinutes: 30, whatDone: 'x' })()), { retailerId: r }), 404],
      ['mark benchmark', call(benchmarks.action, request('manager', 'POST', '/manager/benchmarks', form({ intent: 'mark', retailerId: r, reason: 'x' })())), 404],
      ['their visit photo', call(photo.loader, request('manager', 'GET', `/manager/visits/${ids.theirVisit}/photo`), { visitId: String(ids.theirVisit) }), 404],
      ['their staged file', call(managerPreview.loader, request('manager', 'GET', `/manager/retailers/${r}/uploads/${ids.stagedTheirs}`), { retailerId: r, stagedId: ids.stagedTheirs }), 404],
      ['their staged file under my shop', call(managerPreview.loader, request('manager', 'GET', `/manager/retailers/${m}/uploads/${ids.stagedTheirs}`), { retailerId: m, stagedId: ids.stagedTheirs }), 404],
      ['map their staged file', call(managerPreview.action, request('manager', 'POST', `/manager/retailers/${r}/uploads/${ids.stagedTheirs}`, form(MAPPING)()), { retailerId: r, stagedId: ids.stagedTheirs }), 404],
      ['import their staged file', call(managerPreview.action, request('manager', 'POST', `/manager/retailers/${r}/uploads/${ids.stagedTheirs}`, form({ intent: 'import' })()), { retailerId: r, stagedId: ids.stagedTheirs }), 404],
      ['stage for their shop', call(stage.action, request('manager', 'POST', '/resources/uploads/stage', multipart({ kind: 'sales', retailerId: r }, { name: 's.csv', text: SALES_CSV })(), { Accept: 'application/json' })), 404],
      // Retailer (shop 1-1) on shop 2-1's things.
      ['their order', call(orderDetail.loader, request('retailer', 'GET', `/retailer/orders/${ids.theirOrder}`), { orderId: String(ids.theirOrder) }), 404],
      ['confirm their allocation', call(orderDetail.action, request('retailer', 'POST', `/retailer/orders/${ids.theirOrder}`, form({ intent: 'allocation-confirm' })()), { orderId: String(ids.theirOrder) }), 404],
      ['confirm their delivery', call(orderDetail.action, request('retailer', 'POST', `/retailer/orders/${ids.theirOrder}`, form({ intent: 'delivery-confirm', [`received.${fixture.specs.plain}`]: 1 })()), { orderId: String(ids.theirOrder) }), 404],
      ['their preview', call(retailerPreview.loader, request('retailer', 'GET', `/retailer/uploads/${ids.stagedTheirs}`), { stagedId: ids.stagedTheirs }), 404],
      ['map their file', call(retailerPreview.action, request('retailer', 'POST', `/retailer/uploads/${ids.stagedTheirs}`, form(MAPPING)()), { stagedId: ids.stagedTheirs }), 404],
      ['import their file', call(retailerPreview.action, request('retailer', 'POST', `/retailer/uploads/${ids.stagedTheirs}`, form({ intent: 'import' })()), { stagedId: ids.stagedTheirs }), 404],
      // Discarding is idempotent (a second tap lands on the list too): it answers the redirect, deleting nothing.
      ['discard their file', call(retailerPreview.action, request('retailer', 'POST', `/retailer/uploads/${ids.stagedTheirs}`, form({ intent: 'discard' })()), { stagedId: ids.stagedTheirs }), '→/retailer/uploads'],
      // Questions (issue 19): another route's question, another shop's answer, the context of another shop's order.
      ['answer their question', call(managerQuestions.action, request('manager', 'POST', '/manager/questions', form({ intent: 'answer', questionId: ids.questionTheirs, answer: 'x' })())), 404],
      ['hand their question to staff', call(managerQuestions.action, request('manager', 'POST', '/manager/questions', form({ intent: 'hand', questionId: ids.questionTheirs, note: '' })())), 404],
      ['rate their answer', call(retailerQuestions.action, request('retailer', 'POST', '/retailer/questions', form({ intent: 'rate', questionId: ids.questionAnsweredTheirs, rating: 1 })())), 404],
      ['ask about their order', call(retailerQuestions.action, request('retailer', 'POST', '/retailer/questions', form({ intent: 'ask', about: 'allocation', orderId: ids.theirOrder, body: 'x' })())), 400],
      ['fix their issue (retailer)', call(issues.action, request('retailer', 'POST', '/retailer/issues', form({ issueId: ids.issueTheirs, intent: 'explain', note: 'x' })())), 404],
      ['revoke their token', call(uploads.action, request('retailer', 'POST', '/retailer/uploads', form({ intent: 'revoke-token', tokenId: ids.theirTokenId })())), 404],
      ['revoke a token id that is not a number', call(uploads.action, request('retailer', 'POST', '/retailer/uploads', form({ intent: 'revoke-token', tokenId: 'abc' })())), 404],
      // Product pictures: a spec off the order list is not shown to shops; another staff user's zip is not found.
      ['picture of a spec off the order list', call(pictureImage.loader, request('retailer', 'GET', `/resources/spec-pictures/${ids.offListPicture}`), { hash: ids.offListPicture }), 404],
      ['picture of a spec off the order list (manager)', call(pictureImage.loader, request('manager', 'GET', `/resources/spec-pictures/${ids.offListPicture}`), { hash: ids.offListPicture }), 404],
      ['a picture hash that is not one', call(pictureImage.loader, request('staff', 'GET', '/resources/spec-pictures/..%2F..%2Fetc'), { hash: '../../etc' }), 404],
      ['another staff user’s picture zip', call(pictureBatchPage.loader, request('staff', 'GET', `/staff/spec-pictures/${ids.theirPictureBatch}`), { batchId: String(ids.theirPictureBatch) }), 404],
      ['confirm another staff user’s picture zip', call(pictureBatchPage.action, request('staff', 'POST', `/staff/spec-pictures/${ids.theirPictureBatch}`, form({ intent: 'confirm' })()), { batchId: String(ids.theirPictureBatch) }), 404],
      // Staff: ids that name nothing, another cycle's import, another staff user's master-data file and account.
      ['no such cycle', call(cycle.loader, request('staff', 'GET', '/staff/cycles/999999'), { cycleId: '999999' }), 404],
      ['open no such cycle', call(cycle.action, request('staff', 'POST', '/staff/cycles/999999', form({ intent: 'open' })()), { cycleId: '999999' }), 404],
      ['plan for no such cycle', call(cycle.action, request('staff', 'POST', '/staff/cycles/999999', form({ intent: 'spec', specId: fixture.specs.plain, supplyCartons: '1' })()), { cycleId: '999999' }), 404],
      ['import of another cycle', call(planImport.loader, request('staff', 'GET', `/staff/cycles/${fixture.cycleId}/import/${ids.otherCycleImport}`), { cycleId: String(fixture.cycleId), importId: ids.otherCycleImport }), 404],
      ['confirm import of another cycle', call(planImport.action, request('staff', 'POST', `/staff/cycles/${fixture.cycleId}/import/${ids.otherCycleImport}`, form({ intent: 'confirm' })()), { cycleId: String(fixture.cycleId), importId: ids.otherCycleImport }), 404],
      ['discard import of another cycle', call(planImport.action, request('staff', 'POST', `/staff/cycles/${fixture.cycleId}/import/${ids.otherCycleImport}`, form({ intent: 'discard' })()), { cycleId: String(fixture.cycleId), importId: ids.otherCycleImport }), `→/staff/cycles/${fixture.cycleId}`],
      ['another staff user’s master file', call(masterPreview.loader, request('staff', 'GET', `/staff/master-data/${ids.masterTheirs}`), { stagedId: ids.masterTheirs }), 404],
      ['confirm another staff user’s master file', call(masterPreview.action, request('staff', 'POST', `/staff/master-data/${ids.masterTheirs}`, form({ intent: 'confirm', keepGood: 'on', fingerprint: 'a'.repeat(64) })()), { stagedId: ids.masterTheirs }), 404],
      ['discard another staff user’s master file', call(masterPreview.action, request('staff', 'POST', `/staff/master-data/${ids.masterTheirs}`, form({ intent: 'discard' })()), { stagedId: ids.masterTheirs }), '→/staff/master-data'],
      ['reset a staff password', call(accounts.action, request('staff', 'POST', '/staff/accounts', form({ intent: 'reset', userId: ids.staff2UserId })())), 404],
      ['disable a staff account', call(accounts.action, request('staff', 'POST', '/staff/accounts', form({ intent: 'disable', userId: ids.staff2UserId })())), 404],
      // Notices: another route's notice, its file, a notice id that is not a number.
      ['their notice', call(shopNotice.loader, request('retailer', 'GET', `/retailer/notices/${ids.noticeTheirs}`), { noticeId: String(ids.noticeTheirs) }), 404],
      ['acknowledge their notice', call(shopNotice.action, request('retailer', 'POST', `/retailer/notices/${ids.noticeTheirs}`, form({ intent: 'acknowledge' })()), { noticeId: String(ids.noticeTheirs) }), 404],
      ['their notice’s file (retailer)', call(noticeAttachment.loader, request('retailer', 'GET', `/resources/notices/${ids.noticeTheirs}/attachment`), { noticeId: String(ids.noticeTheirs) }), 404],
      ['their notice’s file (manager)', call(noticeAttachment.loader, request('manager', 'GET', `/resources/notices/${ids.noticeTheirs}/attachment`), { noticeId: String(ids.noticeTheirs) }), 404],
      ['chase their notice (manager)', call(managerNotice.action, request('manager', 'POST', `/manager/notices/${ids.noticeTheirs}`, form({ intent: 'chase' })()), { noticeId: String(ids.noticeTheirs) }), 404],
      ['their notice’s status', call(managerNotice.loader, request('manager', 'GET', `/manager/notices/${ids.noticeTheirs}`), { noticeId: String(ids.noticeTheirs) }), 404],
      ['a notice id that is not a number', call(shopNotice.loader, request('retailer', 'GET', '/retailer/notices/abc'), { noticeId: 'abc' }), 404],
      ['no such notice', call(staffNotice.loader, request('staff', 'GET', '/staff/notices/999999'), { noticeId: '999999' }), 404],
      ['no such indicator', call(drill.loader, request('staff', 'GET', '/staff/monitoring/nope?dim=county&from=2026-11-16&to=2026-11-22'), { indicator: 'nope' }), 400],
    ];
    const wrong: string[] = [];
    for (const [name, pending, want] of checks) {
      const got = await pending;
      if (!answerMatches(got, want)) wrong.push(`${name}: expected ${want}, got ${describeAnswer(got)}`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('a retailer’s upload always lands on its own shop, whatever shop the form names', async () => {
    const got = await call(stage.action, request('retailer', 'POST', '/resources/uploads/stage', multipart({ kind: 'sales', retailerId: theirs().id }, { name: 's.csv', text: SALES_CSV })(), { Accept: 'application/json' }));
    expect(got.status).toBe(200);
    const previewUrl = ((await (got.response as Response).json()) as { previewUrl: string }).previewUrl;
    const row = await t.db.selectFrom('stagedUploads').select('retailerId').where('id', '=', previewUrl.split('/').at(-1)!).executeTakeFirstOrThrow();
    expect(row.retailerId).toBe(mine().id);
  });

  it('the POS API: no token, a session cookie, a malformed or revoked token, a disabled shop — 401; a deactivated shop 403; a token writes only its own shop', async () => {
    const body = () => JSON.stringify({ date: shanghaiDayOf(new Date(Date.now() - 86_400_000)), lines: [{ barcode: '690100022', qtyPacks: 4 }] });
    const apiCall = (who: string, authorization?: string) =>
      call(apiSales.action, request(who, 'POST', '/api/v1/sales', body(), { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) }));
    const before = await snapshot();
    for (const [name, pending] of [
      ['none', apiCall('anon')],
      ['retailer session', apiCall('retailer')],
      ['staff session', apiCall('staff')],
      ['malformed', apiCall('anon', 'Bearer ph_short')],
      ['not bearer', apiCall('anon', `Basic ${ids.tokenMine}`)],
      ['unknown', apiCall('anon', `Bearer ph_${'A'.repeat(43)}`)],
      ['revoked', apiCall('retailer', `Bearer ${ids.tokenRevoked}`)],
    ] as const) {
      const got = await pending;
      expect(got.status, name).toBe(401);
      expect(got.response!.headers.get('WWW-Authenticate'), name).toBe('Bearer');
    }
    expect(await snapshot()).toEqual(before);

    // A shop's token, whoever sends it with whatever cookie, writes that shop's rows and nobody else's.
    const ok = await apiCall('retailer', `Bearer ${ids.tokenTheirs}`);
    expect(ok.status).toBe(200);
    const sales = await t.db.selectFrom('posDailySales').select(['retailerId', 'qtyPacks']).execute();
    expect(sales).toEqual([{ retailerId: theirs().id, qtyPacks: 4 }]);

    // Staff disabling a shop's sign-in stops its POS tokens too, not only its sessions.
    const spareToken = (await createApiToken(t.db, { userId: spare().userId, role: 'retailer' }, spare().id, 'POS spare'))!.token;
    expect((await apiCall('anon', `Bearer ${spareToken}`)).status).toBe(200);
    expect(await setAccountDisabled(t.db, staff(), spare().userId, true)).toBe(true);
    expect((await apiCall('anon', `Bearer ${spareToken}`)).status).toBe(401);
    expect(await setAccountDisabled(t.db, staff(), spare().userId, false)).toBe(true);

    // A shop deactivated in master data keeps its sign-in but its tokens are refused, 403, and write nothing.
    await t.db.updateTable('retailers').set({ active: 0 }).where('id', '=', spare().id).execute();
    const inactiveBefore = await snapshot();
    const refused = await apiCall('anon', `Bearer ${spareToken}`);
    expect(refused.status).toBe(403);
    expect(await refused.response!.json()).toMatchObject({ type: 'https://peihuo.example/problems/shop_inactive', status: 403 });
    expect(await snapshot()).toEqual(inactiveBefore);
    await t.db.updateTable('retailers').set({ active: 1 }).where('id', '=', spare().id).execute();
    expect((await apiCall('anon', `Bearer ${spareToken}`)).status).toBe(200);
  });

  it('a user still holding a one-time password is sent to choose its own, from every page', async () => {
    const user = await t.db
      .insertInto('users')
      .values({ username: 'otp01', passwordHash: (await t.db.selectFrom('users').select('passwordHash').where('id', '=', county.staffUserId).executeTakeFirstOrThrow()).passwordHash, role: 'staff', displayName: 'otp', locale: null, disabled: 0, createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('passwordHandovers').values({ userId: user.id, issuedAt: new Date().toISOString(), issuedByUserId: county.staffUserId }).execute();
    cookies.otp = await cookieOf(user.id);
    for (const [name, fn, url] of [
      ['staff home', staffHome.loader, '/staff'],
      ['accounts', accounts.loader, '/staff/accounts'],
      ['upload template', uploadTemplate.loader, '/resources/upload-template'],
    ] as const) {
      expect(answerMatches(await call(fn, request('otp', 'GET', url)), '→/auth/change-password'), name).toBe(true);
    }
    expect((await call(changePassword.loader, request('otp', 'GET', '/auth/change-password'))).status).toBe(200);
  });

  it('every rightful caller gets what the table says (the refusals above are about who asks, not broken pages)', async () => {
    const wrong: string[] = [];
    for (const [file, row] of Object.entries(table)) {
      for (const [method, expected] of [['GET', row.get], ['POST', row.post]] as const) {
        if (!expected) continue;
        for (const who of WHO) {
          if (isRefusal(expected[who])) continue;
          const got = await walk(row, who, method);
          if (!answerMatches(got, expected[who])) wrong.push(`${method} ${file} as ${who}: expected ${expected[who]}, got ${describeAnswer(got)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Sign-out ended the sessions it was called with; the walker's own sessions are still there.
    expect(await t.db.selectFrom('sessions').select('id').execute()).toHaveLength(Object.keys(cookies).filter((c) => !c.startsWith('fresh-')).length);
  });
});
