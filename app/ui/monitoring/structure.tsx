/** The sales structure (结构指标) of a period: by price class, brand, spec and station, and station × 业态. */
import { useTranslation } from 'react-i18next';
import type { StructureFigures } from '~/domain/indicators/structure';
import { formatYuan } from '~/domain/money';
import { type ValueLabel } from '~/ui/charts/indicator-format';
import { formatPercent, priceClassLabel } from '~/ui/format';
import { Definition } from './definition';

export interface StructureGroupView {
  key: string;
  label: ValueLabel | null;
  figures: StructureFigures;
}

export interface StructureView {
  period: { from: string; to: string };
  total: StructureFigures;
  byPriceClass: StructureGroupView[];
  byBrand: StructureGroupView[];
  bySpec: StructureGroupView[];
  byStation: StructureGroupView[];
  stationBusinessType: Array<{ station: string; businessType: string; figures: StructureFigures }>;
  businessTypes: string[];
}

const TOP_SPECS = 20;

function StructureTable({ title, groups, total, name, testId }: { title: string; groups: StructureGroupView[]; total: StructureFigures; name: (g: StructureGroupView) => string; testId: string }) {
  const { t } = useTranslation();
  const yuan = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));
  return (
    <div className="structure-table" data-testid={testId}>
      <h3>{title}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('insights.rankings.name')}</th>
              <th scope="col" className="num">
                {t('insights.structure.cartons')}
              </th>
              <th scope="col" className="num">
                {t('insights.structure.share')}
              </th>
              <th scope="col" className="num">
                {t('insights.structure.classOneShare')}
              </th>
              <th scope="col" className="num">
                {t('insights.structure.avgPrice')}
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.key}>
                <th scope="row">{name(g)}</th>
                <td className="num">{g.figures.cartons.toLocaleString('en-US')}</td>
                <td className="num">{formatPercent(total.cartons > 0 ? g.figures.cartons / total.cartons : null)}</td>
                <td className="num">{formatPercent(g.figures.classOneShare)}</td>
                <td className="num">{yuan(g.figures.avgPriceFenPerCarton)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function StructureSection({ s, stationName }: { s: StructureView; stationName: (value: string, label: ValueLabel | null) => string }) {
  const { t, i18n } = useTranslation();
  const label = (g: StructureGroupView) => (g.label ? (i18n.language === 'en' ? g.label.en : g.label.zh) : g.key);
  const stationLabels = new Map(s.byStation.map((g) => [g.key, stationName(g.key, g.label)]));
  const cell = new Map(s.stationBusinessType.map((c) => [`${c.station}|${c.businessType}`, c.figures]));
  if (s.total.cartons === 0) return <p className="muted">{t('insights.structure.empty')}</p>;
  return (
    <>
      <p className="muted">{t('insights.structure.intro', { from: s.period.from, to: s.period.to })}</p>
      <div className="stats structure-totals">
        <div className="stat">
          <div className="stat-label">{t('insights.structure.cartons')}</div>
          <div className="stat-value">{s.total.cartons.toLocaleString('en-US')}</div>
        </div>
        <div className="stat">
          <div className="stat-label">
            {t('insights.structure.classOneShare')} <Definition id="classOneShare" name={t('insights.structure.classOneShare')} />
          </div>
          <div className="stat-value" data-testid="class-one-share">
            {formatPercent(s.total.classOneShare)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">
            {t('insights.structure.avgPrice')} <Definition id="avgPrice" name={t('insights.structure.avgPrice')} />
          </div>
          <div className="stat-value" data-testid="avg-price">
            {s.total.avgPriceFenPerCarton === null ? '—' : formatYuan(s.total.avgPriceFenPerCarton)}
          </div>
        </div>
      </div>
      <div className="structure-grid">
        <StructureTable title={t('insights.structure.byPriceClass')} groups={s.byPriceClass} total={s.total} name={(g) => priceClassLabel(Number(g.key), t)} testId="structure-price-class" />
        <StructureTable title={t('insights.structure.byStation')} groups={s.byStation} total={s.total} name={(g) => stationName(g.key, g.label)} testId="structure-station" />
        <StructureTable title={t('insights.structure.byBrand')} groups={s.byBrand} total={s.total} name={label} testId="structure-brand" />
        <StructureTable title={t('insights.structure.topSpecs', { count: Math.min(TOP_SPECS, s.bySpec.length) })} groups={s.bySpec.slice(0, TOP_SPECS)} total={s.total} name={label} testId="structure-spec" />
      </div>
      <h3>{t('insights.structure.cross')}</h3>
      <div className="table-wrap" data-testid="structure-cross">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('monitoring.dims.station')}</th>
              {s.businessTypes.map((b) => (
                <th scope="col" className="num" key={b}>
                  {t(`businessType.${b}` as 'businessType.grocery')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.byStation.map((st) => (
              <tr key={st.key}>
                <th scope="row">{stationLabels.get(st.key)}</th>
                {s.businessTypes.map((b) => {
                  const f = cell.get(`${st.key}|${b}`);
                  return (
                    <td className="num" key={b}>
                      {f ? (
                        <>
                          {f.cartons.toLocaleString('en-US')}
                          <div className="muted">{formatPercent(f.classOneShare)}</div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
