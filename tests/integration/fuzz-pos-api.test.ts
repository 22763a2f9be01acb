/**
 * Hostile input for the POS API (handlePosUpload), on both dialects: random bytes, any JSON, deeply nested
 * JSON, huge and odd numbers, very long strings, bodies in mixed encodings, for all three endpoints. Every
 * answer is a documented status with a problem document or a result — never a throw or a 500 — and a refused
 * call writes nothing (every shop-data table keeps its row count).
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadKind } from '../../db/schema';
import { createApiToken } from '~/server/api-tokens.server';
import { handlePosUpload } from '~/server/pos-api.server';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';
import { orderingFixture, smallCounty } from '../support/fixtures';

// Tuesday 2026-11-24 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00.000Z');
const KINDS: UploadKind[] = ['sales', 'receipts', 'stock_count'];
const ALLOWED = new Set([200, 400, 401, 405, 413, 422, 429]);
const TABLES = ['posDailySales', 'receipts', 'stockCounts', 'stockCountLines', 'uploads', 'uploadBatches', 'uploadRejections', 'qualityIssues'] as const;

/** Strings and numbers a broken or malicious terminal might send. */
const oddString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\uFFFD', '6901028075015', '690102807501', '69010280750150000', '6.901028075015e12', "'; drop table users; --", '2026-11-23', '2026-02-30', '9999-99-99', '2026-11-23T08:00:00+08:00', '1e308'),
  fc.nat(100_000).map((n) => '9'.repeat(n)),
);
const oddNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 31 - 1, 100_000, 100_001, 0.5, -1),
);
const oddValue = fc.oneof(oddString, oddNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));

/** JSON text nested `depth` levels deep (written as text: building it as objects would overflow the stack). */
function nestedJson(depth: number, leaf = '1'): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '{"a":' : '[';
    close = (i % 2 ? '}' : ']') + close;
  }
  return `${open}${leaf}${close}`;
}

/** fast-check's report with the counterexample cut short (a 50,000-level JSON would fill the screen). */
/** fast-check's report with the counterexample cut short (a 50,000-level JSON would fill the screen). */
function briefReport(out: fc.RunDetails<unknown>) {
  if (!out.failed) return;
  const example = JSON.stringify(out.counterexample) ?? '';
  throw new Error(`property failed after ${out.numRuns} runs (seed ${out.seed}): ${String(out.errorInstance)}\ncounterexample (first 600 characters): ${example.slice(0, 600)}`);
}

