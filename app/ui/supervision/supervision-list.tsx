/**
 * The market supervision list (市场监管, issue 18), shared by the manager's page (its route) and the staff page
 * (the county): one card per flagged shop × scarce spec with the numbers behind it, the cycles in a table below,
 * and its follow-up notes with a form to add one. The list is what the 'supervision' job last stored (decision
 * 0038); while the job runs the page reloads by itself. Common keys only: managers' pages do not load `staff`.
 */
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { BEYOND_FACTOR, MIN_CYCLES_ORDERED, SUPERVISION_CYCLES, SUPERVISION_NOTE_MAX_CHARS, type SupervisionList as List, type SupervisionRow } from '~/domain/allocation';
import { isJobActive } from '~/domain/jobs';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyErrors, type Reply } from '~/ui/form-reply';
import { useJobPolling } from '~/ui/job-status';

export function SupervisionList({ list, job, reply, canRefresh = false }: { list: List; job: { status: string } | null; reply: Reply; canRefresh?: boolean }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const computing = isJobActive(job);
  useJobPolling(computing);
  const first = list.cycles[0];
  const last = list.cycles.at(-1);
  // The card the reply answers: the note form names its shop and spec.
  const answered = reply?.result?.initialValue;
  const field = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const answeredKey = answered ? `${field(answered.retailerId)}:${field(answered.specId)}` : null;
  return (
    <>
      <h1>{t('supervision.title')}</h1>
      <p className="muted">{t('supervision.intro', { cycles: SUPERVISION_CYCLES, minCycles: MIN_CYCLES_ORDERED, factor: BEYOND_FACTOR })}</p>
      <p role="status">
        {computing ? t('supervision.computing') : list.computedAt ? t('supervision.computedAt', { time: formatDateTime(list.computedAt) }) : t('supervision.neverComputed')}
      </p>
      {canRefresh ? (
        <Form method="post">
          <button type="submit" name="intent" value="refresh" className="button secondary" disabled={busy || computing}>
            {t('supervision.refresh')}
          </button>
        </Form>
      ) : null}
      {list.computedAt ? first && last ? <p>{t('supervision.window', { from: first.code, to: last.code })}</p> : <p className="card">{t('supervision.noCycles')}</p> : null}
      {first && list.rows.length === 0 ? <p className="card">{t('supervision.none')}</p> : null}
      {list.rows.length > 0 ? <p className="muted">{t('supervision.count', { count: list.rows.length })}</p> : null}
      {list.rows.map((row) => {
        const key = `${row.retailerId}:${row.specId}`;
        return <SupervisionCard key={key} row={row} reply={answeredKey === key ? reply : null} busy={busy} />;
      })}
    </>
  );
}

