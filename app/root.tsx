import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react';
import { useChangeLanguage } from 'remix-i18next/react';
import { useTranslation } from 'react-i18next';
import { defaultLanguage } from '~/i18n/config';
import { getUser } from '~/server/auth.server';
import { languageOf } from '~/server/i18n.server';
import { publicEnv } from '~/server/env.server';
import { GeneralErrorBoundary } from '~/ui/error-boundary';
import { useNonce } from '~/ui/nonce';
import stylesUrl from '~/ui/styles.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesUrl },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [lang, user] = await Promise.all([languageOf(request), getUser(context.db, request)]);
  return {
    lang,
    user: user ? { displayName: user.displayName, role: user.role, largeText: user.largeText === 1 } : null,
    env: publicEnv(),
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root');
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const lang = data?.lang ?? defaultLanguage;
  const { t } = useTranslation();
  const nonce = useNonce();
  return (
    <html lang={lang} className={data?.user?.largeText ? 'large-text' : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#b3261e" />
        <title>{t('app.fullName')}</title>
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRootData();
  useChangeLanguage(data?.lang ?? defaultLanguage);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
