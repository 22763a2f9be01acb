import { RemixBrowser } from '@remix-run/react';
import i18next from 'i18next';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { defaultLanguage, i18nConfig, isLanguage, resources } from '~/i18n/config';

async function hydrate() {
  // The server rendered <html lang> in the request's language; the client starts in the same one.
  const lang = document.documentElement.lang;
  await i18next.use(initReactI18next).init({ ...i18nConfig, resources, lng: isLanguage(lang) ? lang : defaultLanguage });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
