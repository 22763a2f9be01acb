/**
 * Choosing one's own password, required after signing in with a one-time password from staff (and open to
 * anyone signed in). Shared by the browser (instant feedback) and the server (the check that counts).
 * Messages are i18n keys, translated where they are shown.
 */
import { z } from 'zod';
import { PASSWORD_MAX } from './login';

export const NEW_PASSWORD_MIN = 8;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'required' }).min(1, { error: 'required' }).max(PASSWORD_MAX, { error: 'tooLong' }),
    newPassword: z
      .string({ error: 'required' })
      .min(1, { error: 'required' })
      .min(NEW_PASSWORD_MIN, { error: 'tooShort' })
      .max(PASSWORD_MAX, { error: 'tooLong' }),
    confirmPassword: z.string({ error: 'required' }).min(1, { error: 'required' }).max(PASSWORD_MAX, { error: 'tooLong' }),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword === v.currentPassword) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'sameAsCurrent' });
    if (v.confirmPassword !== v.newPassword) ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'mismatch' });
  });

export type ChangePasswordForm = z.infer<typeof changePasswordSchema>;
