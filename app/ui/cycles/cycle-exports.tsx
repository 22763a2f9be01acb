/** The cycle page's Excel downloads (resources.cycle-export.tsx): the supply plan, the allocation result, the failed orders. */
import { useTranslation } from 'react-i18next';

export function CycleExports({ cycleId }: { cycleId: number }) {
  const { t } = useTranslation();
  const href = (what: 'plan' | 'allocation' | 'failed') => `/resources/cycle-export?${new URLSearchParams({ cycleId: String(cycleId), what }).toString()}`;
  // No `download` attribute: a cycle not yet allocated answers with a message to read, not a file.
  return (
    <p className="chips" aria-label={t('reports.page.downloads')}>
      <a className="chip" href={href('plan')}>
        {t('reports.exports.plan')}
      </a>
      <a className="chip" href={href('allocation')}>
        {t('reports.exports.allocation')}
      </a>
      <a className="chip" href={href('failed')}>
        {t('reports.exports.failed')}
      </a>
    </p>
  );
}