function SupervisionCard({ row, reply, busy }: { row: SupervisionRow; reply: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const id = `sup-${row.retailerId}-${row.specId}`;
  const packs = (n: number | null) => (n === null ? t('supervision.unknown') : t('supervision.soldPacks', { count: n }));
  const sold =
    row.windowSoldPacks === null
      ? t('supervision.unknown')
      : row.uploadedDays < row.windowDays
        ? t('supervision.soldScaled', { amount: t('supervision.soldPacks', { count: row.windowSoldPacks }), uploaded: row.uploadedDays, days: row.windowDays })
        : t('supervision.soldPacks', { count: row.windowSoldPacks });
  return (
    <section className="card" aria-labelledby={id} data-testid="supervision-row">
      <h2 id={id}>
        {row.retailerName} · {row.specName}
      </h2>
      <p className="muted">
        {row.licenceNo} · {t('supervision.grade', { grade: row.grade })} · {t('supervision.manager', { name: row.managerName })} · {row.specCode}
      </p>
      <dl className="figures">
        <div>
          <dt>{t('supervision.figures.asked')}</dt>
          <dd>{t('supervision.askedCycles', { amount: t('format.cartons', { count: row.askedCartons }), count: row.cyclesOrdered })}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.sold')}</dt>
          <dd>{sold}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.ratio')}</dt>
          <dd>{row.askedToSold === null ? '—' : t('supervision.times', { ratio: row.askedToSold })}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.allocated')}</dt>
          <dd>{t('format.cartons', { count: row.allocatedCartons })}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.received')}</dt>
          <dd>{packs(row.receivedPacks)}</dd>
        </div>
        <div>
          <dt>{t('supervision.figures.stock')}</dt>
          <dd>
            {packs(row.openingStockPacks)} → {packs(row.closingStockPacks)}
          </dd>
        </div>
        <div>
          <dt title={t('supervision.unaccountedHint')}>{t('supervision.figures.unaccounted')}</dt>
          <dd>{packs(row.unaccountedPacks)}</dd>
        </div>
      </dl>
      <details>
        <summary>{t('supervision.byCycle')}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('supervision.cycle')}</th>
                <th scope="col" className="num">{t('supervision.figures.asked')}</th>
                <th scope="col" className="num">{t('supervision.figures.allocated')}</th>
                <th scope="col" className="num">{t('supervision.figures.sold')}</th>
                <th scope="col" className="num">{t('supervision.uploadedDays')}</th>
              </tr>
            </thead>
            <tbody>
              {row.cycles.map((c) => (
                <tr key={c.cycleCode}>
                  <th scope="row">{c.cycleCode}</th>
                  <td className="num">{c.askedCartons}</td>
                  <td className="num">{c.allocatedCartons}</td>
                  <td className="num">{c.soldPacks}</td>
                  <td className="num">
                    {c.uploadedDays}/{c.days}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <Notes row={row} reply={reply} busy={busy} />
    </section>
  );
}

/** The follow-up trail of one shop × spec, oldest first, and the form to add a note (the textarea empties once saved). */
function Notes({ row, reply, busy }: { row: SupervisionRow; reply: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const id = `sup-note-${row.retailerId}-${row.specId}`;
  const errors = replyErrors(reply);
  const error = errors.body ?? errors.form ?? (Object.keys(errors).length ? 'invalid' : null);
  const message = error ? t(`supervision.noteError.${(['required', 'tooLong', 'not_found'].includes(error) ? error : 'invalid') as 'invalid'}`, { max: SUPERVISION_NOTE_MAX_CHARS }) : null;
  return (
    <div className="supervision-notes">
      <h3>{t('supervision.notes')}</h3>
      {row.notes.length === 0 ? <p className="muted">{t('supervision.noNotes')}</p> : null}
      {row.notes.length > 0 ? (
        <ol className="supervision-note-list">
          {row.notes.map((n) => (
            <li key={n.id}>
              <p className="muted">{t('supervision.noteBy', { author: n.author, time: formatDateTime(n.createdAt) })}</p>
              <p className="supervision-note-body">{n.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      {replyDone(reply) ? (
        <p className="form-ok" role="status">
          {t('supervision.noteSaved')}
        </p>
      ) : null}
      <Form method="post" className="form">
        <input type="hidden" name="retailerId" value={row.retailerId} />
        <input type="hidden" name="specId" value={row.specId} />
        <div className="field">
          <label htmlFor={id}>{t('supervision.noteLabel')}</label>
          <textarea key={row.notes.length} id={id} name="body" maxLength={SUPERVISION_NOTE_MAX_CHARS} aria-describedby={`${id}-hint`} aria-invalid={message ? true : undefined} />
          <span className="hint" id={`${id}-hint`}>
            {t('supervision.noteHint', { max: SUPERVISION_NOTE_MAX_CHARS })}
          </span>
          {message ? (
            <p className="form-error" role="alert">
              {message}
            </p>
          ) : null}
        </div>
        <button type="submit" name="intent" value="note" className="button" disabled={busy}>
          {t('supervision.noteSave')}
        </button>
      </Form>
    </div>
  );
}
