/**
 * Sign-ins for retailers (user name = licence number) and account managers (user name = manager code), run by
 * staff: create them with a one-time password to hand over, reset a password (a new one-time password), and
 * disable or enable a sign-in. One-time passwords are returned once, to be shown and printed, and stored only
 * as argon2id hashes; the user must choose its own password at first sign-in (/auth/change-password).
 * Disabling a user or resetting its password ends its sessions. Staff accounts are not managed here.
 */
import crypto from 'node:crypto';
import {
  accountState,
  NO_SIGN_IN_HASH,
  ONE_TIME_ALPHABET,
  ONE_TIME_LENGTH,
  oneTimePasswordFrom,
  type AccountKind,
  type AccountState,
} from '~/domain/master-data/accounts';
import type { DB } from './db.server';
import { hashPassword, verifyPassword } from './password.server';
import type { ScopeUser } from './scope.server';

/** Accounts created per request: argon2 takes tens of milliseconds each, on purpose. */
export const MAX_ACCOUNTS_PER_BATCH = 300;
const LIST_LIMIT = 200;

export interface Handover {
  userId: number;
  kind: AccountKind;
  username: string;
  name: string;
  password: string;
}

export function generateOneTimePassword(): string {
  return oneTimePasswordFrom(Array.from({ length: ONE_TIME_LENGTH }, () => crypto.randomInt(ONE_TIME_ALPHABET.length)));
}

const isStaff = (actor: ScopeUser) => actor.role === 'staff';

export interface AccountRow {
  kind: AccountKind;
  /** Retailer id or account manager id. */
  id: number;
  key: string;
  name: string;
  station: string;
  managerCode: string | null;
  active: boolean;
  userId: number | null;
  state: AccountState;
}

/** The sign-in state of every retailer or manager, filtered by state and text, with a count per state. */
export async function listAccounts(db: DB, actor: ScopeUser, opts: { kind: AccountKind; state?: AccountState | 'all'; q?: string; limit?: number }) {
  if (!isStaff(actor)) return null;
  const rows: AccountRow[] =
    opts.kind === 'retailers'
      ? (
          await db
            .selectFrom('retailers')
            .innerJoin('stations', 'stations.id', 'retailers.stationId')
            .innerJoin('accountManagers', 'accountManagers.id', 'retailers.managerId')
            .leftJoin('users', 'users.id', 'retailers.userId')
            .leftJoin('passwordHandovers', 'passwordHandovers.userId', 'users.id')
            .select([
              'retailers.id',
              'retailers.licenceNo as key',
              'retailers.name',
              'stations.nameZh as station',
              'accountManagers.code as managerCode',
              'retailers.active',
              'users.id as userId',
              'users.passwordHash',
              'users.disabled',
              'passwordHandovers.issuedAt',
            ])
            .orderBy('retailers.licenceNo')
            .execute()
        ).map((r) => ({
          kind: 'retailers' as const,
          id: r.id,
          key: r.key,
          name: r.name,
          station: r.station,
          managerCode: r.managerCode,
          active: r.active === 1,
          userId: r.userId,
          state: accountState(r.userId === null ? null : { passwordHash: r.passwordHash!, disabled: r.disabled!, handedOver: r.issuedAt !== null }),
        }))
      : (
          await db
            .selectFrom('accountManagers')
            .innerJoin('stations', 'stations.id', 'accountManagers.stationId')
            .innerJoin('users', 'users.id', 'accountManagers.userId')
            .leftJoin('passwordHandovers', 'passwordHandovers.userId', 'users.id')
            .select([
              'accountManagers.id',
              'accountManagers.code as key',
              'accountManagers.name',
              'stations.nameZh as station',
              'users.id as userId',
              'users.passwordHash',
              'users.disabled',
              'passwordHandovers.issuedAt',
            ])
            .orderBy('accountManagers.code')
            .execute()
        ).map((m) => ({
          kind: 'managers' as const,
          id: m.id,
          key: m.key,
          name: m.name,
          station: m.station,
          managerCode: null,
          active: true,
          userId: m.userId,
          state: accountState({ passwordHash: m.passwordHash, disabled: m.disabled, handedOver: m.issuedAt !== null }),
        }));
  const counts: Record<AccountState, number> = { none: 0, pending: 0, active: 0, disabled: 0 };
  for (const r of rows) counts[r.state]++;
  const q = opts.q?.trim().toLowerCase() ?? '';
  const state = opts.state ?? 'all';
  const matching = rows.filter((r) => (state === 'all' || r.state === state) && (!q || r.key.toLowerCase().includes(q) || r.name.toLowerCase().includes(q)));
  return { counts, total: matching.length, rows: matching.slice(0, opts.limit ?? LIST_LIMIT) };
}

