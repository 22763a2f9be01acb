/** Staff write how grades are set (档位评定办法); every shop reads it on its "my grade" page (/retailer/grade). */
import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { gradeRulesForm } from '~/domain/forms/grade-rules';
import { GRADE_RULES_MAX_CHARS } from '~/domain/shop/grade';
import { requireRole } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { gradeRulesText, saveGradeRulesText } from '~/server/shop-grade.server';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyError } from '~/ui/form-reply';
import shopStyles from '~/ui/shop/shop.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: shopStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, 'staff');
  return { rules: await gradeRulesText(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: gradeRulesForm });
  if (submission.status !== 'success') return invalid(submission);
  const r = await saveGradeRulesText(context.db, user, submission.value.body);
  if (!r.ok) return refused(submission, r.reason);
  return data(done(submission));
}

export default function StaffGradeRules() {
  const { rules } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const error = replyError(reply);
  const tooLong = error === 'too_long' || (error === 'invalid' && reply?.result?.error?.body?.includes('too_long'));
  return (
    <>
      <h1>{t('shop.gradeRules.title')}</h1>
      <p className="muted">{t('shop.gradeRules.intro')}</p>
      <section className="card">
        {replyDone(reply) ? (
          <p className="form-ok" role="status">
            {t('shop.gradeRules.saved')}
          </p>
        ) : null}
        {error ? (
          <p className="form-error" role="alert">
            {tooLong ? t('shop.gradeRules.error.too_long', { max: GRADE_RULES_MAX_CHARS }) : t(`shop.gradeRules.error.${error === 'not_found' ? 'not_found' : 'invalid'}`)}
          </p>
        ) : null}
        <Form method="post" className="form grade-rules-form">
          <div className="field">
            <label htmlFor="grade-rules-body">{t('shop.gradeRules.label')}</label>
            <textarea id="grade-rules-body" name="body" maxLength={GRADE_RULES_MAX_CHARS} defaultValue={rules?.body ?? ''} aria-describedby="grade-rules-hint" aria-invalid={tooLong ? true : undefined} />
            <span className="hint" id="grade-rules-hint">
              {t('shop.gradeRules.hint', { max: GRADE_RULES_MAX_CHARS })}
            </span>
          </div>
          <p className="muted">{rules ? t('shop.gradeRules.lastSaved', { time: formatDateTime(rules.updatedAt) }) : t('shop.gradeRules.never')}</p>
          <button type="submit" name="intent" value="save" className="button" disabled={busy}>
            {t('shop.gradeRules.save')}
          </button>
        </Form>
      </section>
    </>
  );
}
