/** "为什么是这个数": the suggestion's numbers in plain words, in a disclosure that works without JavaScript. */
import { useTranslation } from 'react-i18next';
import type { ShopSuggestion } from '~/server/suggestions.server';

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export function SuggestionWhy({ explanation: e, suggestedCartons }: { explanation: ShopSuggestion['explanation']; suggestedCartons: number }) {
  const { t } = useTranslation();
  const sentences: string[] = [];
  if (e.reason !== 'normal') sentences.push(t(`why.reason.${e.reason}`));
  if (e.reason !== 'discontinued' && e.reason !== 'dead' && e.reason !== 'no_history') {
    sentences.push(t('why.forecast', { daily: round(e.forecastDailyPacks), method: t(`why.method.${e.method}`) }));
    // Explanations stored before these numbers existed lack them.
    if (e.method === 'recent' && e.recentDailyPacks != null && e.recentLowerDailyPacks != null && e.windowMeanDailyPacks != null) {
      sentences.push(t('why.surge', { recent: round(e.recentDailyPacks), lower: round(e.recentLowerDailyPacks), average: round(e.windowMeanDailyPacks) }));
    }
    sentences.push(t('why.protection', { days: e.protectionDays, expected: round(e.expectedDemandPacks) }));
    if (e.safetyStockPacks > 0) sentences.push(t('why.safety', { level: Math.round(e.serviceLevel * 100), safety: round(e.safetyStockPacks) }));
    sentences.push(t('why.position', { onHand: e.onHandPacks, inTransit: e.inTransitPacks }));
    sentences.push(e.rawNeedPacks > 0 ? t('why.need', { need: round(e.rawNeedPacks), cartons: e.roundedCartons }) : t('why.covered'));
    if (e.cappedBy === 'cap' && e.capCartons !== null) sentences.push(t('why.cap', { cap: e.capCartons }));
    if (e.daysOfCoverAfter !== null && suggestedCartons > 0) sentences.push(t('why.cover', { days: Math.round(e.daysOfCoverAfter) }));
  }
  if (e.notes.includes('on_hand_unknown')) sentences.push(t('why.onHandUnknown'));
  if (e.notes.includes('censored_days_excluded')) sentences.push(t('why.censored'));
  if (e.notes.includes('common_in_peer_group')) sentences.push(t('why.commonInPeers'));
  return (
    <details className="why">
      <summary>{t('order.why')}</summary>
      <p className="why-title">{t('order.whyTitle')}</p>
      <ul>
        {sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </details>
  );
}
