/**
 * Staff's product pictures (新品推介, issue 19): each spec's picture and short description, one spec at a time,
 * or many pictures at once by a zip named by spec code (previewed on /staff/spec-pictures/:batchId).
 */
import type { Submission } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { pictureForm } from '~/domain/forms/showcase';
import { MAX_DESCRIPTION_CHARS, MAX_PICTURE_BYTES, MAX_PICTURE_ZIP_BYTES, MAX_PICTURE_ZIP_FILES } from '~/domain/showcase/pictures';
import { requireRole } from '~/server/auth.server';
import { done, invalid, invariantResponse, refused } from '~/server/http.server';
import { readFileForm } from '~/server/file-form.server';
import { pictureOverview, saveSpecPicture, stagePictureZip } from '~/server/showcase/pictures.server';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyErrors, replyIntent, type Reply } from '~/ui/form-reply';
import { SpecPicture } from '~/ui/showcase/spec-picture';

const MB = 1024 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const overview = await pictureOverview(context.db, user);
  invariantResponse(overview, 'Forbidden', { status: 403 });
  return overview;
}

type Extra = { fileName?: string; detail?: Record<string, string | number>; specId?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const refuse = (submission: Submission<unknown>, reason: string, options: { status?: number; field?: string; extra?: Extra } = {}) => refused<unknown, Extra>(submission, reason, options);
  const unread = () => parseWithZod(new FormData(), { schema: pictureForm });
  const read = await readFileForm(request, MAX_PICTURE_ZIP_BYTES);
  if (!read.ok) return read.reason === 'too_large' ? refuse(unread(), 'upload_too_large', { status: 413 }) : refuse(unread(), 'unreadable_form', { status: 400 });
  const form = read.form;
  const submission = parseWithZod(form, { schema: pictureForm });
  if (submission.status !== 'success') return invalid(submission);
  const value = submission.value;
  if (value.intent === 'zip') {
    if (value.zip.size === 0) return refuse(submission, 'no_file', { field: 'zip' });
    const staged = await stagePictureZip(context.db, user, value.zip.name, new Uint8Array(await value.zip.arrayBuffer()));
    if (!staged.ok) return refuse(submission, staged.reason, { status: staged.reason === 'busy' ? 503 : 422, field: 'zip', extra: { fileName: value.zip.name, detail: staged.detail } });
    throw redirect(`/staff/spec-pictures/${staged.batchId}`);
  }
  const file = value.picture && value.picture.size > 0 ? value.picture : null;
  if (file && file.size > MAX_PICTURE_BYTES) return refuse(submission, 'too_large', { status: 413, field: 'picture', extra: { fileName: file.name, specId: value.specId } });
  const saved = await saveSpecPicture(context.db, user, {
    specId: value.specId,
    description: value.description,
    file: file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null,
    removePicture: value.removePicture,
  });
  if (!saved.ok) {
    const field = saved.reason === 'not_found' || saved.reason === 'forbidden' ? undefined : 'picture';
    return refuse(submission, saved.reason, { status: saved.reason === 'not_found' ? 404 : saved.reason === 'busy' ? 503 : 422, field, extra: { fileName: file?.name ?? '', specId: value.specId } });
  }
  return done(submission, { specId: value.specId });
}

