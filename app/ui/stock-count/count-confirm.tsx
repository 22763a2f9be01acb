/**
 * The stock count's "确认？" (app/domain/quality/count-check.ts): the figures wildly off from what the records expect,
 * each with what was expected and what the slip probably was, and two buttons — save as entered (the form's
 * `confirm` flag, which the server requires for them) or go back and fix. Works without JavaScript too: the
 * server's refusal renders it with the same confirm button.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { wildLines, type WildLine } from '~/domain/quality/count-check';

export interface CountSpec {
  id: number;
  name: string;
  packsPerCarton: number;
  /** The stock the records expect now; null when there is no earlier count to go by. */
  expectedPacks: number | null;
}

/** The figures typed in the count form (qty.<specId>) that are wildly off — what the page asks about before sending. */
export function wildFigures(form: HTMLFormElement, specs: ReadonlyMap<number, CountSpec>): WildLine[] {
  const lines = [...new FormData(form).entries()].flatMap(([k, v]) => {
    const text = typeof v === 'string' ? v.trim() : '';
    const qtyPacks = Number(text);
    return k.startsWith('qty.') && text !== '' && Number.isInteger(qtyPacks) && qtyPacks >= 0 ? [{ specId: Number(k.slice(4)), qtyPacks }] : [];
  });
  const expected = new Map<number, { expectedPacks: number }>();
  for (const l of lines) {
    const e = specs.get(l.specId)?.expectedPacks;
    if (e !== null && e !== undefined) expected.set(l.specId, { expectedPacks: e });
  }
  return wildLines(lines, expected, (specId) => specs.get(specId)?.packsPerCarton ?? 10);
}

export function CountConfirm({ wild, specs, busy, onFix }: { wild: readonly WildLine[]; specs: ReadonlyMap<number, CountSpec>; busy: boolean; onFix: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="count-confirm" role="alertdialog" aria-labelledby="count-confirm-title" aria-describedby="count-confirm-list">
      <h2 id="count-confirm-title" ref={heading} tabIndex={-1}>
        {t('records.count.confirmTitle')}
      </h2>
      <ul id="count-confirm-list">
        {wild.map((w) => {
          const spec = specs.get(w.specId);
          return (
            <li key={w.specId} data-spec={w.specId}>
              {t('records.count.wild', { name: spec?.name ?? `#${w.specId}`, count: w.countedPacks, expected: w.expectedPacks })}{' '}
              <span className="muted">{t(`records.count.hint.${w.hint}`, { packsPerCarton: spec?.packsPerCarton ?? 10 })}</span>
            </li>
          );
        })}
      </ul>
      <div className="count-confirm-actions">
        <button type="submit" name="confirm" value="1" className="button" disabled={busy}>
          {t('records.count.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={onFix}>
          {t('records.count.fix')}
        </button>
      </div>
    </section>
  );
}
