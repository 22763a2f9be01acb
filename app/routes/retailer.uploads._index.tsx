import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { apiTokenForm, TOKEN_NAME_MAX } from '~/domain/forms/pos-api';
import { createApiToken, listApiTokens, revokeApiToken } from '~/server/api-tokens.server';
import { requireRetailer } from '~/server/auth.server';
import { done, getSearch, invalid, invariantResponse, refused } from '~/server/http.server';
import { pageSearch } from '~/domain/forms/page-search';
import { listUploads } from '~/server/uploads/history.server';
import { formatDateTime } from '~/ui/format';
import { replyErrors } from '~/ui/form-reply';
import { UploadHistory } from '~/ui/uploads/upload-history';
import { UploadErrorFromUrl } from '~/ui/uploads/upload-error-from-url';
import { UploadForm } from '~/ui/uploads/upload-form';
import { ImportResult } from '~/ui/uploads/import-result';
import { openIssueCount } from '~/server/quality.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const [history, tokens, openIssues] = await Promise.all([
    // Every upload channel (file, POS API, typed, seeded, delivery), a page at a time.
    listUploads(context.db, user, retailerId, getSearch(request, pageSearch).page),
    listApiTokens(context.db, user, retailerId),
    openIssueCount(context.db, retailerId),
  ]);
  invariantResponse(history, 'Not Found');
  return { history, tokens, openIssues };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: apiTokenForm });
  if (submission.status !== 'success') {
    // A token id that does not parse names no token: not found, like another shop's.
    return submission.payload.intent === 'revoke-token' ? refused(submission, 'not_found') : invalid(submission);
  }
  const form = submission.value;
  if (form.intent === 'create-token') {
    const created = await createApiToken(context.db, user, retailerId, form.name);
    return done(submission, { token: created?.token ?? null });
  }
  // Another shop's token (or one already revoked) is not this shop's to revoke.
  if (!(await revokeApiToken(context.db, user, retailerId, form.tokenId))) return refused(submission, 'not_found');
  return done(submission);
}

const KINDS = ['sales', 'receipts', 'stock_count'] as const;

export default function RetailerUploads() {
  const { history, tokens, openIssues } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const token = reply && 'token' in reply && typeof reply.token === 'string' ? reply.token : null;
  const nameError = replyErrors(reply).name;
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <h1>{t('uploads.title')}</h1>
      <p className="muted">{t('uploads.intro')}</p>
      <div className="filter-row">
        <Link className="button secondary" to="/retailer/stock-count">
          {t('uploads.stockCountLink')}
        </Link>
        <Link className={`button ${openIssues ? '' : 'secondary'}`} to="/retailer/issues">
          {t('uploads.issuesLink', { count: openIssues })}
        </Link>
      </div>
      <UploadErrorFromUrl />
      <ImportResult />
      <UploadForm />

      <section className="card" aria-labelledby="templates-title">
        <h2 id="templates-title">{t('uploads.templates')}</h2>
        <ul className="template-list">
          {KINDS.map((k) => (
            <li key={k} className="chips">
              <a className="chip" href={`/resources/upload-template?kind=${k}&format=csv&lang=${i18n.language}`} download>
                {t('uploads.templateCsv', { kind: t(`uploads.kind.${k}`) })}
              </a>
              <a className="chip" href={`/resources/upload-template?kind=${k}&format=xlsx&lang=${i18n.language}`} download>
                {t('uploads.templateXlsx', { kind: t(`uploads.kind.${k}`) })}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" id="upload-history" aria-labelledby="history-title">
        <h2 id="history-title">{t('uploads.history')}</h2>
        <UploadHistory history={history} />
      </section>

      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t('tokens.title')}</h2>
        <p className="muted">{t('tokens.intro')}</p>
        {token ? (
          <div className="form-ok" role="status">
            {t('tokens.createdOnce')}
            <code className="token">{token}</code>
          </div>
        ) : null}
        {nameError === 'nameRequired' ? <p className="form-error">{t('tokens.nameRequired')}</p> : null}
        <Form method="post" className="filter-row">
          <input type="hidden" name="intent" value="create-token" />
          <label className="visually-hidden" htmlFor="token-name">
            {t('tokens.name')}
          </label>
          <input id="token-name" name="name" className="filter" maxLength={TOKEN_NAME_MAX} placeholder={t('tokens.namePlaceholder')} required />
          <button type="submit" className="button secondary" disabled={busy}>
            {t('tokens.create')}
          </button>
        </Form>
        {tokens.length ? (
          <ul className="todo">
            {tokens.map((tk) => (
              <li key={tk.id} className="row-between">
                <span>
                  <strong>{tk.name}</strong> <code>{tk.tokenPrefix}…</code>
                  <span className="muted">
                    {' '}
                    · {t('tokens.lastUsed')}: {tk.lastUsedAt ? formatDateTime(tk.lastUsedAt) : t('tokens.never')}
                  </span>
                </span>
                {tk.revokedAt ? (
                  <span className="badge">{t('tokens.revoked')}</span>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-token" />
                    <input type="hidden" name="tokenId" value={tk.id} />
                    <button type="submit" className="link-button">
                      {t('tokens.revoke')}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('tokens.none')}</p>
        )}
        <a className="chip" href="/api/v1/openapi.json">{t('tokens.docs')}</a>
      </section>
    </>
  );
}
