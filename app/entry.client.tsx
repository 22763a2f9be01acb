import { RemixBrowser } from '@remix-run/react';
import i18next from 'i18next';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { defaultLanguage, i18nConfig, isLanguage, resources } from '~/i18n/config';
import { installRetryWhenBusy } from '~/ui/busy-retry';

async function hydrate() {
  // A `.data` call the server refused for lack of capacity (503 + Retry-After) is sent again by itself.
  installRetryWhenBusy();
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
