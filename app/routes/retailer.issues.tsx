import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRetailer } from '~/server/auth.server';
import { qualityFixForm } from '~/domain/forms/quality';
import { done, invalid, refused } from '~/server/http.server';
import { fixOf, fixQualityIssue, listQualityIssues, specChoices } from '~/server/quality.server';
import { IssuesList } from '~/ui/issues-list';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const [issues, specs] = await Promise.all([
    listQualityIssues(context.db, user, retailerId),
    specChoices(context.db),
  ]);
  return { issues, specs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRetailer(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: qualityFixForm });
  if (submission.status !== 'success') return invalid(submission);
  const r = await fixQualityIssue(context.db, user, submission.value.issueId, fixOf(submission.value));
  return r.ok ? done(submission) : refused(submission, r.reason);
}

export default function RetailerIssues() {
  const { issues, specs } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('issues.title')}</h1>
      <p className="muted">{t('issues.intro')}</p>
      <IssuesList issues={issues} specs={specs} ask />
    </>
  );
}
