/**
 * Sign-ins of retailers and account managers: create them (one-time passwords shown once, printable and
 * exportable), reset a password, disable or enable. Staff only; the work is in accounts.server.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { accountActionForm, accountsSearch } from '~/domain/forms/master-data';
import { ACCOUNT_STATES } from '~/domain/master-data/accounts';
import { accountDisplayName, createAccounts, listAccounts, MAX_ACCOUNTS_PER_BATCH, resetPassword, setAccountDisabled, type Handover } from '~/server/accounts.server';
import { requireRole } from '~/server/auth.server';
import { done, getSearch, invalid, refused } from '~/server/http.server';
import { replyError } from '~/ui/form-reply';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { kind, state, q } = getSearch(request, accountsSearch);
  const list = await listAccounts(context.db, user, { kind, state, q });
  if (!list) throw new Response('Forbidden', { status: 403 });
  return { kind, state, q, ...list, maxBatch: MAX_ACCOUNTS_PER_BATCH };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: accountActionForm });
  if (submission.status !== 'success') return invalid(submission);
  const a = submission.value;
  if (a.intent === 'create') {
    const r = await createAccounts(context.db, user, a.kind, a.all ? 'all' : { ids: a.ids });
    if (!r) return refused(submission, 'invalid', { status: 403 });
    return done(submission, { handover: r.created, skipped: r.skipped, remaining: r.remaining });
  }
  if (a.intent === 'reset') {
    const h = await resetPassword(context.db, user, a.userId);
    if (!h) return refused(submission, 'invalid', { status: 404 });
    return done(submission, { handover: [h], skipped: [], remaining: 0 });
  }
  const disabled = a.intent === 'disable';
  const ok = await setAccountDisabled(context.db, user, a.userId, disabled);
  if (!ok) return refused(submission, 'invalid', { status: 404 });
  return done(submission, { toggled: { name: await accountDisplayName(context.db, a.userId), disabled } });
}

export default function StaffAccounts() {
  const { kind, state, q, rows, total, counts, maxBatch } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const toggled = reply && 'toggled' in reply ? reply.toggled : undefined;
  const handover = reply && 'handover' in reply && reply.handover ? reply : undefined;
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const tab = (k: 'retailers' | 'managers') => {
    const next = new URLSearchParams(params);
    next.set('kind', k);
    next.delete('state');
    return `?${next.toString()}`;
  };
  return (
    <>
      <h1 className="no-print">{t('masterData.accounts.title')}</h1>
      <p className="muted no-print">{t('masterData.accounts.intro')}</p>
      <p className="no-print">
        <Link to="/staff/master-data">{t('masterData.accounts.back')}</Link>
      </p>

      {replyError(reply) ? (
        <p className="form-error" role="alert">
          {t('masterData.accounts.invalid')}
        </p>
      ) : null}
      {toggled ? (
        <p className="form-ok" role="status">
          {toggled.disabled ? t('masterData.accounts.disabledDone', { name: toggled.name }) : t('masterData.accounts.enabledDone', { name: toggled.name })}
        </p>
      ) : null}
      {handover?.handover ? <HandoverList handover={handover.handover} skipped={handover.skipped ?? []} remaining={handover.remaining ?? 0} /> : null}

      <nav className="tabs no-print" aria-label={t('masterData.accounts.title')}>
        {(['retailers', 'managers'] as const).map((k) => (
          <Link key={k} to={tab(k)} className="tab" aria-current={k === kind ? 'page' : undefined}>
            {t(`masterData.kind.${k}`)}
          </Link>
        ))}
      </nav>

      <Form method="get" className="filters no-print">
        <input type="hidden" name="kind" value={kind} />
        <div className="field">
          <label htmlFor="acc-state">{t('masterData.accounts.stateLabel')}</label>
          <select id="acc-state" name="state" className="select" defaultValue={state}>
            <option value="all">{t('masterData.accounts.all')}</option>
            {ACCOUNT_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`masterData.accounts.state.${s}`)} ({counts[s]})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="acc-q">{t('masterData.accounts.search')}</label>
          <input id="acc-q" name="q" type="search" defaultValue={q} placeholder={t('masterData.accounts.searchPlaceholder')} />
        </div>
        <button type="submit" className="button secondary">
          {t('masterData.accounts.filter')}
        </button>
      </Form>

      <Form method="post" id="create-form" className="filter-row no-print">
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="kind" value={kind} />
        <button type="submit" className="button" disabled={busy}>
          {t('masterData.accounts.createSelected')}
        </button>
        {counts.none ? (
          <button type="submit" name="all" value="on" className="button secondary" disabled={busy}>
            {t('masterData.accounts.createAll', { max: maxBatch })}
          </button>
        ) : null}
      </Form>

      <p className="muted no-print">{t('masterData.accounts.showing', { shown: rows.length, total })}</p>
      {rows.length === 0 ? (
        <p className="no-print">{t('masterData.accounts.noRows')}</p>
      ) : (
        <div className="table-wrap no-print">
          <table>
            <thead>
              <tr>
                <th scope="col" aria-label={t('masterData.accounts.createSelected')} />
                <th scope="col">{t('masterData.accounts.key')}</th>
                <th scope="col">{t('masterData.accounts.name')}</th>
                <th scope="col">{t('masterData.accounts.station')}</th>
                {kind === 'retailers' ? <th scope="col">{t('masterData.accounts.manager')}</th> : null}
                <th scope="col">{t('masterData.accounts.stateLabel')}</th>
                <th scope="col">{t('masterData.accounts.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-key={r.key}>
                  <td>{r.state === 'none' && r.active ? <input type="checkbox" name="ids" value={r.id} form="create-form" aria-label={t('masterData.accounts.select', { name: r.name })} /> : null}</td>
                  <td>
                    <code>{r.key}</code>
                  </td>
                  <td>
                    {r.name}
                    {r.active ? null : <span className="muted"> · {t('masterData.accounts.inactive')}</span>}
                  </td>
                  <td>{r.station}</td>
                  {kind === 'retailers' ? <td>{r.managerCode}</td> : null}
                  <td>{t(`masterData.accounts.state.${r.state}`)}</td>
                  <td>
                    {r.userId !== null && r.state !== 'none' ? (
                      <Form method="post" className="filter-row">
                        <input type="hidden" name="userId" value={r.userId} />
                        <button type="submit" name="intent" value="reset" className="link-button" disabled={busy}>
                          {t('masterData.accounts.reset')}
                        </button>
                        <button type="submit" name="intent" value={r.state === 'disabled' ? 'enable' : 'disable'} className="link-button" disabled={busy}>
                          {r.state === 'disabled' ? t('masterData.accounts.enable') : t('masterData.accounts.disable')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The one-time passwords, shown this once: printable (the rest of the page is hidden in print) and exportable. */
