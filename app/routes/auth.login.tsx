import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { loginSchema, loginSearch, PASSWORD_MAX, USERNAME_MAX } from '~/domain/forms/login';
import { safeRedirectPath } from '~/domain/redirect-target';
import { authenticate, getUser, HOME_OF } from '~/server/auth.server';
import { getSearch } from '~/server/http.server';
import { serverT } from '~/server/i18n.server';
import { knownDeviceId, rememberDevice } from '~/server/known-device.server';
import { claimLoginAttempt, recordLoginFailure, recordLoginSuccess, type LoginAttempt } from '~/server/login-limits.server';
import { startSession } from '~/server/session.server';
import { LanguageSwitch } from '~/ui/language-switch';

export const meta: MetaFunction = () => [{ name: 'robots', content: 'noindex' }];

/**
 * Remix sends a page's (and a single-fetch .data answer's) headers from the route's `headers` export, and
 * without one only Set-Cookie survives: the 429's Retry-After set by the action would never reach the wire.
 */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const passed = new Headers();
  const retryAfter = actionHeaders.get('Retry-After');
  if (retryAfter) passed.set('Retry-After', retryAfter);
  return passed;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(context.db, request);
  if (user) throw redirect(HOME_OF[user.role]);
  const search = getSearch(request, loginSearch);
  return { expired: search.expired === '1', signedOut: search.signedOut === '1' };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }), formError: null }, { status: 400 });
  }
  const { username, password, redirectTo } = submission.value;
  const t = await serverT(request);
  const limiter = context.loginLimiter;
  const attempt: LoginAttempt = { username, address: context.clientAddress ?? 'unknown', knownDeviceId: await knownDeviceId(request, username) };

  const waitSeconds = await claimLoginAttempt(limiter, attempt);
  if (waitSeconds > 0) {
    const formError = t('auth.rateLimited', { minutes: Math.max(1, Math.ceil(waitSeconds / 60)) });
    return data(
      { result: submission.reply({ hideFields: ['password'] }), formError },
      { status: 429, headers: { 'Retry-After': String(waitSeconds) } },
    );
  }

  const user = await authenticate(context.db, username, password);
  if (!user) {
    await recordLoginFailure(limiter, attempt);
    return data({ result: submission.reply({ hideFields: ['password'] }), formError: t('auth.invalidCredentials') }, { status: 401 });
  }
  await recordLoginSuccess(limiter, attempt);
  const responseHeaders = new Headers();
  responseHeaders.append('Set-Cookie', await startSession(context.db, request, user.id));
  responseHeaders.append('Set-Cookie', await rememberDevice(request, username));
  const home = HOME_OF[user.role];
  // A remembered page is only followed when it belongs to this role's part of the app.
  const target = safeRedirectPath(redirectTo, home);
  const inRolesPart = target === home || target.startsWith(`${home}/`) || target.startsWith(`${home}?`);
  throw redirect(inRolesPart ? target : home, { headers: responseHeaders });
}

export default function Login() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  const fieldError = (name: 'username' | 'password', errors: string[] | undefined) => {
    const code = errors?.[0];
    if (!code) return null;
    const label = name === 'username' ? t('auth.username') : t('auth.password');
    return code === 'tooLong'
      ? t('validation.tooLong', { field: label, max: name === 'username' ? USERNAME_MAX : PASSWORD_MAX })
      : t('validation.required', { field: label });
  };
  const usernameError = fieldError('username', fields.username.errors);
  const passwordError = fieldError('password', fields.password.errors);
  const busy = navigation.state !== 'idle' && navigation.formAction === '/auth/login';

  return (
    <main className="page narrow" id="main">
      <div className="login-head">
        <span className="brand-mark" aria-hidden="true">
          配
        </span>
        <h1>
          {t('app.fullName')} · {t('auth.title')}
        </h1>
        <p className="muted">{t('app.tagline')}</p>
      </div>
      <div className="card">
        <Form method="post" className="form" {...getFormProps(form)} aria-describedby="login-intro">
          <p id="login-intro" className="muted">
            {t('auth.intro')}
          </p>
          {loaderData.expired ? <p className="form-info">{t('auth.sessionExpired')}</p> : null}
          {loaderData.signedOut ? <p className="form-info">{t('auth.signedOut')}</p> : null}
          {actionData?.formError ? (
            <p className="form-error" role="alert">
              {actionData.formError}
            </p>
          ) : null}
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
          <div className="field">
            <label htmlFor={fields.username.id}>{t('auth.username')}</label>
            <input
              {...getInputProps(fields.username, { type: 'text' })}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={USERNAME_MAX}
              aria-describedby={`${fields.username.id}-hint ${fields.username.errorId}`}
            />
            <span className="hint" id={`${fields.username.id}-hint`}>
              {t('auth.usernameHint')}
            </span>
            {usernameError ? (
              <p className="field-error" id={fields.username.errorId}>
                {usernameError}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={fields.password.id}>{t('auth.password')}</label>
            <input
              {...getInputProps(fields.password, { type: 'password' })}
              autoComplete="current-password"
              maxLength={PASSWORD_MAX}
            />
            {passwordError ? (
              <p className="field-error" id={fields.password.errorId}>
                {passwordError}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button block" disabled={busy}>
            {busy ? t('auth.submitting') : t('auth.submit')}
          </button>
        </Form>
      </div>
      <div className="login-lang">
        <LanguageSwitch />
      </div>
    </main>
  );
}
