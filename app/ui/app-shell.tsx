/**
 * The page frame for signed-in users. Retailers get a compact mobile header (phones first); managers and
 * staff get the same frame with a wider content area for tables.
 */
import { Form, Link, NavLink } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../db/schema';
import { LanguageSwitch } from './language-switch';
import { LargeTextToggle } from './large-text-toggle';

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

export function AppShell({
  role,
  displayName,
  nav,
  children,
}: {
  role: Role;
  displayName: string;
  nav: NavItem[];
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className={`shell shell-${role}`}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label={t('app.fullName')}>
          <span className="brand-mark" aria-hidden="true">
            配
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <div className="topbar-user">
          <span className="user-name" title={t('nav.signedInAs', { name: displayName })}>
            {displayName}
            <span className="role-tag">{t(`roles.${role}`)}</span>
          </span>
          <LargeTextToggle />
          <LanguageSwitch />
          <Form method="post" action="/auth/logout">
            <button type="submit" className="link-button">
              {t('nav.signOut')}
            </button>
          </Form>
        </div>
      </header>
      {nav.length > 1 ? (
        <nav className="tabs" aria-label={t('nav.mainMenu')}>
          {nav.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end} className="tab">
              {item.label}
            </NavLink>
          ))}
        </nav>
      ) : null}
      <main id="main" className={role === 'retailer' ? 'page' : 'page wide'}>
        {children}
      </main>
    </div>
  );
}
