/**
 * The one way a route answers what it cannot do (docs/decisions/0013-one-way-to-write-a-route.md):
 * - URL params are parsed at the edge with `getParams(params, schema)`: a param that does not parse is a 404, as a
 *   foreign or missing id is, so deeper code never sees `NaN`.
 * - URL search params likewise, with `getSearch(request, schema)`: a field that may be wrong gives a default
 *   (`.catch(…)`), a field the route cannot do without (an export's `cycleId`) makes it a 404 (or the status told).
 * - A loader or action that finds nothing (or is refused) throws `invariantResponse(found, …)` — a Response the one
 *   error boundary (app/ui/error-boundary.tsx) shows in the user's language.
 * - An action's input is a conform submission (`parseWithZod`), answered with `submission.reply()` — `invalid()` for
 *   input the schema refuses (400), `refused()` for a refusal of the service behind it (a reason code the page
 *   translates, as a form error, with the status that fits).
 * - The POS JSON API (no forms, so no conform) answers its refusals with `problem()`: an RFC 9457 problem document.
 */
import type { Submission, SubmissionResult } from '@conform-to/react';
import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';

/**
 * Throws a Response with this status (404 unless told) when the condition is false; narrows it when true.
 * After epic-stack's helper of the same name.
 */
export function invariantResponse(condition: unknown, message = 'Not Found', init: ResponseInit = { status: 404 }): asserts condition {
  if (!condition) throw new Response(message, { statusText: message, ...init });
}

/** The route's URL params, parsed with the schema at the edge; params that do not parse are a 404 (after shelf.nu's `getParams`). */
export function getParams<S extends z.ZodType>(params: LoaderFunctionArgs['params'], schema: S, status = 404): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new Response(status === 404 ? 'Not Found' : 'Bad Request', { status });
  return parsed.data;
}

/**
 * The request's URL search params, parsed with the schema at the edge, as `getParams` does the URL params. A schema
 * that must not fail gives each field `.catch(default)` (a page with a bad `?page=` shows its default page); a schema
 * with a required field (an export's `cycleId`) throws a Response with the status (404 unless told) when it does not
 * parse. The schema sees plain strings (`Object.fromEntries`): a param given twice (`?page=2&page=3`) counts with its
 * last value.
 */
export function getSearch<S extends z.ZodType>(request: Request, schema: S, status = 404): z.output<S> {
  return getParams(Object.fromEntries(new URL(request.url).searchParams), schema, status);
}

/** A row id in a URL (`/staff/cycles/12`): a positive safe integer. */
export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A staged file's or import's id in a URL: an opaque token. */
export const tokenParam = z.string().min(1).max(128);

/** What an action answers: conform's reply (read on the page with app/ui/form-reply.ts), and what the page shows besides. */
export type ActionReply<Extra extends object = object> = { result: SubmissionResult<string[]> } & Extra;

/** Input the schema refused: the reply (field errors for the page), status 400. */
export function invalid<S>(submission: Submission<S>) {
  return data<ActionReply>({ result: submission.reply() }, { status: 400 });
}

/**
 * A refusal of the service behind the form: its reason code as the form's error (the page translates it) — or as
 * one field's, when `field` names the field the refusal is about — with the status that fits (404 for
 * `not_found`, 400 otherwise unless told), and anything the page shows with it.
 */
export function refused<S, Extra extends object = object>(
  submission: Submission<S>,
  reason: string,
  options: { status?: number; extra?: Extra; headers?: HeadersInit; field?: string } = {},
) {
  const status = options.status ?? (reason === 'not_found' ? 404 : 400);
  const error = options.field ? { fieldErrors: { [options.field]: [reason] } } : { formErrors: [reason] };
  return data({ result: submission.reply(error), ...options.extra } as ActionReply<Extra>, { status, headers: options.headers });
}

/** An action that stays on the page and did what it was asked: the reply, and what the page says about it. */
export function done<S, Extra extends object = object>(submission: Submission<S>, extra?: Extra): ActionReply<Extra> {
  return { result: submission.reply(), ...extra } as ActionReply<Extra>;
}

/**
 * A POS API refusal (/api/v1/…): an RFC 9457 problem document (application/problem+json) whose type names the
 * code and whose title is said in the caller's language, with anything the caller needs besides (`errors`, `rejected`).
 */
export function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify({ type: `https://peihuo.example/problems/${code}`, title, status, ...extra }), {
    status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', ...headers },
  });
}
