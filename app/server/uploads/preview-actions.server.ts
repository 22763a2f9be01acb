/** The preview page's action, shared by the retailer's page and the manager's page for one of its shops. */
import type { Submission } from '@conform-to/react';
import { redirect } from '@remix-run/node';
import type { PreviewInput } from '~/domain/forms/upload-preview';
import type { RowMerges } from '~/domain/uploads/merges';
import type { DB } from '../db.server';
import { done, refused } from '../http.server';
import type { ScopeUser } from '../scope.server';
import { discardStaged, importOfStaged, importStaged, setStagedMapping } from './staging.server';

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

/**
 * What the preview page's forms ask (parsed at the route's edge, app/domain/forms/upload-preview.ts), done for a
 * staged file in the user's scope: a discard or an import moves on to the uploads page, a mapping stays on the
 * preview; a refusal is the service's reason code (404 not_found; an import's 403 shop_inactive, 409 otherwise).
 */
export async function previewAction(db: DB, user: ScopeUser, stagedId: string, submission: Extract<Submission<PreviewInput>, { status: 'success' }>, uploadsPath: string) {
  const input = submission.value;
  if (input.intent === 'discard') {
    await discardStaged(db, user, stagedId);
    throw redirect(uploadsPath);
  }
  if (input.intent === 'map') {
    const r = await setStagedMapping(db, user, stagedId, input.map);
    return r.ok ? done(submission) : refused(submission, r.code);
  }
  const r = await importStaged(db, user, stagedId, { confirmReplace: input.confirmReplace });
  if (!r.ok) return refused(submission, r.code, { status: r.code === 'not_found' ? 404 : r.code === 'shop_inactive' ? 403 : 409 });
  // A retry of an import that had committed (after a crash or a lost answer) gets the same result page, saying so.
  throw redirect(importedPath(uploadsPath, r));
}
