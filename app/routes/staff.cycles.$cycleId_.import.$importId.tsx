import { parseWithZod } from '@conform-to/zod/v4';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { planImportForm } from '~/domain/forms/cycle';
import { requireRole } from '~/server/auth.server';
import { confirmPlanFile, discardPlanFile, previewPlanFile } from '~/server/cycle-plan.server';
import { getParams, idParam, invalid, invariantResponse, refused, tokenParam } from '~/server/http.server';
import { replyError } from '~/ui/form-reply';

const Params = z.object({ cycleId: idParam, importId: tokenParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { cycleId, importId } = getParams(params, Params);
  const preview = await previewPlanFile(context.db, user, cycleId, importId);
  invariantResponse(preview, 'Not Found');
  return { cycleId, preview };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { cycleId, importId } = getParams(params, Params);
  const submission = parseWithZod(await request.formData(), { schema: planImportForm });
  if (submission.status !== 'success') return invalid(submission);
  if (submission.value.intent === 'discard') {
    await discardPlanFile(context.db, user, cycleId, importId);
    throw redirect(`/staff/cycles/${cycleId}#plan`);
  }
  const r = await confirmPlanFile(context.db, user, cycleId, importId);
  if (!r.ok) return refused(submission, r.reason);
  throw redirect(`/staff/cycles/${cycleId}?imported=${r.rows}#plan`);
}

export default function PlanImportPreview() {
  const { cycleId, preview: p } = useLoaderData<typeof loader>();
  const error = replyError(useActionData<typeof action>());
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const blocked = p.problemCount > 0;
  return (
    <>
      <p>
        <Link to={`/staff/cycles/${cycleId}#plan`}>← {t('cycles.back')}</Link>
      </p>
      <h1>{t('cycles.previewTitle', { file: p.fileName })}</h1>
      <p className="form-info">{t('cycles.nothingWritten')}</p>
      {error ? (
        <p className="form-error" role="alert">
          {t(`cycles.error.${error as 'invalid'}`)}
        </p>
      ) : null}
      <dl className="facts card">
        <dt>{t('cycles.fileKind')}</dt>
        <dd>{t(`cycles.kind.${p.kind}`)}</dd>
        {p.sheetName ? (
          <>
            <dt>{t('cycles.sheet')}</dt>
            <dd>{p.sheetName}</dd>
          </>
        ) : null}
        <dt>{t('cycles.rowsRead')}</dt>
        <dd>{p.rowsRead}</dd>
        <dt>{t('cycles.rowsGood')}</dt>
        <dd>{p.rowsGood}</dd>
        <dt>{t('cycles.specsInFile')}</dt>
        <dd>{p.specCount}</dd>
      </dl>
      {blocked ? (
        <section className="card" aria-labelledby="problems-title">
          <h2 id="problems-title">{t('cycles.problemsTitle', { count: p.problemCount })}</h2>
          <p className="muted">{t('cycles.fixAndRetry')}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col" className="num">{t('cycles.row')}</th>
                  <th scope="col">{t('cycles.column')}</th>
                  <th scope="col">{t('cycles.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {p.problems.map((x, i) => (
                  <tr key={i}>
                    <td className="num">{x.rowNo}</td>
                    <td>{x.code === 'missing_column' ? t(`cycles.field.${x.column as 'specCode'}`) : x.column}</td>
                    <td>
                      {t(`cycles.problem.${x.code}`, { value: x.value, other: x.detail?.otherRowNo ?? '', from: x.detail?.from ?? '', to: x.detail?.to ?? '' })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        <p className="form-ok">{t('cycles.readyToImport', { count: p.rowsGood, specs: p.specCount })}</p>
      )}
      {p.rows.length ? (
        <section className="card">
          <h2>{t('cycles.rowsPreview')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col" className="num">{t('cycles.row')}</th>
                  <th scope="col">{t('cycles.spec')}</th>
                  <th scope="col" className="num">{p.kind === 'caps' ? t('cycles.bandCol') : t('cycles.supply')}</th>
                  {p.kind === 'caps' ? <th scope="col" className="num">{t('cycles.cap')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr key={r.rowNo}>
                    <td className="num">{r.rowNo}</td>
                    <td>
                      {r.name} <span className="muted">{r.code}</span>
                    </td>
                    {'gradeFrom' in r ? (
                      <>
                        <td className="num">
                          {r.gradeFrom}–{r.gradeTo}
                        </td>
                        <td className="num">{r.capCartons}</td>
                      </>
                    ) : (
                      <td className="num">{r.supplyCartons ?? t('cycles.unlimited')}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <Form method="post" className="filter-row">
        <button type="submit" name="intent" value="confirm" className="button" disabled={busy || blocked}>
          {t('cycles.importConfirm')}
        </button>
        <button type="submit" name="intent" value="discard" className="button secondary" disabled={busy}>
          {t('cycles.importDiscard')}
        </button>
      </Form>
    </>
  );
}
