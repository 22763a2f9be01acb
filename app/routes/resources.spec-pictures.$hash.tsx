/**
 * A product picture's image (issue 19), by the hash of its bytes: served only to a signed-in user allowed to see it
 * (pictureFile: staff any, a retailer or manager a picture of a spec on the order list), with its checked type.
 * The URL names exactly these bytes, so the browser keeps it for a year (private: never in a shared cache).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { PICTURE_HASH } from '~/domain/showcase/pictures';
import { requireUser } from '~/server/auth.server';
import { getParams, invariantResponse } from '~/server/http.server';
import { pictureFile } from '~/server/showcase/pictures.server';

const Params = z.object({ hash: z.string().regex(PICTURE_HASH) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const { hash } = getParams(params, Params);
  const file = await pictureFile(context.db, user, hash);
  invariantResponse(file, 'Not Found');
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.length),
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${hash}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
