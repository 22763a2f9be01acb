/**
 * Choosing one's own password. Every page sends a user who signed in with a one-time password from staff here
 * (requireUser); anyone signed in may also come to change theirs. Uses getUser, not requireUser, so the page
 * itself is reachable while the change is pending.
 */
import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MAX } from '~/domain/forms/login';
import { changePasswordSchema, NEW_PASSWORD_MIN } from '~/domain/forms/master-data-password';
import { changeOwnPassword } from '~/server/accounts.server';
import { getUser, HOME_OF } from '~/server/auth.server';
import type { DB } from '~/server/db.server';
import { LanguageSwitch } from '~/ui/language-switch';

export const meta: MetaFunction = () => [{ name: 'robots', content: 'noindex' }];

async function signedIn(db: DB, request: Request) {
  const user = await getUser(db, request);
  if (!user) throw redirect(`/auth/login?${new URLSearchParams({ redirectTo: '/auth/change-password' }).toString()}`);
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await signedIn(context.db, request);
  return { forced: user.oneTimePasswordIssuedAt !== null, displayName: user.displayName, username: user.username, home: HOME_OF[user.role] };
}

const HIDE = { hideFields: ['currentPassword', 'newPassword', 'confirmPassword'] };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await signedIn(context.db, request);
  const submission = parseWithZod(await request.formData(), { schema: changePasswordSchema });
  if (submission.status !== 'success') return data({ result: submission.reply(HIDE) }, { status: 400 });
  const { currentPassword, newPassword } = submission.value;
  const r = await changeOwnPassword(context.db, user.userId, currentPassword, newPassword, user.sessionId);
  if (!r.ok) {
    const fieldErrors: Record<string, string[]> = r.code === 'wrong_current' ? { currentPassword: ['wrongCurrent'] } : { newPassword: ['sameAsCurrent'] };
    return data({ result: submission.reply({ ...HIDE, fieldErrors }) }, { status: 400 });
  }
  throw redirect(HOME_OF[user.role]);
}

type Field = 'currentPassword' | 'newPassword' | 'confirmPassword';

export default function ChangePassword() {
  const { t } = useTranslation();
  const { forced, displayName, username } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  const label: Record<Field, string> = {
    currentPassword: t('changePassword.current'),
    newPassword: t('changePassword.new'),
    confirmPassword: t('changePassword.confirm'),
  };
  const message = (name: Field, code: string | undefined) => {
    switch (code) {
      case undefined:
        return null;
      case 'tooLong':
        return t('validation.tooLong', { field: label[name], max: PASSWORD_MAX });
      case 'tooShort':
        return t('changePassword.tooShort', { min: NEW_PASSWORD_MIN });
      case 'sameAsCurrent':
        return t('changePassword.sameAsCurrent');
      case 'mismatch':
        return t('changePassword.mismatch');
      case 'wrongCurrent':
        return t('changePassword.wrongCurrent');
      default:
        return t('validation.required', { field: label[name] });
    }
  };
  const input = (name: Field, autoComplete: string, hint?: string) => {
    const field = fields[name];
    const error = message(name, field.errors?.[0]);
    return (
      <div className="field">
        <label htmlFor={field.id}>{label[name]}</label>
        <input
          {...getInputProps(field, { type: 'password' })}
          autoComplete={autoComplete}
          maxLength={PASSWORD_MAX}
          aria-describedby={[hint ? `${field.id}-hint` : '', error ? field.errorId : ''].filter(Boolean).join(' ') || undefined}
        />
        {hint ? (
          <span className="hint" id={`${field.id}-hint`}>
            {hint}
          </span>
        ) : null}
        {error ? (
          <p className="field-error" id={field.errorId}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <main className="page narrow" id="main">
      <div className="login-head">
        <span className="brand-mark" aria-hidden="true">
          配
        </span>
        <h1>{t('changePassword.title')}</h1>
        <p className="muted">
          {displayName} · {username}
        </p>
      </div>
      <div className="card">
        <Form method="post" className="form" {...getFormProps(form)}>
          <p className={forced ? 'form-info' : 'muted'}>{forced ? t('changePassword.forcedIntro') : t('changePassword.intro')}</p>
          {/* The user name lets password managers file the new password under the right account. */}
          <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
          {input('currentPassword', 'current-password', t('changePassword.currentHint'))}
          {input('newPassword', 'new-password', t('changePassword.newHint', { min: NEW_PASSWORD_MIN }))}
          {input('confirmPassword', 'new-password')}
          <button type="submit" className="button block" disabled={busy}>
            {busy ? t('changePassword.submitting') : t('changePassword.submit')}
          </button>
        </Form>
      </div>
      <div className="login-lang">
        <LanguageSwitch />
        <Form method="post" action="/auth/logout">
          <button type="submit" className="link-button">
            {t('nav.signOut')}
          </button>
        </Form>
      </div>
    </main>
  );
}
