/**
 * A visit's photo, for the manager whose route the store is on (or staff): the scope is checked in the query,
 * the bytes are served with their checked type, never sniffed, never cached by shared caches.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/server/auth.server';
import { visitPhoto } from '~/server/visits.server';
import { z } from 'zod';
import { getParams, idParam, invariantResponse } from '~/server/http.server';

const Params = z.object({ visitId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager', 'staff');
  const { visitId } = getParams(params, Params);
  const photo = await visitPhoto(context.db, user, visitId);
  invariantResponse(photo, 'Not Found');
  return new Response(photo.bytes, {
    headers: {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.bytes.length),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    },
  });
}
