import { RemixBrowser } from '@remix-run/react';
import i18next from 'i18next';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { getInitialNamespaces } from 'remix-i18next/client';
import { defaultLanguage, defaultNS, i18nConfig, isLanguage } from '~/i18n/config';
import { importMessages } from '~/i18n/resources';
import { installRetryWhenBusy } from '~/ui/busy-retry';

async function hydrate() {
  // A `.data` call the server refused for lack of capacity (503 + Retry-After) is sent again by itself.
  installRetryWhenBusy();
  // The server rendered <html lang> in the request's language; the client starts in the same one.
  const lang = document.documentElement.lang;
  // Only that language's messages are fetched (a chunk of their own); switching language loads the other one then.
  // No fallback language: English is complete (typed against zh-CN), and a fallback would fetch zh-CN as well.
  // Only the namespaces the page's routes declare (`handle.i18n`) are fetched before it hydrates: a retailer's
  // page never loads the staff messages; a staff page reached by a link loads them in the staff layout's
  // clientLoader (decision 0034).
  await i18next
    .use(initReactI18next)
    .use(resourcesToBackend((language: string, namespace: string) => importMessages(language, namespace)))
    .init({
      ...i18nConfig,
      fallbackLng: false,
      lng: isLanguage(lang) ? lang : defaultLanguage,
      ns: [...new Set([defaultNS, ...getInitialNamespaces()])],
    });
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
