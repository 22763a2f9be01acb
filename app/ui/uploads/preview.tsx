/** What a staged file would import: the numbers, every bad row by row/column/reason, and the choice. */
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { StagedPreview } from '~/domain/uploads/preview';
import { formatDateTime } from '../format';
import { replyError, type Reply } from '../form-reply';
import { MergeMessage } from './merge-message';

type Preview = StagedPreview;
const FIELDS = ['barcode', 'qty', 'date', 'time', 'name', 'unit'] as const;

export function UploadPreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const error = replyError(useActionData<Reply>());
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <h1>{t('preview.title', { file: preview.fileName })}</h1>
      <p className="form-info">{t('preview.nothingWritten')}</p>
      <p className="muted">
        {t(`uploads.kind.${preview.kind}`)} · {t('preview.encoding', { encoding: preview.encoding })}
        {preview.sheetName ? <> · {t('preview.sheet', { sheet: preview.sheetName })}</> : null}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {t(`uploads.error.${error as 'not_found'}`)}
        </p>
      ) : null}

      {preview.needsMapping || preview.unrecognised.length ? (
        <section className="card" aria-labelledby="mapping-title">
          <h2 id="mapping-title">{t('preview.mappingTitle')}</h2>
          <p>{t('preview.mappingIntro')}</p>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="map" />
            {FIELDS.map((f) => (
              <div className="field" key={f}>
                <label htmlFor={`map-${f}`}>{t(`preview.mappingField.${f}`)}</label>
                <select id={`map-${f}`} name={`map.${f}`} className="select" defaultValue={preview.mapping[f] ?? ''}>
                  <option value="">{t('preview.chooseColumn')}</option>
                  {preview.header.map((h, i) => (
                    <option key={i} value={i}>
                      {h || `#${i + 1}`}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit" className="button secondary" disabled={busy}>
              {t('preview.saveMapping')}
            </button>
          </Form>
          <h3>{t('preview.sample')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {preview.header.map((h, i) => (
                    <th key={i} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((r) => (
                  <tr key={r.rowNo}>
                    {r.cells.map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {preview.needsMapping ? null : (
        <>
          <dl className="facts card">
            <dt>{t('preview.rowsRead')}</dt>
            <dd>{preview.rowsRead}</dd>
            <dt>{t('preview.rowsGood')}</dt>
            <dd>{preview.rowsGood}</dd>
            <dt>{t('preview.rowsBad')}</dt>
            <dd className={preview.rowsBad ? 'bad-text' : undefined}>{preview.rowsBad}</dd>
            {preview.rowsSkipped ? (
              <>
                <dt>{t('preview.rowsSkipped')}</dt>
                <dd>{preview.rowsSkipped}</dd>
              </>
            ) : null}
            <dt>{t('preview.storedAs')}</dt>
            <dd>{t('preview.storedAsValue', { count: preview.stored })}</dd>
            <dt>{t('preview.dateRange')}</dt>
            <dd>{preview.dayFrom ? (preview.dayFrom === preview.dayTo ? preview.dayFrom : `${preview.dayFrom} – ${preview.dayTo}`) : '—'}</dd>
            <dt>{t('preview.specs')}</dt>
            <dd>{preview.specCount}</dd>
            <dt>{t('preview.totalPacks')}</dt>
            <dd>{preview.totalPacks}</dd>
          </dl>
          <MergeMessage merges={preview.merges} />

          {preview.conversions.length ? (
            <section className="card" aria-labelledby="conversions-title">
              <h2 id="conversions-title">{t('preview.conversionsTitle')}</h2>
              <p className="muted">{t('preview.conversionsIntro')}</p>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('preview.problemRow', { row: '' }).trim()}</th>
                      <th scope="col">{t('preview.conversionWritten')}</th>
                      <th scope="col" className="num">{t('preview.conversionPacks')}</th>
                      <th scope="col">{t('preview.conversionBy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.conversions.map((c) => (
                      <tr key={c.rowNo}>
                        <td>{t('preview.problemRow', { row: c.rowNo })}</td>
                        <td>{c.written}</td>
                        <td className="num">{c.qtyPacks}</td>
                        <td>{t(c.byUnit ? 'preview.conversionByUnit' : 'preview.conversionByCartonCode')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.conversionCount > preview.conversions.length ? <p className="muted">{t('preview.moreConversions', { count: preview.conversionCount - preview.conversions.length })}</p> : null}
            </section>
          ) : null}

          {preview.problems.length ? (
            <section className="card" aria-labelledby="problems-title">
              <h2 id="problems-title">{t('preview.problemsTitle')}</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('preview.problemRow', { row: '' }).trim()}</th>
                      <th scope="col">{t('preview.column')}</th>
                      <th scope="col">{t('preview.value')}</th>
                      <th scope="col">{t('preview.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.problems.map((p, i) => (
                      <tr key={i}>
                        <td>{t('preview.problemRow', { row: p.rowNo })}</td>
                        <td>{p.column}</td>
                        <td>{p.value}</td>
                        <td>{t(`preview.problem.${p.code}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.problemCount > preview.problems.length ? <p className="muted">{t('preview.moreProblems', { count: preview.problemCount - preview.problems.length })}</p> : null}
            </section>
          ) : null}

          {preview.unknown.length ? (
            <section className="card" aria-labelledby="unknown-title">
              <h2 id="unknown-title">{t('preview.unknownTitle')}</h2>
              <ul className="todo">
                {preview.unknown.map((u) => (
                  <li key={u.barcode}>
                    <code>{u.barcode}</code> {u.name ?? ''} · {t('preview.unknownRows', { rows: u.rowNos.slice(0, 10).join(', ') })}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <Form method="post" className="card form">
            {preview.sameFileImportedAt ? <p className="form-info">{t('preview.sameFile', { time: formatDateTime(preview.sameFileImportedAt) })}</p> : null}
            {preview.replacesDays.length ? (
              <>
                <p className="form-error">{t('preview.replaces', { days: preview.replacesDays.join(', ') })}</p>
                <label className="check">
                  <input type="checkbox" name="confirmReplace" /> {t('preview.confirmReplace')}
                </label>
              </>
            ) : null}
            <div className="filter-row">
              <button type="submit" name="intent" value="import" className="button" disabled={busy || preview.rowsGood === 0}>
                {t('preview.import', { count: preview.rowsGood })}
              </button>
              <button type="submit" name="intent" value="discard" className="button secondary" disabled={busy}>
                {t('preview.discard')}
              </button>
            </div>
          </Form>
        </>
      )}
    </>
  );
}
