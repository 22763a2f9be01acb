/**
 * 市场监管 (issue 18): the county's shops whose orders of scarce specs run far beyond their scanned sales, as the
 * 'supervision' job last stored them (decision 0038), with the notes kept on each; staff add notes and may have the
 * list computed again now.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { staffSupervisionForm } from '~/domain/forms/supervision';
import { requireRole } from '~/server/auth.server';
import { done, invalid, refused } from '~/server/http.server';
import { keepSupervisionFresh, queueJob } from '~/server/jobs.server';
import { addSupervisionNote, supervisionList } from '~/server/supervision.server';
import { SupervisionList } from '~/ui/supervision/supervision-list';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const job = await keepSupervisionFresh(context.db);
  return { list: await supervisionList(context.db, user), job };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: staffSupervisionForm });
  if (submission.status !== 'success') return invalid(submission);
  const form = submission.value;
  if (form.intent === 'refresh') {
    await queueJob(context.db, user, 'supervision', {});
    throw redirect('/staff/supervision');
  }
  const r = await addSupervisionNote(context.db, user, form.retailerId, form.specId, form.body);
  return r.ok ? data(done(submission)) : refused(submission, r.reason);
}

export default function StaffSupervision() {
  const { list, job } = useLoaderData<typeof loader>();
  return <SupervisionList list={list} job={job} reply={useActionData<typeof action>()} canRefresh />;
}
