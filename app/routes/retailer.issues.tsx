import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRetailer } from '~/server/auth.server';
import { handleQualityAction } from '~/server/quality-actions.server';
import { listQualityIssues } from '~/server/quality.server';
import { IssuesList } from '~/ui/issues-list';
import { specChoices } from '~/server/quality.server';

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
  return handleQualityAction(context.db, request, user);
}

export default function RetailerIssues() {
  const { issues, specs } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('issues.title')}</h1>
      <p className="muted">{t('issues.intro')}</p>
      <IssuesList issues={issues} specs={specs} />
    </>
  );
}
