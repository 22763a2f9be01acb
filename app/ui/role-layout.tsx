/** The layout route body shared by /retailer, /manager and /staff: the shell around the child page. */
import { Outlet, useLoaderData } from '@remix-run/react';
import type { Role } from '../../db/schema';
import { AppShell, type NavItem } from './app-shell';

export function RoleLayout({ role, nav }: { role: Role; nav: NavItem[] }) {
  const { displayName } = useLoaderData<{ displayName: string }>();
  return (
    <AppShell role={role} displayName={displayName} nav={nav}>
      <Outlet />
    </AppShell>
  );
}
