/**
 * Reading an action's reply on the page (the server side is app/server/http.server.ts): every action answers
 * `{ result: submission.reply(…) }`, a refusal carrying its reason code as the form's error.
 */
import type { SubmissionResult } from '@conform-to/react';

/** What every action answers (or nothing yet). */
export type Reply = { result?: SubmissionResult<string[]> } | null | undefined;

/** The refusal's reason code; 'invalid' when the schema refused a field; null when the action did what it was asked. */
export function replyError(reply: Reply): string | null {
  const result = reply?.result;
  if (!result || result.status !== 'error') return null;
  return result.error?.['']?.[0] ?? 'invalid';
}

/** Which form (its `intent`) the reply answers, on a page with several. */
export function replyIntent(reply: Reply): string | null {
  const intent = reply?.result?.initialValue?.intent;
  return typeof intent === 'string' ? intent : null;
}

/** True when the action answering this form (by intent, when given) did what it was asked. */
export function replyDone(reply: Reply, intent?: string): boolean {
  return reply?.result?.status === 'success' && (intent === undefined || replyIntent(reply) === intent);
}

/** Each field's first error code, and the form's own (a refusal's reason) under `form`. */
export function replyErrors(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, messages] of Object.entries(reply?.result?.error ?? {})) {
    const first = messages?.[0];
    if (first) out[name === '' ? 'form' : name] = first;
  }
  return out;
}
