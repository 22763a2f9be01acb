/**
 * A zip of product pictures before it is saved (issue 19): every picture placed on its spec, and every file that
 * could not be placed, named with why. Saving writes all the placed pictures in one transaction.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { pictureBatchForm } from '~/domain/forms/showcase';
import { MAX_PICTURE_BYTES } from '~/domain/showcase/pictures';
import { requireRole } from '~/server/auth.server';
import { getParams, idParam, invalid, invariantResponse, refused } from '~/server/http.server';
import { confirmPictureBatch, discardPictureBatch, pictureBatch } from '~/server/showcase/pictures.server';
import { SpecPicture } from '~/ui/showcase/spec-picture';

const Params = z.object({ batchId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { batchId } = getParams(params, Params);
  const batch = await pictureBatch(context.db, user, batchId);
  invariantResponse(batch, 'Not Found');
  return batch;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { batchId } = getParams(params, Params);
  const submission = parseWithZod(await request.formData(), { schema: pictureBatchForm });
  if (submission.status !== 'success') return invalid(submission);
  if (submission.value.intent === 'discard') {
    await discardPictureBatch(context.db, user, batchId);
    throw redirect('/staff/spec-pictures');
  }
  const saved = await confirmPictureBatch(context.db, user, batchId);
  if (!saved.ok) return refused(submission, saved.reason);
  throw redirect(`/staff/spec-pictures?saved=${saved.saved}`);
}

export default function PictureBatch() {
  const batch = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const maxMb = MAX_PICTURE_BYTES / 1024 / 1024;
  return (
    <>
      <Link to="/staff/spec-pictures">← {t('specPictures.batch.back')}</Link>
      <h1>{t('specPictures.batch.title', { file: batch.fileName })}</h1>
      {batch.unplaced.length ? (
        <section className="card" aria-labelledby="unplaced-title">
          <h2 id="unplaced-title" className="form-error">
            {t('specPictures.batch.unplaced', { count: batch.unplaced.length })}
          </h2>
          <ul className="unplaced-files">
            {batch.unplaced.map((u, i) => (
              <li key={`${i}-${u.fileName}`}>
                <code>{u.fileName}</code> — {t(`specPictures.batch.reason.${u.reason}`, { maxMb })}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="form-ok">{t('specPictures.batch.allPlaced')}</p>
      )}
      <section aria-labelledby="placed-title">
        <h2 id="placed-title">{t('specPictures.batch.placed', { count: batch.placed.length })}</h2>
        <ul className="picture-specs">
          {batch.placed.map((p) => (
            <li key={p.specId} className="card picture-spec-head">
              <SpecPicture webp={p.thumbWebp} jpeg={p.thumbJpeg} alt={t('specPictures.pictureAlt', { name: p.name })} size={48} />
              <span>
                {t('specPictures.batch.fileToSpec', { file: p.fileName, code: p.code, name: p.name })}
                {p.replacesPicture ? <span className="badge warn">{t('specPictures.batch.replaces')}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <Form method="post" className="filter-row">
        {batch.placed.length ? (
          <button type="submit" name="intent" value="confirm" className="button" disabled={busy}>
            {t('specPictures.batch.confirm', { count: batch.placed.length })}
          </button>
        ) : (
          <p className="muted">{t('specPictures.batch.nothing')}</p>
        )}
        <button type="submit" name="intent" value="discard" className="button secondary" disabled={busy}>
          {t('specPictures.batch.discard')}
        </button>
      </Form>
    </>
  );
}
