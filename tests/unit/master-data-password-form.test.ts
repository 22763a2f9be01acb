import { describe, expect, it } from 'vitest';
import { changePasswordSchema } from '~/domain/forms/master-data-password';

const errorsOf = (value: Record<string, string>) => {
  const r = changePasswordSchema.safeParse(value);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('change password form', () => {
  it('accepts a new password of 8+ characters, different from the current one, confirmed', () => {
    expect(changePasswordSchema.safeParse({ currentPassword: 'Ab3dEf7hJk9m', newPassword: 'my-own-pass', confirmPassword: 'my-own-pass' }).success).toBe(true);
  });

  it('says which field is wrong: too short, same as the one-time password, confirmation differs, missing', () => {
    expect(errorsOf({ currentPassword: 'Ab3dEf7hJk9m', newPassword: 'short', confirmPassword: 'short' })).toEqual({ newPassword: 'tooShort' });
    expect(errorsOf({ currentPassword: 'Ab3dEf7hJk9m', newPassword: 'Ab3dEf7hJk9m', confirmPassword: 'Ab3dEf7hJk9m' })).toEqual({ newPassword: 'sameAsCurrent' });
    expect(errorsOf({ currentPassword: 'Ab3dEf7hJk9m', newPassword: 'my-own-pass', confirmPassword: 'my-own-pas' })).toEqual({ confirmPassword: 'mismatch' });
    expect(errorsOf({ currentPassword: '', newPassword: 'my-own-pass', confirmPassword: 'my-own-pass' })).toMatchObject({ currentPassword: 'required' });
    expect(errorsOf({ currentPassword: 'x', newPassword: 'y'.repeat(129), confirmPassword: 'y'.repeat(129) })).toMatchObject({ newPassword: 'tooLong' });
  });
});
