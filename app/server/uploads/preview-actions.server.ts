/** The preview page's actions, shared by the retailer's page and the manager's page for one of its shops. */
import { data, redirect } from '@remix-run/node';
import type { RowMerges } from '~/domain/uploads/merges';
import type { ColumnField } from '~/domain/uploads/types';
import type { DB } from '../db.server';
import type { ScopeUser } from '../scope.server';
import { discardStaged, importOfStaged, importStaged, setStagedMapping } from './staging.server';

const FIELDS: ColumnField[] = ['barcode', 'qty', 'date', 'time', 'name', 'unit'];

/**
 * Where an import lands: the uploads page with its counts (rows imported and refused, and the figures stored when
 * known), saying so when it had been imported before. app/ui/uploads/import-result.tsx reads them.
 */
export function importedPath(uploadsPath: string, r: { accepted: number; rejected: number; stored?: number; merges?: RowMerges; alreadyImported: boolean }): string {
  const stored = r.stored === undefined ? '' : `&stored=${r.stored}`;
  // Rows added up into one figure, as the preview said it (app/domain/uploads/merges.ts).
  const merged = r.merges?.mergedRows ? `&merged=${r.merges.mergedRows}&into=${r.merges.mergedInto}` : '';
  return `${uploadsPath}?imported=${r.accepted}&rejected=${r.rejected}${stored}${merged}${r.alreadyImported ? '&already=1' : ''}`;
}

/**
 * The preview page of a staged id that is gone: when it became an import (the page reloaded after its import, or
 * opened again from the history), the uploads page with that import's counts; otherwise 404.
 */
export async function previewGone(db: DB, user: ScopeUser, stagedId: string, uploadsPath: string, retailerId?: number): Promise<never> {
  const batch = await importOfStaged(db, user, stagedId);
  if (batch && (retailerId === undefined || batch.retailerId === retailerId)) throw redirect(importedPath(uploadsPath, { accepted: batch.rowsAccepted, rejected: batch.rowsRejected, alreadyImported: true }));
  throw new Response('Not Found', { status: 404 });
}

export async function handlePreviewAction(db: DB, request: Request, user: ScopeUser, stagedId: string, uploadsPath: string) {
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'discard') {
    await discardStaged(db, user, stagedId);
    throw redirect(uploadsPath);
  }
  if (intent === 'map') {
    const choice: Partial<Record<ColumnField, number>> = {};
    for (const f of FIELDS) {
      const v = form.get(`map.${f}`);
      if (typeof v === 'string' && v !== '') choice[f] = Number(v);
    }
    const r = await setStagedMapping(db, user, stagedId, choice);
    return r.ok ? { imported: null, error: null } : data({ imported: null, error: r.code }, { status: r.code === 'not_found' ? 404 : 400 });
  }
  if (intent === 'import') {
    const r = await importStaged(db, user, stagedId, { confirmReplace: form.get('confirmReplace') === 'on' });
    if (!r.ok) return data({ imported: null, error: r.code }, { status: r.code === 'not_found' ? 404 : r.code === 'shop_inactive' ? 403 : 409 });
    // A retry of an import that had committed (after a crash or a lost answer) gets the same result page, saying so.
    throw redirect(importedPath(uploadsPath, r));
  }
  return data({ imported: null, error: 'invalid' }, { status: 400 });
}
