/**
 * Issue 19 on the order page, kept small (the page's JavaScript has a budget): the introduction cards of new specs
 * with "try one carton", and the supply notice (货源公示) — its summary above the list and, beside each spec it
 * concerns, that spec's supply, caps by grade band and how it is shared. The notice's text is also the page
 * /retailer/supply-notice (NoticeSpecText is shared).
 */
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { CatalogueSpec } from '~/domain/ordering-context';
import { CARD_CSS_PX, type SpecPictureView } from '~/domain/showcase/pictures';
import type { NoticeSpec, SupplyNotice } from '~/domain/showcase/supply-notice';
import { formatMoney } from '../format';
import { SpecPicture } from './spec-picture';

/** How one spec of the notice is shared, in plain words: its supply, its caps by band, its method. */
export function NoticeSpecText({ spec, grade }: { spec: NoticeSpec; grade?: number }) {
  const { t } = useTranslation();
  const m = spec.method;
  const yourCap = grade === undefined ? undefined : spec.capBands.find((b) => grade >= b.gradeFrom && grade <= b.gradeTo);
  return (
    <>
      <span>{spec.supplyCartons === null ? t('showcase.supplyOpen') : t('showcase.supply', { count: spec.supplyCartons })}</span>
      {' · '}
      <span>{spec.capBands.length ? spec.capBands.map((b) => t('showcase.band', { from: b.gradeFrom, to: b.gradeTo, count: b.capCartons })).join('；') : t('showcase.noCaps')}</span>
      {yourCap && grade !== undefined ? <strong> · {t('showcase.yourCap', { grade, count: yourCap.capCartons })}</strong> : null}
      {' · '}
      <span>
        {m.kind === 'grade'
          ? t('showcase.method.grade')
          : m.kind === 'demand'
            ? t('showcase.method.demand', { count: m.floorCartons })
            : t('showcase.method.blend', { count: m.floorCartons, grade: m.gradePercent, demand: m.demandPercent })}
      </span>
    </>
  );
}

/** The notice's summary above the list: what it is and where to read all of it. */
export function NoticeSummary({ notice, href }: { notice: SupplyNotice; href?: string }) {
  const { t } = useTranslation();
  return (
    <details className="card order-notes supply-notice">
      <summary>{t('showcase.noticeTitle', { code: notice.cycleCode })}</summary>
      <p>{notice.specs.length ? t('showcase.general') : t('showcase.noticeEmpty')}</p>
      {href ? <Link to={href}>{t('showcase.noticeLink')}</Link> : null}
    </details>
  );
}

/** New specs' introduction cards: picture, description, price, and one carton into the cart in one tap. */
export function IntroCards({ specs, pictures, qtyOf, onTry }: { specs: CatalogueSpec[]; pictures: Map<number, SpecPictureView>; qtyOf: (id: number) => number; onTry: (id: number) => void }) {
  const { t } = useTranslation();
  if (!specs.length) return null;
  return (
    <section className="intro-cards" aria-label={t('showcase.introTitle')}>
      {specs.map((s) => {
        const p = pictures.get(s.id);
        const img = p?.image;
        const qty = qtyOf(s.id);
        return (
          <article key={s.id} className="card intro-card" data-spec-id={s.id}>
            {img ? (
              <SpecPicture webp={img.cardWebp} jpeg={img.cardJpeg} alt={s.name} width={CARD_CSS_PX} height={Math.round((CARD_CSS_PX * img.cardHeight) / img.cardWidth)} />
            ) : null}
            <div>
              <h2 className="intro-name">
                <span className="badge ok">{t('order.new')}</span> {s.name}
              </h2>
              {p?.description ? <p>{p.description}</p> : null}
              <p className="muted">{t('order.wholesale', { price: formatMoney(s.wholesalePriceFenPerCarton, t) })}</p>
              {qty > 0 ? (
                <p className="form-ok">{t('showcase.inCart', { count: qty })}</p>
              ) : (
                <button type="button" className="button secondary" onClick={() => onTry(s.id)}>
                  {t('showcase.tryOne')}
                </button>
              )}
            </div>
          </article>
        );
      })}
    </section>
  );
}
