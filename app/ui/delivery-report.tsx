/**
 * What the shop said on receiving a delivery (orders.receipt_confirmed_at and each line's qtyReceivedCartons): not
 * just "收货已确认" but which specs came short or over, by how many cartons — right after the check and whenever
 * the order is opened again.
 */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from './format';

export interface ReportedLine {
  specId: number;
  name: string;
  qtyAllocatedCartons: number | null;
  /** What the shop said arrived; null when it arrived as allocated. */
  qtyReceivedCartons: number | null;
}

/** The lines the shop reported different from the allocation, short ones first. */
export function reportedDifferences(lines: readonly ReportedLine[]) {
  return lines
    .filter((l) => l.qtyReceivedCartons !== null && l.qtyReceivedCartons !== (l.qtyAllocatedCartons ?? 0))
    .map((l) => ({ specId: l.specId, name: l.name, allocated: l.qtyAllocatedCartons ?? 0, received: l.qtyReceivedCartons!, differenceCartons: l.qtyReceivedCartons! - (l.qtyAllocatedCartons ?? 0) }))
    .sort((a, b) => a.differenceCartons - b.differenceCartons || a.specId - b.specId);
}

export function DeliveryReport({ lines, confirmedAt, justConfirmed }: { lines: readonly ReportedLine[]; confirmedAt: string; justConfirmed: boolean }) {
  const { t } = useTranslation();
  const differences = reportedDifferences(lines);
  return (
    <div className={justConfirmed ? 'form-ok delivery-report' : 'card delivery-report'} role={justConfirmed ? 'status' : undefined}>
      <p>{differences.length ? t('records.delivery.reported', { count: differences.length }) : t('records.delivery.allAsAllocated')}</p>
      {differences.length ? (
        <ul>
          {differences.map((d) => (
            <li key={d.specId}>
              {t(d.differenceCartons < 0 ? 'records.delivery.short' : 'records.delivery.over', { name: d.name, count: Math.abs(d.differenceCartons), allocated: d.allocated, received: d.received })}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted">{t('delivery.confirmed', { time: formatDateTime(confirmedAt) })}</p>
    </div>
  );
}
