/** The manager's inbox of its route's questions (issue 19): answer them, or hand one to staff. */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { managerQuestionsForm } from '~/domain/forms/questions';
import { requireRole } from '~/server/auth.server';
import { done, invalid, invariantResponse, refused } from '~/server/http.server';
import { answerQuestion, handToStaff, questionInbox } from '~/server/questions.server';
import { AnsweredList, InboxList, InboxNotice } from '~/ui/question-inbox';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const inbox = await questionInbox(context.db, user);
  invariantResponse(inbox);
  return inbox;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const submission = parseWithZod(await request.formData(), { schema: managerQuestionsForm });
  if (submission.status !== 'success') return invalid(submission);
  const form = submission.value;
  const r = form.intent === 'answer' ? await answerQuestion(context.db, user, form.questionId, form.answer) : await handToStaff(context.db, user, form.questionId, form.note);
  if (!r.ok) return refused(submission, r.reason, { status: r.reason === 'not_found' ? 404 : 409 });
  return done(submission);
}

export default function ManagerQuestions() {
  const { handed, withManagers, answered } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('questions.desk.title')}</h1>
      <p className="muted">{t('questions.desk.introManager')}</p>
      <InboxNotice />
      <h2>
        {t('questions.desk.openTitle')} <span className="badge warn">{t('questions.desk.waiting', { count: withManagers.length })}</span>
      </h2>
      <InboxList questions={withManagers} mayHand />
      {handed.length ? (
        <>
          <h2>{t('questions.desk.handedTitle')}</h2>
          <InboxList questions={handed} mayHand={false} />
        </>
      ) : null}
      <h2>{t('questions.desk.answeredTitle')}</h2>
      <AnsweredList questions={answered} />
    </>
  );
}
