/**
 * Turns Web Push on or off for this phone (the shop's calendar page): asks the browser for permission, subscribes
 * with the server's public VAPID key through the service worker (app/sw/sw.ts shows what arrives) and posts the
 * subscription to the page's action (`push-subscribe`), or takes it back (`push-unsubscribe`).
 */
import { useFetcher } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { replyError, type Reply } from '~/ui/form-reply';

type State = 'unknown' | 'unsupported' | 'denied' | 'off' | 'on' | 'failed';

export function PushToggle({ publicKey, endpoints }: { publicKey: string | null; endpoints: readonly string[] }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Reply>();
  const [state, setState] = useState<State>('unknown');
  const [endpoint, setEndpoint] = useState<string | null>(null);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
      setState('unsupported');
      return;
    }
    if (Notification.permission === 'denied') {
      setState('denied');
      return;
    }
    void navigator.serviceWorker.ready
      .then((reg) => reg.pushManager.getSubscription())
      .then((sub) => {
        setEndpoint(sub?.endpoint ?? null);
        setState(sub && endpoints.includes(sub.endpoint) ? 'on' : 'off');
      })
      .catch(() => setState('off'));
  }, [endpoints]);

  if (!publicKey) return <p className="muted">{t('notify.settings.pushNotConfigured')}</p>;
  if (state === 'unsupported') return <p className="muted">{t('notify.settings.pushUnsupported')}</p>;
  if (state === 'denied') return <p className="muted">{t('notify.settings.pushDenied')}</p>;

  async function turnOn() {
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        setState('denied');
        return;
      }
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey! /* base64url, as the browser takes it */ });
      const json = sub.toJSON();
      fetcher.submit({ intent: 'push-subscribe', endpoint: sub.endpoint, p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' }, { method: 'post' });
      setEndpoint(sub.endpoint);
      setState('on');
    } catch {
      setState('failed');
    }
  }

  async function turnOff() {
    const reg = await navigator.serviceWorker.ready;
    const sub = await reg.pushManager.getSubscription();
    await sub?.unsubscribe();
    if (endpoint) fetcher.submit({ intent: 'push-unsubscribe', endpoint }, { method: 'post' });
    setState('off');
  }

  // The server refused what the browser gave: not on.
  const shown: State = state === 'on' && replyError(fetcher.data) ? 'failed' : state;
  return (
    <div className="push-toggle" aria-live="polite">
      {shown === 'on' ? (
        <>
          <p>{t('notify.settings.pushEnabled')}</p>
          <button type="button" className="button secondary" onClick={() => void turnOff()}>
            {t('notify.settings.pushDisable')}
          </button>
        </>
      ) : (
        <>
          {shown === 'failed' ? <p className="field-error">{t('notify.settings.pushFailed')}</p> : null}
          <button type="button" className="button secondary" disabled={state === 'unknown'} onClick={() => void turnOn()}>
            {t('notify.settings.pushEnable')}
          </button>
        </>
      )}
    </div>
  );
}
