/**
 * Staff: 档位评定 (issue 18, "grades kept honest") — the grading rule (weights of the shop's own figures, each grade's
 * band of places within its business type, the most a grade moves at once), this month's proposal computed as a job
 * ('grading'), and its review: up and down with the numbers behind each, keep a shop's grade, approve the rest (they
 * take effect when the next cycle opens) or discard. The rules are in app/domain/shop/grading.ts and
 * app/server/grading.server.ts.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { gradingPageForm, gradingPageSearch } from '~/domain/forms/grading';
import { isJobActive } from '~/domain/jobs';
import { GRADING_FIGURES, GRADING_WEEKS, MAX_STEP_LIMIT, type GradingRule, type GradingRuleProblem } from '~/domain/shop/grading';
import { requireRole } from '~/server/auth.server';
import { approveGradeProposal, currentGradingRule, discardGradeProposal, keepShopGrade, latestGradeProposal, saveGradingRule } from '~/server/grading.server';
import { done, getSearch, invalid, refused } from '~/server/http.server';
import { latestJobViews, queueJob } from '~/server/jobs.server';
import { formatDateTime, formatMoney, formatPercent, formatQuantity } from '~/ui/format';
import { replyDone, replyError, replyIntent, type Reply } from '~/ui/form-reply';
import { JobStatus, useJobPolling } from '~/ui/job-status';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const { page } = getSearch(request, gradingPageSearch);
  const [rule, jobs, proposal] = await Promise.all([currentGradingRule(context.db), latestJobViews(context.db, ['grading']), latestGradeProposal(context.db, user, page ?? 1)]);
  return { rule, job: jobs.grading, proposal };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, 'staff');
  const submission = parseWithZod(await request.formData(), { schema: gradingPageForm });
  if (submission.status !== 'success') return invalid(submission);
  const form = submission.value;
  switch (form.intent) {
    case 'rule': {
      const rule: GradingRule = { weights: form.weights, maxStep: form.maxStep, bands: form.bands.map((b, i) => ({ grade: i + 1, fromPercent: b.fromPercent, toPercent: b.toPercent })) };
      const r = await saveGradingRule(context.db, user, rule);
      if (r.ok) return data(done(submission, { version: r.version }));
      return refused(submission, r.reason, r.reason === 'bad_rule' ? { extra: { problems: r.problems } } : {});
    }
    case 'propose':
      await queueJob(context.db, user, 'grading', {});
      throw redirect('/staff/grading');
    case 'keep': {
      const r = await keepShopGrade(context.db, user, form.proposalId, form.retailerId);
      return r.ok ? data(done(submission)) : refused(submission, r.reason);
    }
    case 'approve': {
      const r = await approveGradeProposal(context.db, user, form.proposalId);
      return r.ok ? data(done(submission, { count: r.count })) : refused(submission, r.reason);
    }
    case 'discard': {
      const r = await discardGradeProposal(context.db, user, form.proposalId);
      return r.ok ? data(done(submission)) : refused(submission, r.reason);
    }
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionReply = NonNullable<Reply> & { problems?: GradingRuleProblem[]; count?: number; version?: number };

export default function StaffGrading() {
  const { rule, job, proposal } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as unknown as ActionReply | undefined;
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const computing = isJobActive(job);
  useJobPolling(computing);
  const intent = replyIntent(reply);
  return (
    <>
      <h1>{t('grading.title')}</h1>
      <p className="muted">{t('grading.intro', { weeks: GRADING_WEEKS })}</p>
      <p>
        <Link to="/staff/grade-rules">{t('grading.textLink')}</Link>
      </p>
      <RuleForm rule={rule} reply={intent === 'rule' ? reply : undefined} busy={busy} />
      <section className="card" aria-labelledby="grading-propose">
        <h2 id="grading-propose">{t('grading.proposeTitle')}</h2>
        <p className="muted">{t('grading.proposeIntro')}</p>
        <Form method="post">
          <button type="submit" name="intent" value="propose" className="button" disabled={busy || computing}>
            {t('grading.propose')}
          </button>
        </Form>
        <JobStatus id="grading-job" job={job} result={(j) => t('grading.jobDone', { judged: j.result.judged, up: j.result.up, down: j.result.down })} />
      </section>
      {proposal ? <Proposal proposal={proposal} reply={intent && intent !== 'rule' ? reply : undefined} busy={busy} /> : null}
    </>
  );
}

function RuleForm({ rule, reply, busy }: { rule: Loaded['rule']; reply: ActionReply | undefined; busy: boolean }) {
  const { t } = useTranslation();
  const problems = reply?.problems ?? [];
  const problemOf = (field: string) => problems.some((p) => p.field === field);
  const error = replyError(reply);
  return (
    <section className="card" aria-labelledby="grading-rule">
      <h2 id="grading-rule">{t('grading.ruleTitle')}</h2>
      <p className="muted">
        {rule.version === null ? t('grading.ruleDefault') : t('grading.ruleVersion', { version: rule.version, time: formatDateTime(rule.setAt!), by: rule.setBy ?? '' })}
      </p>
      {replyDone(reply) ? (
        <p className="form-ok" role="status">
          {t('grading.ruleSaved', { version: reply?.version ?? '' })}
        </p>
      ) : null}
      {error ? (
        <div className="form-error" role="alert">
          <p>{t(error === 'bad_rule' ? 'grading.error.bad_rule' : 'grading.error.invalid')}</p>
          {problems.length ? (
            <ul>
              {problems.map((p) => (
                <li key={`${p.field}-${p.code}`}>
                  <ProblemText p={p} />
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" className="form">
        <fieldset>
          <legend>{t('grading.weights')}</legend>
          {GRADING_FIGURES.map((f) => (
            <div className="field" key={f}>
              <label htmlFor={`gw-${f}`}>{t(`grading.figure.${f}`)}</label>
              <input id={`gw-${f}`} name={`weights.${f}`} type="number" inputMode="numeric" min={0} max={100} step={1} defaultValue={rule.rule.weights[f]} required aria-invalid={problemOf(`weights.${f}`) || problemOf('weights') ? true : undefined} />
            </div>
          ))}
          <p className="hint">{t('grading.weightsHint')}</p>
        </fieldset>
        <div className="field">
          <label htmlFor="g-step">{t('grading.maxStep')}</label>
          <input id="g-step" name="maxStep" type="number" inputMode="numeric" min={1} max={MAX_STEP_LIMIT} step={1} defaultValue={rule.rule.maxStep} required aria-describedby="g-step-hint" aria-invalid={problemOf('maxStep') ? true : undefined} />
          <span className="hint" id="g-step-hint">
            {t('grading.maxStepHint')}
          </span>
        </div>
        <details>
          <summary>{t('grading.bands')}</summary>
          <p className="hint">{t('grading.bandsHint')}</p>
          <div className="table-wrap">
            <table className="grading-bands">
              <caption>{t('grading.bands')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('grading.grade')}</th>
                  <th scope="col">{t('grading.fromPercent')}</th>
                  <th scope="col">{t('grading.toPercent')}</th>
                </tr>
              </thead>
              <tbody>
                {rule.rule.bands.map((b, i) => (
                  <tr key={b.grade}>
                    <th scope="row">{t('grading.gradeN', { grade: b.grade })}</th>
                    <td>
                      <input name={`bands[${i}].fromPercent`} type="number" inputMode="numeric" min={0} max={100} step={1} defaultValue={b.fromPercent} aria-label={t('grading.bandFrom', { grade: b.grade })} aria-invalid={problemOf(`bands.${i}.fromPercent`) ? true : undefined} />
                    </td>
                    <td>
                      <input name={`bands[${i}].toPercent`} type="number" inputMode="numeric" min={0} max={100} step={1} defaultValue={b.toPercent} aria-label={t('grading.bandTo', { grade: b.grade })} aria-invalid={problemOf(`bands.${i}.toPercent`) ? true : undefined} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        <button type="submit" name="intent" value="rule" className="button" disabled={busy}>
          {t('grading.saveRule')}
        </button>
      </Form>
    </section>
  );
}

/** A rule problem in words, naming the field (a grade's band by its grade). */
function ProblemText({ p }: { p: GradingRuleProblem }) {
  const { t } = useTranslation();
  const bandIndex = /^bands\.(\d+)\./.exec(p.field)?.[1];
  const grade = bandIndex === undefined ? 0 : Number(bandIndex) + 1;
  const figure = p.code === 'weight_not_whole' ? t(`grading.figure.${p.field.split('.')[1] as 'ordered'}`) : '';
  const previous = p.code === 'overlap' || p.code === 'gap' ? p.grade - 1 : 0;
  const previousTo = p.code === 'overlap' || p.code === 'gap' ? p.previousTo : 0;
  const sum = p.code === 'weights_not_100' ? p.sum : 0;
  return <>{t(`grading.problem.${p.code}`, { field: figure, sum, max: MAX_STEP_LIMIT, grade: p.code === 'overlap' || p.code === 'gap' ? p.grade : grade, previous, previousTo })}</>;
}

