/**
 * The POS JSON API (/api/v1/…): bearer-token authentication, size and rate limits, validation, answers in
 * the request's language. Errors are RFC 9457 problem documents (application/problem+json).
 */
import { z } from 'zod';
import { checkApiLines, dailyUploadBody, stockCountBody, type ApiLineProblem } from '~/domain/forms/pos-api';
import { addDays, isDay, shanghaiDayOf } from '~/domain/time';
import type { UploadKind } from '../../db/schema';
import { authenticateApiToken } from './api-tokens.server';
import type { DB } from './db.server';
import { problem } from './http.server';
import { serverT } from './i18n.server';
import { apiLimiters, tryConsume } from './rate-limit.server';
import { countTotals, dailyTotals, refusedSpecDays, resolveBarcodes, splitOverLimit } from '~/domain/uploads/barcodes';
import { MAX_DAYS_BACK, MAX_PACKS_PER_SPEC_AND_DAY, MAX_QTY_PER_LINE } from '~/domain/uploads/limits';
import { recentOpenIssues } from './quality.server';
import { barcodeSpecsFor } from './uploads/barcode-lookup.server';
import { ingest, IngestRefused, type IngestResult, type Rejection } from './uploads/ingest.server';

export const API_MAX_BODY_BYTES = 2 * 1024 * 1024;

type T = Awaited<ReturnType<typeof serverT>>;

/** A refusal in the caller's language, through the one API reply (`problem()` in http.server.ts). */
function refuse(t: T, status: number, code: ProblemCode, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, headers: HeadersInit = {}) {
  return problem(status, code, t(`api.problem.${code}`, params), extra, headers);
}

type ProblemCode =
  | 'unauthorized'
  | 'too_many_requests'
  | 'too_large'
  | 'not_json'
  | 'invalid_body'
  | 'date_in_future'
  | 'date_too_old'
  | 'lines_rejected'
  | 'nothing_good'
  | 'method_not_allowed'
  | 'shop_inactive';

/**
 * A refused line as kept for the shop to see, at most 200 characters. A hostile line can be nested thousands
 * of levels deep, which JSON.stringify cannot print (it runs out of stack): such a line is named, not shown.
 */
function linePreview(line: unknown): string {
  try {
    return String(JSON.stringify(line)).slice(0, 200);
  } catch {
    return '(too deeply nested to show)';
  }
}

function lineMessage(t: T, p: ApiLineProblem) {
  return t(`api.line.${p.field === 'line' ? 'line' : p.code === 'invalid' ? p.field : p.code}`, { max: MAX_QTY_PER_LINE, maxTotal: MAX_PACKS_PER_SPEC_AND_DAY });
}

/**
 * Handles one POST to /api/v1/sales, /receipts or /stock-counts: the request read at the edge (who calls, within
 * which limits, with what body — `readPosRequest`), then its lines stored (`storePosLines`).
 */
export async function handlePosUpload(db: DB, request: Request, kind: UploadKind, clientAddress: string, now = new Date()): Promise<Response> {
  const t = await serverT(request);
  const read = await readPosRequest(db, request, t, kind, clientAddress, now);
  return read instanceof Response ? read : storePosLines(db, t, kind, read, now);
}

type PosRequest = { auth: NonNullable<Awaited<ReturnType<typeof authenticateApiToken>>>; body: z.infer<typeof dailyUploadBody>; day: string; countedAt: Date | null };

/**
 * The request at the edge: the method, the bearer token, the rate limits, the shop still active, the body's size,
 * JSON and schema (app/domain/forms/pos-api.ts), and its day; a problem document for whatever fails.
 */
async function readPosRequest(db: DB, request: Request, t: T, kind: UploadKind, clientAddress: string, now: Date): Promise<PosRequest | Response> {
  if (request.method !== 'POST') return refuse(t, 405, 'method_not_allowed', {}, {}, { Allow: 'POST' });

  const auth = await authenticateApiToken(db, request.headers.get('Authorization'), now);
  if (!auth) {
    const limited = !(await tryConsume(apiLimiters().unauthenticated, clientAddress));
    return limited
      ? refuse(t, 429, 'too_many_requests', {}, {}, { 'Retry-After': '60' })
      : refuse(t, 401, 'unauthorized', {}, {}, { 'WWW-Authenticate': 'Bearer' });
  }
  // Shared by every instance when REDIS_URL is set (see rate-limit.server.ts).
  const allowed = await tryConsume(apiLimiters().perToken, String(auth.tokenId));
  if (!allowed) return refuse(t, 429, 'too_many_requests', {}, {}, { 'Retry-After': '60' });
  // A shop deactivated in master data takes no more data (as it takes no more orders): the token is right, the shop may not write.
  if (!auth.shopActive) return refuse(t, 403, 'shop_inactive');

  const declared = Number(request.headers.get('Content-Length') ?? 0);
  if (declared > API_MAX_BODY_BYTES) return refuse(t, 413, 'too_large', { max: '2 MiB' });
  const text = await request.text();
  if (Buffer.byteLength(text) > API_MAX_BODY_BYTES) return refuse(t, 413, 'too_large', { max: '2 MiB' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(t, 400, 'not_json');
  }

  const schema = kind === 'stock_count' ? stockCountBody : dailyUploadBody;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: t('api.field.invalid', { field: i.path.join('.') || 'body' }) }));
    if (parsed.error.issues.some((i) => i.code === 'too_big' && i.path[0] === 'lines')) return refuse(t, 413, 'too_large', { max: '5,000 lines' });
    return refuse(t, 422, 'invalid_body', {}, { errors });
  }
  const body = parsed.data as z.infer<typeof dailyUploadBody> & Partial<z.infer<typeof stockCountBody>>;
  const countedAt = kind === 'stock_count' ? new Date(body.countedAt!) : null;
  if (countedAt && Number.isNaN(countedAt.getTime())) return refuse(t, 422, 'invalid_body', {}, { errors: [{ field: 'countedAt', message: t('api.field.invalid', { field: 'countedAt' }) }] });
  const day = countedAt ? shanghaiDayOf(countedAt) : body.date;
  if (!isDay(day)) return refuse(t, 422, 'invalid_body', {}, { errors: [{ field: 'date', message: t('api.field.invalid', { field: 'date' }) }] });
  const today = shanghaiDayOf(now);
  if (day > today || (countedAt && countedAt.getTime() > now.getTime() + 5 * 60_000)) return refuse(t, 422, 'date_in_future', { day });
  if (day < addDays(today, -MAX_DAYS_BACK)) return refuse(t, 422, 'date_too_old', { day, days: MAX_DAYS_BACK });
  return { auth, body, day, countedAt };
}

