/** Staff's master data: upload a retailers / specs / managers file for preview, templates, recent imports. */
import type { Submission } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { masterUploadForm } from '~/domain/forms/master-data';
import { FIELDS_OF } from '~/domain/master-data/fields';
import { MASTER_KINDS } from '~/domain/master-data/types';
import { requireRole } from '~/server/auth.server';
import { invalid, refused, type ActionReply } from '~/server/http.server';
import { masterDataOverview, stageMasterFile } from '~/server/master-data.server';
import { formatDateTime } from '~/ui/format';
import { replyError } from '~/ui/form-reply';
import { useFileSizeCheck } from '~/ui/uploads/file-size-check';
import { isReadErrorCode, readErrorMessage, readErrorStatus, uploadRefusalHeaders } from '~/ui/uploads/read-error-message';
import { readFileForm } from '~/server/file-form.server';

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const overview = await masterDataOverview(context.db, user);
  if (!overview) throw new Response('Forbidden', { status: 403 });
  return overview;
}

/** What a refused file leaves for the message: the reader's figures and the file's name. */
type UploadRefusal = { detail: Record<string, string | number>; fileName: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const refuse = (submission: Submission<unknown>, code: string, detail: Record<string, string | number> = {}, status = 400, fileName = '') =>
    refused<unknown, UploadRefusal>(submission, code, { status, headers: uploadRefusalHeaders(code), extra: { detail, fileName } });
  // Refused before the body is read: answered like any refusal, over an empty submission.
  const unread = () => parseWithZod(new FormData(), { schema: masterUploadForm });
  const read = await readFileForm(request, MAX_UPLOAD_BYTES);
  if (!read.ok) return read.reason === 'too_large' ? refuse(unread(), 'too_large', { maxBytes: MAX_UPLOAD_BYTES }, 413) : refuse(unread(), 'no_file');
  const form = read.form;
  // The kind through the form's schema; the file is read as it arrived.
  const submission = parseWithZod(form, { schema: masterUploadForm });
  // A kind the schema refuses is answered like every form's invalid input (the page reads it as 'invalid').
  if (submission.status !== 'success') return invalid(submission);
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return refuse(submission, file instanceof File && file.name ? 'empty_file' : 'no_file');
  const staged = await stageMasterFile(context.db, user, submission.value.kind, file.name, new Uint8Array(await file.arrayBuffer()));
  if (!staged.ok) return refuse(submission, staged.code, staged.detail ?? {}, isReadErrorCode(staged.code) ? readErrorStatus(staged.code) : 422, file.name);
  throw redirect(`/staff/master-data/${staged.stagedId}`);
}

/** Codes from reading the file are the shops' upload messages; the rest are this page's own. */
const OWN_ERRORS = new Set(['forbidden', 'no_file', 'missing_columns', 'not_found', 'has_bad_rows', 'nothing_good', 'changed_since_preview', 'invalid']);

export default function StaffMasterData() {
  const { counts, stations, imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const importedId = Number(params.get('imported'));
  const done = importedId ? imports.find((i) => i.id === importedId) : undefined;
  const error = replyError(actionData);
  // A refused file carries what the message needs (UploadRefusal); input the schema refused carries nothing more.
  const refusal = actionData && 'fileName' in actionData ? (actionData as ActionReply<UploadRefusal>) : null;
  const detail = refusal?.detail ?? {};
  const fileName = refusal?.fileName ?? '';
  const sizeCheck = useFileSizeCheck(MAX_UPLOAD_BYTES);
  return (
    <>
      <h1>{t('masterData.title')}</h1>
      <p className="muted">{t('masterData.intro')}</p>
      <p>{t('masterData.counts', { retailers: counts.retailers, active: counts.activeRetailers, specs: counts.specs, managers: counts.managers })}</p>
      <p className="muted">{t('masterData.stations', { list: stations.map((s) => `${s.code} ${s.nameZh}`).join(' · ') })}</p>
      <p>
        <Link to="/staff/accounts" className="button secondary">
          {t('masterData.accountsLink')}
        </Link>
      </p>
      {done ? (
        <p className="form-ok" role="status">
          {t('masterData.preview.done', { created: done.createdCount, changed: done.changedCount, unchanged: done.unchangedCount, deactivated: done.deactivatedCount, skipped: done.rowsSkipped })}
        </p>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="form card" onSubmit={sizeCheck.onSubmit}>
        <div className="field">
          <label htmlFor="master-kind">{t('masterData.kindLabel')}</label>
          <select id="master-kind" name="kind" className="select" defaultValue={params.get('kind') ?? 'retailers'}>
            {MASTER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`masterData.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="master-file">{t('masterData.file')}</label>
          <input id="master-file" name="file" type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="master-file-hint" />
          <span className="hint" id="master-file-hint">
            {t('masterData.fileHint')}
          </span>
        </div>
        {sizeCheck.error ? (
          <p className="form-error" role="alert">
            {sizeCheck.error}
          </p>
        ) : error ? (
          <p className="form-error" role="alert">
            {OWN_ERRORS.has(error)
              ? t(error === 'missing_columns' && detail.sheet ? 'masterData.error.missing_columns_sheet' : `masterData.error.${error as 'invalid'}`, detail)
              : (readErrorMessage(t, error, detail, fileName) ?? t(`uploads.error.${error as 'not_found'}`))}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {t('masterData.upload')}
        </button>
      </Form>

      <section className="card" aria-labelledby="templates-title">
        <h2 id="templates-title">{t('masterData.templates')}</h2>
        <p>
          <a className="button secondary" href="/resources/master-data-export" download>
            {t('reports.exports.master')}
          </a>
        </p>
        <ul className="link-list">
          {MASTER_KINDS.map((k) => (
            <li key={k}>
              <strong>{t('masterData.templateLink', { kind: t(`masterData.kind.${k}`) })}</strong>{' '}
              {(['zh-CN', 'en'] as const).map((lang) =>
                (['xlsx', 'csv'] as const).map((format) => (
                  <a key={`${lang}-${format}`} className="chip" href={`/resources/master-data-template?kind=${k}&lang=${lang}&format=${format}`} download>
                    {lang === 'en' ? t('masterData.templateEn') : t('masterData.templateZh')} {format === 'xlsx' ? 'Excel' : 'CSV'}
                  </a>
                )),
              )}
              <br />
              <span className="muted">
                {t('masterData.templateRequired', {
                  columns: FIELDS_OF[k]
                    .filter((d) => d.required)
                    .map((d) => d.zh)
                    .join('、'),
                })}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('masterData.history')}</h2>
        {imports.length === 0 ? (
          <p className="muted">{t('masterData.noHistory')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('masterData.col.when')}</th>
                  <th scope="col">{t('masterData.col.kind')}</th>
                  <th scope="col">{t('masterData.col.file')}</th>
                  <th scope="col">{t('masterData.col.by')}</th>
                  <th scope="col">{t('masterData.col.rows')}</th>
                  <th scope="col">{t('masterData.col.result')}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <td>{formatDateTime(i.createdAt)}</td>
                    <td>{t(`masterData.kind.${i.kind}`)}</td>
                    <td>{i.fileName}</td>
                    <td>{i.byUser}</td>
                    <td>{i.rowsRead}</td>
                    <td>
                      {t('masterData.historyResult', {
                        created: i.createdCount,
                        changed: i.changedCount,
                        unchanged: i.unchangedCount,
                        missing: i.missingCount,
                        deactivated: i.deactivatedCount,
                        skipped: i.rowsSkipped,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