export default function StaffSpecPictures() {
  const { specs, batches } = useLoaderData<typeof loader>();
  const reply = useActionData<Reply & Extra>();
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const errors = replyErrors(reply);
  const intent = replyIntent(reply);
  const vars = { file: reply?.fileName ?? '', maxMb: MAX_PICTURE_BYTES / MB, zipMb: MAX_PICTURE_ZIP_BYTES / MB, max: Number(reply?.detail?.max ?? MAX_DESCRIPTION_CHARS), count: Number(reply?.detail?.files ?? 0) };
  const message = (code: string | undefined) => (code ? t(`specPictures.error.${code}` as 'specPictures.error.invalid', vars) : null);
  const replySpec = Number(reply?.result?.initialValue?.specId ?? reply?.specId ?? 0);
  const zipError = intent === 'zip' || (!intent && errors.form) ? (errors.zip ?? errors.form) : undefined;
  return (
    <>
      <h1>{t('specPictures.title')}</h1>
      <p className="muted">{t('specPictures.intro')}</p>

      <Form method="post" encType="multipart/form-data" className="form card" aria-labelledby="zip-title">
        <h2 id="zip-title">{t('specPictures.zipTitle')}</h2>
        <input type="hidden" name="intent" value="zip" />
        <div className="field">
          <label htmlFor="picture-zip">{t('specPictures.zipFile')}</label>
          <input id="picture-zip" name="zip" type="file" accept=".zip,application/zip" aria-describedby="picture-zip-hint" aria-invalid={zipError ? true : undefined} />
          <span className="hint" id="picture-zip-hint">
            {t('specPictures.zipHint', { maxMb: MAX_PICTURE_BYTES / MB, zipMb: MAX_PICTURE_ZIP_BYTES / MB, files: MAX_PICTURE_ZIP_FILES })}
          </span>
        </div>
        {zipError ? (
          <p className="form-error" role="alert">
            {message(zipError)}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {t('specPictures.zipUpload')}
        </button>
      </Form>

      {batches.length ? (
        <section className="card" aria-labelledby="pending-title">
          <h2 id="pending-title">{t('specPictures.pending')}</h2>
          <ul>
            {batches.map((b) => (
              <li key={b.id}>
                <Link to={`/staff/spec-pictures/${b.id}`}>{t('specPictures.pendingItem', { file: b.fileName, at: formatDateTime(b.createdAt) })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="specs-title">
        <h2 id="specs-title">{t('specPictures.specsTitle')}</h2>
        <ul className="picture-specs">
          {specs.map((s) => {
            const mine = intent === 'save' && replySpec === s.id;
            const saved = mine && replyDone(reply, 'save');
            const err = mine ? (errors.picture ?? errors.description ?? errors.form) : undefined;
            return (
              <li key={s.id} className="card picture-spec" id={`spec-${s.id}`}>
                <div className="picture-spec-head">
                  <SpecPicture webp={s.thumbWebp} jpeg={s.thumbJpeg} alt={t('specPictures.pictureAlt', { name: s.name })} size={48} />
                  <div>
                    <strong>
                      {s.code} {s.name}
                    </strong>{' '}
                    {s.isNew ? <span className="badge ok">{t('specPictures.newBadge')}</span> : null}{' '}
                    {!s.isOrderable || s.isDiscontinued ? <span className="badge warn">{t('specPictures.notOrderable')}</span> : null}
                    <p className="muted">{s.description ?? t('specPictures.none')}</p>
                  </div>
                </div>
                {saved ? (
                  <p className="form-ok" role="status">
                    {t('specPictures.saved', { name: s.name })}
                  </p>
                ) : null}
                <details open={!!err}>
                  <summary>{t('specPictures.edit', { name: s.name })}</summary>
                  <Form method="post" encType="multipart/form-data" className="form">
                    <input type="hidden" name="intent" value="save" />
                    <input type="hidden" name="specId" value={s.id} />
                    <div className="field">
                      <label htmlFor={`desc-${s.id}`}>{t('specPictures.descriptionLabel', { max: MAX_DESCRIPTION_CHARS })}</label>
                      <textarea id={`desc-${s.id}`} name="description" rows={2} maxLength={MAX_DESCRIPTION_CHARS} defaultValue={s.description ?? ''} />
                    </div>
                    <div className="field">
                      <label htmlFor={`pic-${s.id}`}>{t('specPictures.pictureLabel', { maxMb: MAX_PICTURE_BYTES / MB })}</label>
                      <input id={`pic-${s.id}`} name="picture" type="file" accept="image/jpeg,image/png,image/webp" aria-invalid={err ? true : undefined} aria-describedby={err ? `pic-${s.id}-error` : undefined} />
                    </div>
                    {s.thumbWebp ? (
                      <label className="check">
                        <input type="checkbox" name="removePicture" /> {t('specPictures.removePicture')}
                      </label>
                    ) : null}
                    {err ? (
                      <p className="form-error" role="alert" id={`pic-${s.id}-error`}>
                        {message(err)}
                      </p>
                    ) : null}
                    <button type="submit" className="button" disabled={busy}>
                      {t('specPictures.save')}
                    </button>
                  </Form>
                </details>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