/** The lines of a request read at the edge, each checked the way a file's rows are, stored; the answer with what was refused. */
async function storePosLines(db: DB, t: T, kind: UploadKind, { auth, body, day, countedAt }: PosRequest, now: Date): Promise<Response> {
  const { good, problems } = checkApiLines(body.lines);
  // From here on the lines go the way a file's rows go (barcodes, units, limits): one set of rules for every channel.
  const countedAtIso = countedAt ? countedAt.toISOString() : null;
  const specs = await barcodeSpecsFor(db, auth.retailerId);
  const scans = good.map((l) => ({ rowNo: l.index, day, countedAt: countedAtIso, barcode: l.barcode, qty: l.qty, unit: l.unit, name: null }));
  const { resolved, unknown } = resolveBarcodes(scans, specs);
  const { within, over } = splitOverLimit(resolved);
  const qtyOf = new Map(good.map((l) => [l.index, l.qty]));
  const barcodeOf = new Map(good.map((l) => [l.index, l.barcode]));
  const lineProblems: ApiLineProblem[] = [
    ...problems,
    ...unknown.flatMap((u) => u.rowNos.map((index) => ({ index, field: 'barcode' as const, code: 'unknown_barcode' as const }))),
    ...over.map((l) => ({ index: l.rowNo, field: 'qtyPacks' as const, code: 'too_large' as const })),
  ].sort((a, b) => a.index - b.index);
  const rejections: Rejection[] = lineProblems.map((p) =>
    p.code === 'unknown_barcode'
      ? { rowNo: p.index, columnName: 'barcode', code: p.code, value: barcodeOf.get(p.index)!, barcode: barcodeOf.get(p.index)!, day, qty: qtyOf.get(p.index) ?? null }
      : { rowNo: p.index, columnName: p.field, code: p.code, value: linePreview(body.lines[p.index]) },
  );
  const rejected = lineProblems.map((p) => ({ index: p.index, field: p.field, message: lineMessage(t, p) }));
  if (body.mode === 'all_or_nothing' && rejected.length) return refuse(t, 422, 'lines_rejected', { count: rejected.length }, { rejected });
  // A call that keeps no line replaces nothing: the day's earlier data stays (as a file with no good row is refused).
  if (body.lines.length > 0 && within.length === 0) return refuse(t, 422, 'nothing_good', { count: rejected.length }, { rejected });
  const keep = refusedSpecDays(
    problems.flatMap((p) => (p.barcode ? [{ rowNo: p.index, barcode: p.barcode, day, countedAt: countedAtIso }] : [])),
    specs,
    over,
  );

  let result: IngestResult;
  try {
    result = await ingest(db, {
      retailerId: auth.retailerId,
      kind,
      source: 'api',
      actorUserId: null,
      apiTokenId: auth.tokenId,
      rowsRead: body.lines.length,
      days: kind === 'stock_count' ? undefined : [day],
      daily: kind === 'stock_count' ? undefined : dailyTotals(within),
      counts: countedAtIso ? [{ countedAt: countedAtIso, day, lines: countTotals(within).map(({ specId, qtyPacks }) => ({ specId, qtyPacks })) }] : undefined,
      rejections,
      keep,
      // Checked again inside the write: a deactivation that lands after the token check still refuses the call.
      onlyActiveShop: true,
    }, now);
  } catch (e) {
    if (e instanceof IngestRefused && e.code === 'shop_inactive') return refuse(t, 403, 'shop_inactive');
    throw e;
  }
  const issues = await recentOpenIssues(db, auth.retailerId, addDays(day, -7));
  return Response.json({
    uploadId: result.batchId,
    accepted: result.accepted,
    stored: result.stored,
    rejected,
    replaced: result.replacedDays.length > 0,
    issues: issues.map((i) => ({ kind: i.kind, specId: i.specId, day: i.day, message: t(`quality.kind.${i.kind as 'stock_discrepancy'}`), detail: JSON.parse(i.detailJson) as unknown })),
  });
}
