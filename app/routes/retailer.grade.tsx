/** "My grade" (我的档位): the shop's grade, its history, this cycle's caps for it, its own figures, and how grades are set. */
import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRetailer } from '~/server/auth.server';
import { invariantResponse } from '~/server/http.server';
import { shopGrade } from '~/server/shop-grade.server';
import { formatDateTime, formatMoney, formatPercent, formatQuantity, priceClassLabel } from '~/ui/format';
import shopStyles from '~/ui/shop/shop.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: shopStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, retailerId } = await requireRetailer(context.db, request);
  const grade = await shopGrade(context.db, user, retailerId);
  invariantResponse(grade, 'Not Found');
  return grade;
}

export default function RetailerGrade() {
  const { retailer, history, cycle, caps, figures, rules, grading } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/retailer">← {t('shop.record.back')}</Link>
      </p>
      <h1>{t('shop.grade.title')}</h1>

      <section className="card" aria-labelledby="grade-now">
        <h2 id="grade-now">{t('shop.grade.now')}</h2>
        <p className="grade-big">{t('shop.grade.value', { grade: retailer.grade })}</p>
        <p className="muted">{t('shop.grade.scale')}</p>
        <dl className="facts">
          <dt>{t('shop.grade.businessType')}</dt>
          <dd>{t(`businessType.${retailer.businessType}`)}</dd>
          <dt>{t('shop.grade.marketType')}</dt>
          <dd>{t(`marketType.${retailer.marketType}`)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="grade-caps">
        <h2 id="grade-caps">{cycle ? t('shop.grade.capsTitle', { code: cycle.code }) : t('shop.grade.noCycle')}</h2>
        {cycle ? (
          <>
            <p className="muted">{t('shop.grade.capsIntro')}</p>
            {caps.length ? (
              <div className="table-wrap">
                <table className="grade-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('shop.grade.spec')}</th>
                      <th scope="col" className="num">
                        {t('shop.grade.cap')}
                      </th>
                      <th scope="col" className="num">
                        {t('shop.grade.nextGrade')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {caps.map((c) => (
                      <tr key={c.specId}>
                        <th scope="row">
                          {c.name} {c.isScarce ? <span className="badge warn">{t('shop.grade.scarce')}</span> : null}
                        </th>
                        <td className="num">{formatQuantity('cartons', c.capCartons, t)}</td>
                        <td className="num">{c.nextGradeCapCartons === null ? '—' : formatQuantity('cartons', c.nextGradeCapCartons, t)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t('shop.grade.noCaps')}</p>
            )}
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="grade-rules">
        <h2 id="grade-rules">{t('shop.grade.rulesTitle')}</h2>
        {rules ? (
          <>
            <p className="staff-text">{rules.body}</p>
            <p className="muted">{t('shop.grade.rulesUpdated', { time: formatDateTime(rules.updatedAt) })}</p>
          </>
        ) : (
          <p className="muted">{t('shop.grade.rulesNone')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="grade-figures">
        <h2 id="grade-figures">{t('shop.grade.figuresTitle', { period: formatQuantity('weeks', figures.weeks, t) })}</h2>
        <p className="muted">{t('shop.grade.figuresIntro')}</p>
        <dl className="facts">
          <dt>{t('shop.grade.orders')}</dt>
          <dd>{figures.orders}</dd>
          <dt>{t('shop.grade.orderedCartons')}</dt>
          <dd>{formatQuantity('cartons', figures.orderedCartons, t)}</dd>
          <dt>{t('shop.grade.orderedAmount')}</dt>
          <dd>{formatMoney(figures.orderedAmountFen, t)}</dd>
          <dt>{t('shop.grade.soldAmount')}</dt>
          <dd>{formatMoney(figures.soldAmountFen, t)}</dd>
          <dt>{t('shop.grade.uploadDays')}</dt>
          <dd>{t('shop.grade.uploadDaysValue', { days: figures.salesUploadDays, total: figures.weeks * 7 })}</dd>
        </dl>
        <h3>{t('shop.grade.structure')}</h3>
        {figures.structure.length ? (
          <ul className="todo">
            {figures.structure.map((s) => (
              <li key={s.priceClass} className="row-between">
                <span>{priceClassLabel(s.priceClass, t)}</span>
                <span>
                  {formatPercent(s.share)} · {formatMoney(s.amountFen, t)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('shop.grade.noSales')}</p>
        )}
      </section>

      {grading ? (
        <section className="card" aria-labelledby="grade-why">
          <h2 id="grade-why">{t('shop.grade.whyTitle')}</h2>
          <p>{t('shop.grade.whyChange', { day: grading.effectiveOn, from: grading.gradeFrom, to: grading.gradeTo })}</p>
          <p>
            {t('shop.grade.whyFigures', {
              from: grading.windowFrom,
              to: grading.windowTo,
              rank: grading.why.rank,
              shops: grading.why.shops,
              ordered: formatMoney(grading.why.orderedFen, t),
              premium: formatPercent(grading.why.premiumShare),
              scanned: grading.why.scannedPacks === null ? t('shop.grade.whyUnknown') : formatQuantity('packs', grading.why.scannedPacks, t),
            })}
          </p>
          {grading.why.stepLimited ? <p className="muted">{t('shop.grade.whyStep')}</p> : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="grade-history">
        <h2 id="grade-history">{t('shop.grade.historyTitle')}</h2>
        {history.length ? (
          <ul className="todo">
            {history.map((h, i) => (
              <li key={i}>
                {h.gradeFrom === null
                  ? t('shop.grade.first', { day: String(h.effectiveOn), to: h.gradeTo })
                  : t('shop.grade.changed', { day: String(h.effectiveOn), from: h.gradeFrom, to: h.gradeTo })}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('shop.grade.noHistory')}</p>
        )}
      </section>
    </>
  );
}
