/** "How did the suggestions do for me": the shop's recent cycles, suggested vs ordered vs sold and days without stock. */
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRetailer } from '~/server/auth.server';
import { invariantResponse } from '~/server/http.server';
import { suggestionRecord } from '~/server/suggestion-record.server';
import shopStyles from '~/ui/shop/shop.css?url';
import { SuggestionRecord } from '~/ui/shop/suggestion-record';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: shopStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const record = await suggestionRecord(context.db, user, retailerId);
  invariantResponse(record, 'Not Found');
  return record;
}

export default function RetailerSuggestionRecord() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/retailer">← {t('shop.record.back')}</Link>
      </p>
      <h1>{t('shop.record.title')}</h1>
      <p className="muted">{t('shop.record.intro')}</p>
      <SuggestionRecord data={data} />
    </>
  );
}
