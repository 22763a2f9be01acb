import { describe, expect, it } from 'vitest';
import { loginSchema, PASSWORD_MAX, USERNAME_MAX } from '~/domain/forms/login';

const issues = (input: unknown) => {
  const r = loginSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('sign-in form', () => {
  it('accepts a licence number and password, trimming the user name', () => {
    const r = loginSchema.parse({ username: ' 440300100001 ', password: 'Demo@2026' });
    expect(r.username).toBe('440300100001');
  });

  it('names each empty or missing field', () => {
    expect(issues({ username: '', password: '' })).toEqual({ username: 'required', password: 'required' });
    expect(issues({})).toEqual({ username: 'required', password: 'required' });
    expect(issues({ username: '   ', password: 'x' })).toEqual({ username: 'required' });
  });

  it('refuses overlong fields before any password hashing', () => {
    expect(issues({ username: 'a'.repeat(USERNAME_MAX + 1), password: 'x' })).toEqual({ username: 'tooLong' });
    expect(issues({ username: 'a', password: 'x'.repeat(PASSWORD_MAX + 1) })).toEqual({ password: 'tooLong' });
  });
});
