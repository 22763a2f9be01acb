/** A form, so it works before JavaScript loads; the choice is kept in a cookie. */
import { Form, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { supportedLanguages } from '~/i18n/config';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const other = supportedLanguages.find((l) => l !== i18n.language) ?? supportedLanguages[0];
  return (
    <Form method="post" action="/resources/locale" className="language-switch">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" name="lng" value={other} className="link-button" lang={other} aria-label={t('language.switchTo')}>
        {t(`language.${other}`)}
      </button>
    </Form>
  );
}
