/**
 * A staged master-data file: rows read, bad rows (row, column, value, reason), and the diff — new, changed
 * field by field, unchanged, missing from the file — then the user's choice: confirm (keeping only good rows
 * and deactivating missing retailers only when ticked) or discard.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { masterConfirmForm } from '~/domain/forms/master-data';
import { formatYuan } from '~/domain/money';
import type { FieldValue } from '~/domain/master-data/types';
import { requireRole } from '~/server/auth.server';
import { getParams, invalid, invariantResponse, refused, tokenParam } from '~/server/http.server';
import { confirmMasterImport, discardMasterFile, previewMasterFile } from '~/server/master-data.server';
import { replyError } from '~/ui/form-reply';
import { formatDateTime, priceClassLabel, weekdayLabel } from '~/ui/format';

const Params = z.object({ stagedId: tokenParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { stagedId } = getParams(params, Params);
  const preview = await previewMasterFile(context.db, user, stagedId);
  invariantResponse(preview, 'Not Found');
  return preview;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { stagedId } = getParams(params, Params);
  const submission = parseWithZod(await request.formData(), { schema: masterConfirmForm });
  if (submission.status !== 'success') return invalid(submission);
  if (submission.value.intent === 'discard') {
    await discardMasterFile(context.db, user, stagedId);
    throw redirect('/staff/master-data');
  }
  const { keepGood, deactivateMissing, fingerprint } = submission.value;
  const r = await confirmMasterImport(context.db, user, stagedId, { keepGood, deactivateMissing, fingerprint });
  if (!r.ok) return refused(submission, r.code, { status: r.code === 'not_found' ? 404 : 409 });
  throw redirect(`/staff/master-data?imported=${r.importId}`);
}

const MONEY = new Set(['depositBalanceFen', 'wholesalePriceFenPerCarton', 'retailPriceFenPerCarton']);
const FLAGS = new Set(['active', 'isScarce', 'isNew', 'isOrderable', 'isDiscontinued']);

/** A value as the user wrote it in the file: yuan, 是/否, 周三, 便利店 … */
function formatValue(field: string, value: FieldValue, t: TFunction<'common'>): string {
  if (value === null || value === '') return t('masterData.preview.empty');
  if (typeof value === 'number') {
    if (MONEY.has(field)) return formatYuan(value);
    if (FLAGS.has(field)) return value ? t('masterData.yes') : t('masterData.no');
    if (field === 'orderWeekday') return weekdayLabel(value, t);
    if (field === 'priceClass') return priceClassLabel(value, t);
    return String(value);
  }
  if (field === 'businessType') return t(`businessType.${value as 'grocery'}`);
  if (field === 'marketType') return t(`marketType.${value as 'urban'}`);
  return value;
}

const fieldLabel = (field: string, t: TFunction<'common'>) => t(`masterData.field.${field as 'name'}`);

