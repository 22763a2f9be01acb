/**
 * The sign-in form, shared by the browser (instant feedback) and the server (the check that counts).
 * Messages are i18n keys with their parameters, translated where they are shown.
 */
import { z } from 'zod';

export const USERNAME_MAX = 64;
// argon2 on a megabyte of input would be a cheap way to burn CPU; no real password is this long.
export const PASSWORD_MAX = 128;

export const loginSchema = z.object({
  username: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .max(USERNAME_MAX, { error: 'tooLong' }),
  password: z.string({ error: 'required' }).min(1, { error: 'required' }).max(PASSWORD_MAX, { error: 'tooLong' }),
  // Never a reason to refuse a sign-in: a target too long (or unsafe, see redirect-target.ts) leads home instead.
  redirectTo: z.string().max(1024).optional().catch(undefined),
});

export type LoginForm = z.infer<typeof loginSchema>;

/** The sign-in page's notices: `?expired=1` (the session ran out) and `?signedOut=1`; any other value is none. */
export const loginSearch = z.object({
  expired: z.literal('1').optional().catch(undefined),
  signedOut: z.literal('1').optional().catch(undefined),
});
