/** A shop on the manager's route: how the suggestions did for it (the same page the shop sees). */
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireRole } from '~/server/auth.server';
import { getParams, idParam, invariantResponse } from '~/server/http.server';
import { suggestionRecord } from '~/server/suggestion-record.server';
import shopStyles from '~/ui/shop/shop.css?url';
import { SuggestionRecord } from '~/ui/shop/suggestion-record';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: shopStyles }];

const Params = z.object({ retailerId: idParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const { retailerId } = getParams(params, Params);
  const record = await suggestionRecord(context.db, user, retailerId);
  invariantResponse(record, 'Not Found');
  return record;
}

export default function ManagerSuggestionRecord() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to={`/manager/retailers/${data.retailer.id}`}>← {t('shop.record.backToShop')}</Link>
      </p>
      <h1>{t('shop.record.managerTitle', { name: data.retailer.name })}</h1>
      <p className="muted">{t('shop.record.intro')}</p>
      <SuggestionRecord data={data} />
    </>
  );
}