function Proposal({ proposal, reply, busy }: { proposal: NonNullable<Loaded['proposal']>; reply: ActionReply | undefined; busy: boolean }) {
  const { t } = useTranslation();
  const error = replyError(reply);
  const open = proposal.status === 'open';
  const pending = proposal.byDecision.pending ?? 0;
  return (
    <section className="card" aria-labelledby="grading-proposal">
      <h2 id="grading-proposal">{t('grading.proposalTitle', { from: proposal.windowFrom, to: proposal.windowTo })}</h2>
      <p className="muted">{t('grading.proposalComputed', { time: formatDateTime(proposal.computedAt) })}</p>
      <p>{t('grading.summary', { judged: proposal.judged, notJudged: proposal.notJudged, up: proposal.up, down: proposal.down })}</p>
      <p role="status">
        {proposal.status === 'open'
          ? t('grading.statusOpen', { pending, kept: proposal.byDecision.rejected ?? 0 })
          : proposal.status === 'discarded'
            ? t('grading.statusDiscarded')
            : proposal.appliedAt
              ? t('grading.statusApplied', { code: proposal.appliedCycleCode ?? '', count: proposal.byDecision.approved ?? 0 })
              : t('grading.statusApproved', { count: proposal.byDecision.approved ?? 0 })}
      </p>
      {replyDone(reply) && replyIntent(reply) === 'approve' ? (
        <p className="form-ok" role="status">
          {t('grading.approved', { count: reply?.count ?? 0 })}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(`grading.error.${error === 'not_open' ? 'not_open' : error === 'not_found' ? 'not_found' : 'invalid'}`)}
        </p>
      ) : null}
      {open && proposal.changes > 0 ? (
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="proposalId" value={proposal.id} />
            <button type="submit" name="intent" value="approve" className="button" disabled={busy || pending === 0}>
              {t('grading.approve', { count: pending })}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="proposalId" value={proposal.id} />
            <button type="submit" name="intent" value="discard" className="button secondary" disabled={busy}>
              {t('grading.discard')}
            </button>
          </Form>
        </div>
      ) : null}
      {proposal.lines.map((l) => (
        <article key={l.retailerId} className="grading-line" aria-labelledby={`gl-${l.retailerId}`}>
          <h3 id={`gl-${l.retailerId}`}>
            {l.name} · {t('grading.move', { from: l.gradeFrom, to: l.gradeTo })}
          </h3>
          <p className="muted">
            {l.licenceNo} · {t(`businessType.${l.businessType as 'grocery'}`)} · {t(`grading.decision.${l.decision}`)}
          </p>
          <p>
            {t('grading.why', {
              rank: l.why.rank,
              shops: l.why.shops,
              place: formatPercent(l.why.place),
              ordered: formatMoney(l.why.orderedFen, t),
              premium: formatPercent(l.why.premiumShare),
              scanned: l.why.scannedPacks === null ? t('grading.unknown') : formatQuantity('packs', l.why.scannedPacks, t),
            })}{' '}
            {l.why.stepLimited ? t('grading.stepLimited', { band: l.bandGrade }) : null}
          </p>
          {open && l.decision === 'pending' ? (
            <Form method="post">
              <input type="hidden" name="proposalId" value={proposal.id} />
              <input type="hidden" name="retailerId" value={l.retailerId} />
              <button type="submit" name="intent" value="keep" className="button secondary" disabled={busy}>
                {t('grading.keep', { grade: l.gradeFrom })}
              </button>
            </Form>
          ) : null}
        </article>
      ))}
      {proposal.pages > 1 ? (
        <nav className="pager" aria-label={t('grading.pages')}>
          {proposal.page > 1 ? <Link to={`?page=${proposal.page - 1}`}>{t('grading.previous')}</Link> : null}
          <span>{t('grading.pageOf', { page: proposal.page, pages: proposal.pages })}</span>
          {proposal.page < proposal.pages ? <Link to={`?page=${proposal.page + 1}`}>{t('grading.next')}</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
