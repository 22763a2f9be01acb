/** A manager works on one of its shops' data with the shop: upload for it, see its uploads, fix its issues. */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/server/auth.server';
import { qualityFixForm } from '~/domain/forms/quality';
import { fixOf, fixQualityIssue, listQualityIssues, specChoices } from '~/server/quality.server';
import { listUploads } from '~/server/uploads/history.server';
import { IssuesList } from '~/ui/issues-list';
import { UploadHistory } from '~/ui/uploads/upload-history';
import { UploadErrorFromUrl } from '~/ui/uploads/upload-error-from-url';
import { UploadForm } from '~/ui/uploads/upload-form';
import { ImportResult } from '~/ui/uploads/import-result';
import { z } from 'zod';
import { done, getParams, getSearch, idParam, invalid, invariantResponse, refused } from '~/server/http.server';
import { pageSearch } from '~/domain/forms/page-search';
import { shopOnRoute } from '~/server/manager-route.server';

const Params = z.object({ retailerId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId } = getParams(params, Params);
  const retailer = await shopOnRoute(context.db, user, retailerId);
  invariantResponse(retailer, 'Not Found');
  const [history, issues, specs] = await Promise.all([
    // Every upload channel (file, POS API, typed, seeded, delivery), a page at a time.
    listUploads(context.db, user, retailer.id, getSearch(request, pageSearch).page),
    listQualityIssues(context.db, user, retailer.id),
    specChoices(context.db),
  ]);
  invariantResponse(history, 'Not Found');
  return { retailer, history, issues, specs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const submission = parseWithZod(await request.formData(), { schema: qualityFixForm });
  if (submission.status !== 'success') return invalid(submission);
  const r = await fixQualityIssue(context.db, user, submission.value.issueId, fixOf(submission.value));
  return r.ok ? done(submission) : refused(submission, r.reason);
}

export default function ManagerRetailerData() {
  const { retailer, history, issues, specs } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <ImportResult />
      <Link to="/manager">← {t('manager.homeTitle')}</Link>
      <h1>
        {retailer.name} · {retailer.licenceNo}
      </h1>
      <h2>{t('uploads.title')}</h2>
      <UploadErrorFromUrl />
      <UploadForm retailerId={retailer.id} />
      <section className="card" id="upload-history" aria-labelledby="history-title">
        <h2 id="history-title">{t('uploads.history')}</h2>
        <UploadHistory history={history} />
      </section>
      <h2>{t('issues.title')}</h2>
      <IssuesList issues={issues} specs={specs} />
    </>
  );
}