export interface CreateResult {
  created: Handover[];
  /** Rows that could not get a sign-in, with why. */
  skipped: Array<{ key: string; reason: 'username_taken' | 'already_has_account' }>;
  /** More were waiting than one batch takes. */
  remaining: number;
}

/**
 * Creates sign-ins for the given retailers or managers (or, with `all`, for every active one without a sign-in,
 * up to one batch). Hashing happens before the transaction, which only writes.
 */
export async function createAccounts(db: DB, actor: ScopeUser, kind: AccountKind, target: { ids: number[] } | 'all', now = new Date()): Promise<CreateResult | null> {
  if (!isStaff(actor)) return null;
  const nowIso = now.toISOString();
  const ids = target === 'all' ? null : target.ids;
  if (ids && ids.length === 0) return { created: [], skipped: [], remaining: 0 };

  const candidates =
    kind === 'retailers'
      ? await db
          .selectFrom('retailers')
          .select(['id', 'licenceNo as key', 'name', 'userId'])
          .where('active', '=', 1)
          .$if(ids !== null, (q) => q.where('id', 'in', ids!))
          .$if(ids === null, (q) => q.where('userId', 'is', null))
          .orderBy('licenceNo')
          .execute()
      : await db
          .selectFrom('accountManagers')
          .innerJoin('users', 'users.id', 'accountManagers.userId')
          .select(['accountManagers.id', 'accountManagers.code as key', 'accountManagers.name', 'users.id as userId', 'users.passwordHash'])
          .$if(ids !== null, (q) => q.where('accountManagers.id', 'in', ids!))
          .$if(ids === null, (q) => q.where('users.passwordHash', '=', NO_SIGN_IN_HASH))
          .orderBy('accountManagers.code')
          .execute();

  const skipped: CreateResult['skipped'] = [];
  const wanting = candidates.filter((c) => {
    const has = 'passwordHash' in c ? c.passwordHash !== NO_SIGN_IN_HASH : c.userId !== null;
    if (has) skipped.push({ key: c.key, reason: 'already_has_account' });
    return !has;
  });
  const batch = wanting.slice(0, MAX_ACCOUNTS_PER_BATCH);
  const prepared = await hashAll(batch.map((c) => ({ ...c, password: generateOneTimePassword() })));

  const created: Handover[] = [];
  await db.transaction().execute(async (trx) => {
    for (const c of prepared) {
      if (kind === 'retailers') {
        const user = await trx
          .insertInto('users')
          .values({ username: c.key, passwordHash: c.hash, role: 'retailer', displayName: c.name, locale: null, createdAt: nowIso })
          .onConflict((oc) => oc.column('username').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!user) {
          skipped.push({ key: c.key, reason: 'username_taken' });
          continue;
        }
        const linked = await trx.updateTable('retailers').set({ userId: user.id }).where('id', '=', c.id).where('userId', 'is', null).executeTakeFirst();
        if (Number(linked.numUpdatedRows) !== 1) {
          // Someone else created it meanwhile: theirs stands.
          await trx.deleteFrom('users').where('id', '=', user.id).execute();
          skipped.push({ key: c.key, reason: 'already_has_account' });
          continue;
        }
        await handOver(trx, user.id, actor, nowIso);
        created.push({ userId: user.id, kind, username: c.key, name: c.name, password: c.password });
      } else {
        const done = await trx
          .updateTable('users')
          .set({ passwordHash: c.hash, disabled: 0 })
          .where('id', '=', c.userId!)
          .where('passwordHash', '=', NO_SIGN_IN_HASH)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) {
          skipped.push({ key: c.key, reason: 'already_has_account' });
          continue;
        }
        await handOver(trx, c.userId!, actor, nowIso);
        created.push({ userId: c.userId!, kind, username: c.key, name: c.name, password: c.password });
      }
    }
  });
  return { created, skipped, remaining: wanting.length - batch.length };
}

