/**
 * 货源公示 (issue 19): what the shop may know of the cycle it is ordering in — scarce, new and capped specs, their
 * supply, caps by grade band and how each is shared — read from the cycle's own data once it has opened.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRetailer } from '~/server/auth.server';
import { invariantResponse } from '~/server/http.server';
import { shopSupplyNotice } from '~/server/showcase/supply-notice.server';
import { formatDateTime } from '~/ui/format';
import { NoticeSpecText } from '~/ui/showcase/order-showcase';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const found = await shopSupplyNotice(context.db, user, retailerId);
  invariantResponse(found, 'Not Found');
  return found;
}

export default function SupplyNoticePage() {
  const { notice, grade } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!notice) return <p className="card">{t('showcase.noticeNone')}</p>;
  return (
    <>
      <h1>{t('showcase.noticeTitle', { code: notice.cycleCode })}</h1>
      <p className="muted">
        {t('showcase.published', { at: formatDateTime(notice.publishedAt) })} · {t('showcase.noticeIntro')}
      </p>
      <p className="card">{notice.specs.length ? t('showcase.general') : t('showcase.noticeEmpty')}</p>
      <ul className="spec-list">
        {notice.specs.map((s) => (
          <li key={s.specId} className="card">
            <strong>{s.name}</strong> {s.isScarce ? <span className="badge bad">{t('order.scarce')}</span> : null} {s.isNew ? <span className="badge ok">{t('order.new')}</span> : null}
            <p className="spec-meta">
              <NoticeSpecText spec={s} grade={grade} />
            </p>
          </li>
        ))}
      </ul>
      <Link to="/retailer/order" className="button">
        {t('order.nav')}
      </Link>
    </>
  );
}