export default function MasterDataPreview() {
  const p = useLoaderData<typeof loader>();
  const error = replyError(useActionData<typeof action>());
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const more = (shown: number, total: number) => (total > shown ? <p className="muted">{t('masterData.preview.more', { count: total - shown })}</p> : null);
  return (
    <>
      <h1>{t('masterData.preview.title', { file: p.fileName })}</h1>
      <p className="form-info">{t('masterData.preview.nothingWritten')}</p>
      <p className="muted">{t('masterData.preview.meta', { kind: t(`masterData.kind.${p.kind}`), encoding: p.encoding, time: formatDateTime(p.expiresAt) })}</p>
      {error ? (
        <p className="form-error" role="alert">
          {t(`masterData.error.${error as 'invalid'}`)}
        </p>
      ) : null}

      <dl className="facts card" data-testid="master-facts">
        <dt>{t('masterData.preview.rowsRead')}</dt>
        <dd>{p.rowsRead}</dd>
        <dt>{t('masterData.preview.rowsGood')}</dt>
        <dd>{p.rowsGood}</dd>
        <dt>{t('masterData.preview.rowsBad')}</dt>
        <dd className={p.rowsBad ? 'bad-text' : undefined}>{p.rowsBad}</dd>
        <dt>{t('masterData.preview.created')}</dt>
        <dd>{p.createdCount}</dd>
        <dt>{t('masterData.preview.changed')}</dt>
        <dd>{p.changedCount}</dd>
        <dt>{t('masterData.preview.unchanged')}</dt>
        <dd>{p.unchangedCount}</dd>
        <dt>{t('masterData.preview.missing')}</dt>
        <dd>{p.missingCount}</dd>
      </dl>
      {p.ignoredColumns.length ? <p className="muted">{t('masterData.preview.ignoredColumns', { columns: p.ignoredColumns.join('、') })}</p> : null}

      {p.problems.length ? (
        <section className="card" aria-labelledby="problems-title">
          <h2 id="problems-title">{t('masterData.preview.problemsTitle')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('masterData.preview.row', { row: '' }).trim()}</th>
                  <th scope="col">{t('masterData.preview.column')}</th>
                  <th scope="col">{t('masterData.preview.value')}</th>
                  <th scope="col">{t('masterData.preview.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {p.problems.map((x, i) => (
                  <tr key={i}>
                    <td>{p.sheetName ? t('masterData.preview.sheetRow', { sheet: p.sheetName, row: x.rowNo }) : t('masterData.preview.row', { row: x.rowNo })}</td>
                    <td>{x.column}</td>
                    <td>{x.value}</td>
                    <td>{t(`masterData.problem.${x.code}`, { row: x.otherRowNo ?? '' })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more(p.problems.length, p.problemCount)}
        </section>
      ) : null}

      {p.createdCount ? (
        <section className="card" aria-labelledby="created-title">
          <h2 id="created-title">{t('masterData.preview.createdTitle', { count: p.createdCount })}</h2>
          <ul className="todo">
            {p.created.map((c) => (
              <li key={c.key}>
                <code>{c.key}</code> {c.label}
              </li>
            ))}
          </ul>
          {more(p.created.length, p.createdCount)}
        </section>
      ) : null}

      {p.newManagers.length ? (
        <section className="card" aria-labelledby="new-managers-title">
          <h2 id="new-managers-title">{t('masterData.preview.newManagersTitle', { count: p.newManagers.length })}</h2>
          <p className="muted">{t('masterData.preview.newManagersHint')}</p>
          <ul className="todo">
            {p.newManagers.map((m) => (
              <li key={m.code}>
                <code>{m.code}</code> {m.name} · {m.stationCode}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {p.changedCount ? (
        <section className="card" aria-labelledby="changed-title">
          <h2 id="changed-title">{t('masterData.preview.changedTitle', { count: p.changedCount })}</h2>
          {p.gradeChanges ? <p className="form-info">{t('masterData.preview.gradeChanges', { count: p.gradeChanges })}</p> : null}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('masterData.field.code')}</th>
                  <th scope="col">{t('masterData.field.name')}</th>
                  <th scope="col">{t('masterData.preview.column')}</th>
                </tr>
              </thead>
              <tbody>
                {p.changed.map((c) => (
                  <tr key={c.key} data-key={c.key}>
                    <td>
                      <code>{c.key}</code>
                    </td>
                    <td>{c.label}</td>
                    <td>
                      <ul>
                        {c.changes.map((f) => (
                          <li key={f.field}>
                            {fieldLabel(f.field, t)}: {formatValue(f.field, f.from, t)} → <strong>{formatValue(f.field, f.to, t)}</strong>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more(p.changed.length, p.changedCount)}
        </section>
      ) : null}

      {p.missingCount ? (
        <section className="card" aria-labelledby="missing-title">
          <h2 id="missing-title">{t('masterData.preview.missingTitle', { count: p.missingCount })}</h2>
          <p className="muted">{p.kind === 'retailers' ? t('masterData.preview.missingRetailers') : t('masterData.preview.missingOthers')}</p>
          <ul className="todo">
            {p.missing.map((m) => (
              <li key={m.key}>
                <code>{m.key}</code> {m.label}
              </li>
            ))}
          </ul>
          {more(p.missing.length, p.missingCount)}
        </section>
      ) : null}

      <Form method="post" className="card form">
        <input type="hidden" name="fingerprint" value={p.fingerprint} />
        {p.rowsBad ? (
          <label className="check">
            <input type="checkbox" name="keepGood" /> {t('masterData.preview.keepGood', { count: p.rowsBad })}
          </label>
        ) : null}
        {p.kind === 'retailers' && p.missingCount ? (
          <label className="check">
            <input type="checkbox" name="deactivateMissing" /> {t('masterData.preview.deactivateMissing', { count: p.missingCount })}
          </label>
        ) : null}
        <div className="filter-row">
          <button type="submit" name="intent" value="confirm" className="button" disabled={busy || p.rowsGood === 0}>
            {t('masterData.preview.confirm')}
          </button>
          <button type="submit" name="intent" value="discard" className="button secondary" disabled={busy}>
            {t('masterData.preview.discard')}
          </button>
        </div>
      </Form>
    </>
  );
}
