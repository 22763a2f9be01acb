/**
 * 市场监管 (issue 18): the route's shops whose orders of scarce specs run far beyond their scanned sales, as the
 * 'supervision' job last stored them (decision 0038), with the notes kept on each; the manager adds notes.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { supervisionNoteForm } from '~/domain/forms/supervision';
import { requireRole } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { keepSupervisionFresh } from '~/server/jobs.server';
import { addSupervisionNote, supervisionList } from '~/server/supervision.server';
import { SupervisionList } from '~/ui/supervision/supervision-list';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const job = await keepSupervisionFresh(context.db);
  return { list: await supervisionList(context.db, user), job };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'manager');
  const submission = parseWithZod(await request.formData(), { schema: supervisionNoteForm });
  if (submission.status !== 'success') return invalid(submission);
  const r = await addSupervisionNote(context.db, user, submission.value.retailerId, submission.value.specId, submission.value.body);
  return r.ok ? data(done(submission)) : refused(submission, r.reason);
}

export default function ManagerSupervision() {
  const { list, job } = useLoaderData<typeof loader>();
  return <SupervisionList list={list} job={job} reply={useActionData<typeof action>()} />;
}
