/** Staff's inbox (issue 19): the questions managers handed to the marketing department, and the county's waiting ones. */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { staffQuestionsForm } from '~/domain/forms/questions';
import { requireRole } from '~/server/auth.server';
import { done, invalid, invariantResponse, refused } from '~/server/http.server';
import { answerQuestion, questionInbox } from '~/server/questions.server';
import { AnsweredList, InboxList, InboxNotice } from '~/ui/question-inbox';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const inbox = await questionInbox(context.db, user);
  invariantResponse(inbox);
  return inbox;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: staffQuestionsForm });
  if (submission.status !== 'success') return invalid(submission);
  const r = await answerQuestion(context.db, user, submission.value.questionId, submission.value.answer);
  if (!r.ok) return refused(submission, r.reason, { status: r.reason === 'not_found' ? 404 : 409 });
  return done(submission);
}

export default function StaffQuestions() {
  const { handed, withManagers, answered } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('questions.desk.title')}</h1>
      <p className="muted">{t('questions.desk.introStaff')}</p>
      <InboxNotice />
      <h2>
        {t('questions.desk.handedTitle')} <span className="badge warn">{t('questions.desk.waiting', { count: handed.length })}</span>
      </h2>
      <InboxList questions={handed} mayHand={false} />
      <h2>
        {t('questions.desk.withManagersTitle')} <span className="badge">{t('questions.desk.waiting', { count: withManagers.length })}</span>
      </h2>
      <InboxList questions={withManagers} mayHand={false} />
      <h2>{t('questions.desk.answeredTitle')}</h2>
      <AnsweredList questions={answered} />
    </>
  );
}
