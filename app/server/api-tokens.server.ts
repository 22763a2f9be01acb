/**
 * POS terminals' API tokens: created and named by the shop (or its manager), shown once, stored as SHA-256
 * (a 256-bit random token cannot be guessed, so a slow password hash would only cost time on every call),
 * revocable. A token writes only its own shop's data.
 */
import crypto from 'node:crypto';
import { TOKEN_NAME_MAX } from '~/domain/forms/pos-api';
import type { DB } from './db.server';
import { retailerInScope, retailerIsInScope, type ScopeUser } from './scope.server';

const PREFIX = 'ph_';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function createApiToken(db: DB, user: ScopeUser, retailerId: number, name: string, now = new Date()) {
  if (!(await retailerIsInScope(db, user, retailerId))) return null;
  const token = `${PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('apiTokens')
    .values({
      retailerId,
      name: name.trim().slice(0, TOKEN_NAME_MAX),
      tokenPrefix: token.slice(0, PREFIX.length + 6),
      tokenSha256: hashToken(token),
      createdByUserId: user.userId,
      createdAt: now.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export async function listApiTokens(db: DB, user: ScopeUser, retailerId: number) {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'tokenPrefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('retailerId', '=', retailerId)
    .where(retailerInScope(user, 'apiTokens.retailerId'))
    .orderBy('createdAt', 'desc')
    .execute();
}

export async function revokeApiToken(db: DB, user: ScopeUser, retailerId: number, tokenId: number, now = new Date()): Promise<boolean> {
  if (!Number.isSafeInteger(tokenId)) return false;
  const r = await db
    .updateTable('apiTokens')
    .set({ revokedAt: now.toISOString() })
    .where('id', '=', tokenId)
    .where('retailerId', '=', retailerId)
    .where('revokedAt', 'is', null)
    .where(retailerInScope(user, 'apiTokens.retailerId'))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The shop a bearer token writes for, or null when the token is unknown or revoked, or the shop's sign-in has
 * been disabled by staff (disabling a shop stops every credential it holds, not only its sessions).
 * A shop deactivated in master data (retailers.active = 0) keeps its token valid — reactivating the shop
 * brings its tills back — but is answered with shopActive: false, which the API refuses (403) without
 * writing anything, not even the token's last use.
 */
export async function authenticateApiToken(db: DB, authorization: string | null, now = new Date()) {
  const m = /^Bearer\s+(ph_[A-Za-z0-9_-]{43})\s*$/.exec(authorization ?? '');
  if (!m) return null;
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('retailers', 'retailers.id', 'apiTokens.retailerId')
    .leftJoin('users', 'users.id', 'retailers.userId')
    .select(['apiTokens.id', 'apiTokens.retailerId', 'retailers.active'])
    .where('apiTokens.tokenSha256', '=', hashToken(m[1]!))
    .where('apiTokens.revokedAt', 'is', null)
    .where((eb) => eb.or([eb('users.disabled', 'is', null), eb('users.disabled', '=', 0)]))
    .executeTakeFirst();
  if (!row) return null;
  const shopActive = row.active === 1;
  if (shopActive) await db.updateTable('apiTokens').set({ lastUsedAt: now.toISOString() }).where('id', '=', row.id).execute();
  return { tokenId: row.id, retailerId: row.retailerId, shopActive };
}