/** Marks the user's password as one-time (replacing an earlier mark): it must choose its own at sign-in. */
async function handOver(trx: DB, userId: number, actor: ScopeUser, nowIso: string) {
  await trx.deleteFrom('passwordHandovers').where('userId', '=', userId).execute();
  await trx.insertInto('passwordHandovers').values({ userId, issuedAt: nowIso, issuedByUserId: actor.userId }).execute();
}

/** argon2 runs on libuv's thread pool: a few at a time keeps both cores busy without queueing hundreds. */
async function hashAll<T extends { password: string }>(items: T[]): Promise<Array<T & { hash: string }>> {
  const out: Array<T & { hash: string }> = [];
  for (let i = 0; i < items.length; i += 4) {
    const part = items.slice(i, i + 4);
    const hashes = await Promise.all(part.map((p) => hashPassword(p.password)));
    part.forEach((p, j) => out.push({ ...p, hash: hashes[j]! }));
  }
  return out;
}

/** A retailer's or manager's user (never staff's), with what the hand-over list shows. */
async function managedUser(db: DB, userId: number) {
  const user = await db
    .selectFrom('users')
    .leftJoin('retailers', 'retailers.userId', 'users.id')
    .leftJoin('accountManagers', 'accountManagers.userId', 'users.id')
    .select(['users.id', 'users.username', 'users.role', 'users.passwordHash', 'retailers.name as retailerName', 'accountManagers.name as managerName'])
    .where('users.id', '=', userId)
    .where('users.role', 'in', ['retailer', 'manager'])
    .executeTakeFirst();
  return user ?? null;
}

/** A new one-time password for a user who has a sign-in; the user must change it again, and is signed out. */
export async function resetPassword(db: DB, actor: ScopeUser, userId: number, now = new Date()): Promise<Handover | null> {
  if (!isStaff(actor)) return null;
  const user = await managedUser(db, userId);
  if (!user || user.passwordHash === NO_SIGN_IN_HASH) return null;
  const password = generateOneTimePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ passwordHash: hash }).where('id', '=', userId).execute();
    await handOver(trx, userId, actor, now.toISOString());
    await trx.deleteFrom('sessions').where('userId', '=', userId).execute();
  });
  return {
    userId,
    kind: user.role === 'retailer' ? 'retailers' : 'managers',
    username: user.username,
    name: user.retailerName ?? user.managerName ?? user.username,
    password,
  };
}

/** Switches a sign-in off (ending its sessions at once) or on again. */
export async function setAccountDisabled(db: DB, actor: ScopeUser, userId: number, disabled: boolean): Promise<boolean> {
  if (!isStaff(actor)) return false;
  const user = await managedUser(db, userId);
  if (!user || user.passwordHash === NO_SIGN_IN_HASH) return false;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', userId).execute();
    if (disabled) await trx.deleteFrom('sessions').where('userId', '=', userId).execute();
  });
  return true;
}

export type ChangePasswordResult = { ok: true } | { ok: false; code: 'wrong_current' | 'same_as_current' };

/**
 * The signed-in user chooses its own password: the current one must be right and the new one different.
 * Its other sessions end (a one-time password may have been seen by others); this one stays.
 */
export async function changeOwnPassword(db: DB, userId: number, currentPassword: string, newPassword: string, keepSessionId: string): Promise<ChangePasswordResult> {
  const user = await db.selectFrom('users').select(['passwordHash']).where('id', '=', userId).where('disabled', '=', 0).executeTakeFirst();
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) return { ok: false, code: 'wrong_current' };
  if (newPassword === currentPassword) return { ok: false, code: 'same_as_current' };
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ passwordHash: hash }).where('id', '=', userId).execute();
    await trx.deleteFrom('passwordHandovers').where('userId', '=', userId).execute();
    await trx.deleteFrom('sessions').where('userId', '=', userId).where('id', '!=', keepSessionId).execute();
  });
  return { ok: true };
}

/** The name an account is shown by ('' for none). */
export async function accountDisplayName(db: DB, userId: number): Promise<string> {
  const row = await db.selectFrom('users').select('displayName').where('id', '=', userId).executeTakeFirst();
  return row?.displayName ?? '';
}

/** The user's own display preference: large text (for older shop owners) or not. */
export async function setLargeText(db: DB, userId: number, largeText: boolean): Promise<void> {
  await db.updateTable('users').set({ largeText: largeText ? 1 : 0 }).where('id', '=', userId).execute();
}
