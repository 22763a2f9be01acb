/**
 * A barcode box: type or use a scanner gun (it types and presses Enter), or the phone camera where the
 * browser offers BarcodeDetector. Calls `onCode` with each code read.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type BarcodeDetectorLike = { detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>> };
type DetectorConstructor = new (o: { formats: string[] }) => BarcodeDetectorLike;

const SCAN_ATTEMPTS = 100;
const SCAN_INTERVAL_MS = 150;

export function BarcodeInput({ id, onCode }: { id: string; onCode: (code: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [canScan, setCanScan] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => setCanScan('BarcodeDetector' in window), []);

  function submit(code: string) {
    const c = code.trim();
    if (c) onCode(c);
    setValue('');
  }

  async function scan() {
    const Detector = (window as unknown as { BarcodeDetector: DetectorConstructor }).BarcodeDetector;
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    const el = video.current!;
    el.srcObject = stream;
    await el.play();
    const detector = new Detector({ formats: ['ean_13', 'ean_8', 'code_128'] });
    try {
      for (let i = 0; i < SCAN_ATTEMPTS; i++) {
        const [found] = await detector.detect(el);
        if (found) {
          onCode(found.rawValue);
          break;
        }
        await new Promise((r) => setTimeout(r, SCAN_INTERVAL_MS));
      }
    } finally {
      for (const track of stream.getTracks()) track.stop();
      el.srcObject = null;
    }
  }

  return (
    <div className="filter-row">
      <label className="visually-hidden" htmlFor={id}>
        {t('stockCount.barcode')}
      </label>
      <input
        id={id}
        className="filter"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('stockCount.barcodePlaceholder')}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            submit(value);
          }
        }}
      />
      <button type="button" className="button secondary" onClick={() => submit(value)}>
        {t('stockCount.find')}
      </button>
      {canScan ? (
        <button type="button" className="button secondary" onClick={() => void scan()}>
          {t('stockCount.scan')}
        </button>
      ) : null}
      <video ref={video} className="scanner" muted playsInline hidden={!canScan} />
    </div>
  );
}
