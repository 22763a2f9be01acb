/** A live countdown to the cut-off. Rendered on the server from the same `now`, so hydration matches. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function Countdown({ until, serverNow }: { until: string; serverNow: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
  const days = Math.floor(left / 86400);
  const hours = Math.floor((left % 86400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  return (
    <span className="countdown" role="timer" aria-live="off">
      {days > 0 ? t('window.countdown', { days, hours, minutes, seconds }) : t('window.countdownShort', { hours, minutes, seconds })}
    </span>
  );
}
