/**
 * A notice's attachment (issue 19), for whoever may see the notice: a shop it reached, a manager whose route it
 * reached (or who wrote it), staff (the scope is in the query). Served with its checked type, never sniffed,
 * never cached by shared caches; a PDF is offered as a download and runs nothing in our origin (sandbox CSP).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { noticeParams } from '~/domain/forms/notices';
import { requireUser } from '~/server/auth.server';
import { getParams, invariantResponse } from '~/server/http.server';
import { noticeAttachment } from '~/server/notices.server';

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const { noticeId } = getParams(params, noticeParams);
  const file = await noticeAttachment(context.db, user, noticeId);
  invariantResponse(file, 'Not Found');
  const isPdf = file.type === 'application/pdf';
  return new Response(file.bytes, {
    headers: {
      'Content-Type': file.type,
      'Content-Length': String(file.bytes.length),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'Content-Disposition': disposition(isPdf ? 'attachment' : 'inline', file.name),
    },
  });
}
