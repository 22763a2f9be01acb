import { Form, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { useRootData } from '~/root';

export function LargeTextToggle() {
  const { t } = useTranslation();
  const location = useLocation();
  const on = useRootData()?.user?.largeText ?? false;
  return (
    <Form method="post" action="/resources/preferences">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" name="largeText" value={on ? '0' : '1'} className="link-button" aria-pressed={on} aria-label={t('prefs.largeTextLabel')}>
        {on ? t('prefs.largeTextOff') : t('prefs.largeTextOn')}
      </button>
    </Form>
  );
}
