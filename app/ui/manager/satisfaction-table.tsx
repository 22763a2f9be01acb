/** Averages per topic for a list of groups (stations, managers), with answers and response rate. */
import { useTranslation } from 'react-i18next';
import { SATISFACTION_TOPICS, type SatisfactionSummary } from '~/domain/satisfaction';
import { formatPercent } from '../format';

export function formatScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(1);
}

export function SatisfactionTable({
  caption,
  nameHeader,
  rows,
}: {
  caption: string;
  nameHeader: string;
  rows: Array<{ key: string | number; name: string; summary: SatisfactionSummary; asked: number; responseRate: number | null }>;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            {SATISFACTION_TOPICS.map((topic) => (
              <th key={topic} scope="col" className="num">
                {t(`managerWork.survey.topic.${topic}`)}
              </th>
            ))}
            <th scope="col" className="num">
              {t('managerWork.satisfaction.overall')}
            </th>
            <th scope="col" className="num">
              {t('managerWork.satisfaction.answers')}
            </th>
            <th scope="col" className="num">
              {t('managerWork.satisfaction.responseRate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              {SATISFACTION_TOPICS.map((topic) => (
                <td key={topic} className="num">
                  {formatScore(r.summary.byTopic[topic])}
                </td>
              ))}
              <td className="num">
                <strong>{formatScore(r.summary.overall)}</strong>
              </td>
              <td className="num">
                {r.summary.answers} / {r.asked}
              </td>
              <td className="num">{formatPercent(r.responseRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
