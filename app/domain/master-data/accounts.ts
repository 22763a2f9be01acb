/**
 * Sign-ins for retailers and account managers, as staff hand them over:
 *  - none: a retailer with no user yet, or a manager whose user has no password (imported managers get a
 *    user at once, because every manager row needs one, but cannot sign in until staff create the account);
 *  - pending: a one-time password was handed over and not yet replaced (the user must change it first);
 *  - active: the user chose its own password;
 *  - disabled: staff switched the sign-in off (its sessions ended).
 */
export type AccountKind = 'retailers' | 'managers';
export type AccountState = 'none' | 'pending' | 'active' | 'disabled';
export const ACCOUNT_STATES: readonly AccountState[] = ['none', 'pending', 'active', 'disabled'];

/** The password hash of a user that cannot sign in: no argon2 hash looks like this, so verification fails. */
export const NO_SIGN_IN_HASH = '!';

/** `handedOver`: a one-time password is out and not yet replaced. */
export function accountState(user: { passwordHash: string; disabled: number; handedOver: boolean } | null): AccountState {
  if (!user || user.passwordHash === NO_SIGN_IN_HASH) return 'none';
  if (user.disabled) return 'disabled';
  return user.handedOver ? 'pending' : 'active';
}

/** Letters and digits that cannot be mistaken for one another when read aloud or from paper (no 0/O, 1/l/I). */
export const ONE_TIME_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
export const ONE_TIME_LENGTH = 12;

/** A one-time password from random indexes into the alphabet (the caller supplies the randomness). */
export function oneTimePasswordFrom(randomIndexes: number[]): string {
  return randomIndexes.map((i) => ONE_TIME_ALPHABET[i % ONE_TIME_ALPHABET.length]).join('');
}
