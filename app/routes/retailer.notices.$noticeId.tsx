/**
 * One notice as the shop reads it (issue 19): opening it records the reading; an important one is acknowledged
 * with one big button (app/server/notices.server.ts).
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { noticeAckForm, noticeParams } from '~/domain/forms/notices';
import { requireRole } from '~/server/auth.server';
import { done, getParams, invalid, invariantResponse, refused } from '~/server/http.server';
import { acknowledgeNotice, readShopNotice } from '~/server/notices.server';
import { formatDateTime } from '~/ui/format';
import { replyDone, replyError } from '~/ui/form-reply';
import { NoticeArticle } from '~/ui/notices/notice-meta';
import noticeStyles from '~/ui/notices/notices.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const { noticeId } = getParams(params, noticeParams);
  const notice = await readShopNotice(context.db, user, noticeId);
  invariantResponse(notice, 'Not Found');
  return { notice };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'retailer');
  const { noticeId } = getParams(params, noticeParams);
  const submission = parseWithZod(await request.formData(), { schema: noticeAckForm });
  if (submission.status !== 'success') return invalid(submission);
  const r = await acknowledgeNotice(context.db, user, noticeId);
  if (!r.ok) return refused(submission, r.reason);
  return done(submission);
}

export default function ShopNotice() {
  const { notice } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useTranslation();
  const error = replyError(reply);
  return (
    <>
      <Link to="/retailer/notices">{t('notices.back')}</Link>
      <NoticeArticle notice={notice}>
        {notice.important ? (
          <div className="notice-ack">
            {replyDone(reply) ? (
              <p className="form-ok" role="status">
                {t('notices.ackDone')}
              </p>
            ) : null}
            {notice.acknowledgedAt ? (
              <p className="form-ok">{t('notices.acknowledgedAt', { time: formatDateTime(notice.acknowledgedAt) })}</p>
            ) : (
              <Form method="post">
                <p>{t('notices.ackPrompt')}</p>
                {error ? (
                  <p className="form-error" role="alert">
                    {t(`notices.error.${error as 'invalid'}`)}
                  </p>
                ) : null}
                <button type="submit" name="intent" value="acknowledge" className="button" disabled={busy}>
                  {t('notices.ackButton')}
                </button>
              </Form>
            )}
          </div>
        ) : null}
      </NoticeArticle>
    </>
  );
}