describe.skipIf(postgresSkipped())('fuzz: POS API', () => {
  let t: TestDb;
  let tokens: string[];
  let barcodes: string[];
  let calls = 0;

  beforeAll(async () => {
    fc.configureGlobal({ ...fc.readConfigureGlobal(), reporter: briefReport });
    t = await useTestDb();
    const county = await smallCounty(t.db);
    await orderingFixture(t.db);
    const shop = county.retailers[0]!;
    // The API allows 120 calls a minute per token; a fresh token every 100 calls keeps the limit out of the way.
    tokens = [];
    for (let i = 0; i < 12; i++) tokens.push((await createApiToken(t.db, { userId: shop.userId, role: 'retailer' }, shop.id, `fuzz${i}`, NOW))!.token);
    barcodes = (await t.db.selectFrom('specs').select(['packBarcode', 'cartonBarcode']).execute()).flatMap((s) => [s.packBarcode, s.cartonBarcode]);
  });
  afterAll(async () => {
    fc.resetConfigureGlobal();
    await t?.close();
  });

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await t.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return out;
  };

  async function call(kind: UploadKind, body: Uint8Array | string, contentType = 'application/json') {
    const token = tokens[Math.floor(calls++ / 100) % tokens.length]!;
    const res = await handlePosUpload(
      t.db,
      new Request(`http://localhost/api/v1/${kind}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType }, body: body as BodyInit }),
      kind,
      '10.0.0.1',
      NOW,
    );
    const text = await res.text();
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
  }

  /** Sends one body and checks the answer and what was written. */
  async function check(kind: UploadKind, body: Uint8Array | string) {
    const before = await counts();
    const { status, json } = await call(kind, body);
    expect(ALLOWED.has(status), `status ${status}: ${JSON.stringify(json).slice(0, 300)}`).toBe(true);
    if (status === 200) {
      expect(Number.isSafeInteger(json.accepted)).toBe(true);
      expect(Array.isArray(json.rejected)).toBe(true);
    } else {
      expect(typeof json.title).toBe('string');
      expect(json.status).toBe(status);
      expect(await counts()).toEqual(before);
    }
    return status;
  }

  it('random bytes and bodies in mixed encodings: refused without writing', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 3_000 }),
      fc.string({ maxLength: 200 }).map((s) => new Uint8Array(iconv.encode(s, 'gbk'))),
      fc.string({ maxLength: 200 }).map((s) => new Uint8Array(iconv.encode(`{"date":"2026-11-23","lines":[{"barcode":"${s}","qtyPacks":1}]}`, 'utf16le'))),
      fc.string({ maxLength: 200 }).map((s) => new Uint8Array(Buffer.concat([Buffer.from('{"date":"2026-11-23","lines":[{"barcode":"'), iconv.encode(s, 'gbk'), Buffer.from('","qtyPacks":1}]}')]))),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...KINDS), bytes, (kind, body) => check(kind, body).then(() => undefined)), { numRuns: 80 });
  });

  it('any JSON value, deeply nested JSON and very long strings: a documented answer, never a 500', async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
      fc.record({ depth: fc.integer({ min: 1, max: 50_000 }), where: fc.constantFrom('body', 'line', 'lines', 'barcode') }).map(({ depth, where }) => {
        const deep = nestedJson(depth);
        if (where === 'body') return deep;
        if (where === 'lines') return `{"date":"2026-11-23","lines":${deep}}`;
        if (where === 'barcode') return `{"date":"2026-11-23","lines":[{"barcode":${deep},"qtyPacks":1}]}`;
        return `{"date":"2026-11-23","lines":[${deep},{"barcode":"6901028075015","qtyPacks":1}]}`;
      }),
      fc.nat(1_000_000).map((n) => JSON.stringify({ date: '2026-11-23', lines: [{ barcode: 'x'.repeat(n), qtyPacks: 1 }] })),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...KINDS), body, (kind, b) => check(kind, b).then(() => undefined)), { numRuns: 80 });
  });

  it('well-formed calls with hostile fields: good lines kept, bad ones listed, all-or-nothing writes nothing', async () => {
    const line = fc.oneof(
      // Weighted so that many calls keep a good line: a call whose every line is refused is a 422 (nothing_good).
      { arbitrary: fc.record({ barcode: fc.constantFrom(...barcodes), qtyPacks: fc.nat(100_000) }), weight: 3 },
      fc.record({ barcode: fc.oneof(fc.constantFrom(...barcodes), oddString), qtyPacks: oddNumber }),
      fc.dictionary(fc.string({ maxLength: 10 }), oddValue, { maxKeys: 4 }),
      oddValue,
    );
    const call = fc.record({
      kind: fc.constantFrom(...KINDS),
      date: fc.oneof(fc.constantFrom('2026-11-24', '2026-11-23', '2025-10-20', '2024-01-01', '2026-11-25', '2026-02-29'), oddString),
      countedAt: fc.oneof(fc.constantFrom('2026-11-24T08:00:00+08:00', '2026-11-23T23:59:59Z', '2026-11-24T09:59:00+08:00', '2027-01-01T00:00:00Z', '2026-13-45T99:99:99Z'), oddString),
      lines: fc.array(line, { maxLength: 40 }),
      mode: fc.option(fc.oneof(fc.constantFrom('keep_good_lines', 'all_or_nothing'), oddString), { nil: undefined }),
      extra: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), oddValue, { maxKeys: 3 }), { nil: undefined }),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        const body = { ...c.extra, ...(c.kind === 'stock_count' ? { countedAt: c.countedAt } : { date: c.date }), lines: c.lines, ...(c.mode ? { mode: c.mode } : {}) };
        const status = await check(c.kind, JSON.stringify(body));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }),
      { numRuns: 160 },
    );
    // The generator reached both sides: some calls were stored, some refused.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(10);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(10);
  });

  it('a body that is not JSON at all, sent as a form, is refused without writing', async () => {
    const before = await counts();
    const { status } = await call('sales', 'date=2026-11-23&lines=1', 'application/x-www-form-urlencoded');
    expect(status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