function HandoverList({ handover, skipped, remaining }: { handover: Handover[]; skipped: Array<{ key: string; reason: 'username_taken' | 'already_has_account' }>; remaining: number }) {
  const { t, i18n } = useTranslation();
  const rowsJson = JSON.stringify(handover.map((h) => [h.kind, h.username, h.name, h.password]));
  return (
    <section className="card" aria-labelledby="handover-title" data-testid="handover">
      <h2 id="handover-title">{t('masterData.accounts.handoverTitle')}</h2>
      {handover.length ? <p className="form-info">{t('masterData.accounts.handoverIntro')}</p> : <p>{t('masterData.accounts.nothingCreated')}</p>}
      {skipped.length ? (
        <p className="form-error">
          {t('masterData.accounts.skipped', {
            count: skipped.length,
            list: skipped.map((s) => `${s.key}（${t(`masterData.accounts.skipReason.${s.reason}`)}）`).join('、'),
          })}
        </p>
      ) : null}
      {remaining ? <p className="form-info">{t('masterData.accounts.remaining', { count: remaining })}</p> : null}
      {handover.length ? (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('masterData.accounts.handoverKind')}</th>
                  <th scope="col">{t('masterData.accounts.key')}</th>
                  <th scope="col">{t('masterData.accounts.name')}</th>
                  <th scope="col">{t('masterData.accounts.handoverPassword')}</th>
                </tr>
              </thead>
              <tbody>
                {handover.map((h) => (
                  <tr key={h.userId}>
                    <td>{t(`masterData.kind.${h.kind}`)}</td>
                    <td>
                      <code>{h.username}</code>
                    </td>
                    <td>{h.name}</td>
                    <td>
                      <code data-testid="one-time-password">{h.password}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="filter-row no-print">
            <button type="button" className="button secondary" onClick={() => window.print()}>
              {t('masterData.accounts.print')}
            </button>
            {(['csv', 'xlsx'] as const).map((format) => (
              <Form key={format} method="post" action="/staff/accounts/handover" reloadDocument>
                <input type="hidden" name="rows" value={rowsJson} />
                <input type="hidden" name="format" value={format} />
                <input type="hidden" name="lang" value={i18n.language} />
                <button type="submit" className="button secondary">
                  {format === 'csv' ? t('masterData.accounts.exportCsv') : t('masterData.accounts.exportXlsx')}
                </button>
              </Form>
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
