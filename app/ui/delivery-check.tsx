/**
 * Checking a delivery (配货结果核查 of what arrived): each line starts at its allocated cartons; the shop can
 * type what arrived or switch to counting by scanning, where every carton code read counts one carton.
 */
import { Form, useNavigation } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { specOfBarcode } from '~/domain/uploads/barcodes';
import { useTranslation } from 'react-i18next';
import { BarcodeInput } from './barcode-input';

export interface DeliveryLine {
  specId: number;
  name: string;
  cartonBarcode: string;
  allocatedCartons: number;
}

export function DeliveryCheck({ lines }: { lines: DeliveryLine[] }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const [counts, setCounts] = useState<Record<number, number>>(() => Object.fromEntries(lines.map((l) => [l.specId, l.allocatedCartons])));
  const [scanning, setScanning] = useState(false);
  const [unknown, setUnknown] = useState<string | null>(null);

  // Carton codes only (a delivery is counted in cartons), read as every channel reads a code: a 14-digit code with
  // a leading 0 is the carton's 13 digits.
  const specOf = useMemo(() => specOfBarcode(lines.map((l) => ({ id: l.specId, cartonBarcode: l.cartonBarcode, packBarcode: '', packsPerCarton: 1 }))), [lines]);

  function onCode(code: string) {
    const specId = specOf(code);
    const line = lines.find((l) => l.specId === specId);
    if (!line) return setUnknown(code);
    setUnknown(null);
    setCounts((c) => ({ ...c, [line.specId]: (c[line.specId] ?? 0) + 1 }));
  }

  return (
    <Form method="post" className="card form no-print">
      <input type="hidden" name="intent" value="delivery-confirm" />
      <h2>{t('delivery.title')}</h2>
      <p className="muted">{t('delivery.intro')}</p>
      {scanning ? (
        <>
          <p className="form-info">{t('delivery.scanIntro')}</p>
          <BarcodeInput id="delivery-barcode" onCode={onCode} />
          {unknown ? <p className="field-error">{t('delivery.unknownCode', { code: unknown })}</p> : null}
        </>
      ) : (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setScanning(true);
            setCounts(Object.fromEntries(lines.map((l) => [l.specId, 0])));
          }}
        >
          {t('delivery.scanMode')}
        </button>
      )}
      {lines.map((l) => (
        <div className="row-between" key={l.specId}>
          <label htmlFor={`received-${l.specId}`}>
            {t('delivery.received', { name: l.name })}
            <span className="muted"> · {t('delivery.allocated', { count: l.allocatedCartons })}</span>
          </label>
          <input
            id={`received-${l.specId}`}
            name={`received.${l.specId}`}
            className="qty"
            type="number"
            inputMode="numeric"
            min={0}
            value={counts[l.specId] ?? 0}
            onChange={(e) => setCounts((c) => ({ ...c, [l.specId]: e.target.value === '' ? 0 : Number(e.target.value) }))}
          />
        </div>
      ))}
      <button type="submit" className="button" disabled={busy}>
        {t('delivery.confirm')}
      </button>
    </Form>
  );
}
