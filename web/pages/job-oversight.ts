import { randomUUID } from 'node:crypto';
import {
  chooseForInspection,
  decideContractorRequest,
  type OversightDeps,
  OversightInputError,
  recordContractorRequest,
  recordInspectionFinding,
} from '../../shared/application/job-oversight.ts';
import type { FieldError } from '../../shared/domain/field-errors.ts';
import { FORM_KEY_FIELD, isFormKey } from '../../shared/domain/form-key.ts';
import { JOB_ID, poundsOf, SERVICE_LEVEL_NAMES, validateWith } from '../../shared/domain/target-hardening.ts';
import { type Job, JobNotFoundError } from '../../shared/domain/target-hardening-jobs.ts';
import {
  type ContractorRequest,
  ContractorRequestSchema,
  INSPECTION_RESULTS,
  type InspectionResult,
  OversightRefusedError,
} from '../../shared/domain/target-hardening-oversight.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { penceOf } from './job-forms.ts';
import { actorOf, type PageKit, type SignedInContext } from './page-kit.ts';

type Form = Readonly<Record<string, string>>;

const RESULT_NAMES: Readonly<Record<InspectionResult, string>> = {
  satisfactory: 'Satisfactory',
  'remedial-work-needed': 'Remedial work needed',
  unsatisfactory: 'Unsatisfactory',
};

/** Where each field's error links to, and its name in words. */
const FIELDS: Readonly<Record<string, { id: string; name: string }>> = {
  covers: { id: 'covers', name: 'What the guarantee covers' },
  what: { id: 'what', name: 'What is guaranteed' },
  months: { id: 'months', name: 'How long' },
  description: { id: 'description', name: 'What the victim asked for' },
  estimatePence: { id: 'estimate', name: 'The estimate' },
  outcome: { id: 'outcome', name: 'The decision' },
  reason: { id: 'reason', name: 'The reason' },
  result: { id: 'result', name: 'The finding' },
  notes: { id: 'notes', name: 'Notes' },
  jobs: { id: 'jobs', name: 'Jobs to inspect' },
  [FORM_KEY_FIELD]: { id: 'main-content', name: 'The form' },
};

function shown(errors: readonly FieldError[]) {
  const byId: Record<string, string> = {};
  const summary = errors.map((error) => {
    const field = FIELDS[error.field] ?? { id: error.field, name: error.field };
    const text = `${field.name} ${error.message}`;
    byId[field.id] = text;
    return { text, href: `#${field.id}` };
  });
  return { errors: byId, errorSummary: summary };
}

const describe = (request: ContractorRequest) =>
  request.details.kind === 'guarantee'
    ? `Guarantee for ${request.details.covers}: ${request.details.what}, ${request.details.months} months`
    : `Work outside the contract: ${request.details.description} (estimate ${poundsOf(request.details.estimatePence)})`;

const decisionText = (request: ContractorRequest) =>
  request.decision
    ? `${request.decision.outcome === 'agreed' ? 'Agreed' : 'Refused'} by ${request.decision.by}, ${localDateTime(request.decision.at)}${request.decision.reason ? `: ${request.decision.reason}` : ''}`
    : 'Waiting for the commissioner’s office';

/** What the commissioner's office sees of a job: its reference, visit, level and costs, never the victim. */
const jobSummary = (job: Job) => ({
  jobId: job.jobId,
  visited: job.visit ? localDateTime(job.visit.visitedAt) : '',
  level: job.visit?.level ? SERVICE_LEVEL_NAMES[job.visit.level] : 'Not set',
  cost: poundsOf(
    (job.visit?.costPence ?? 0) +
      (job.visit?.visit.outcome === 'visited' ? (job.visit.visit.labourPence ?? 0) : 0),
  ),
});

/**
 * Guarantees, requests for work outside the contract and inspections (docs/target-hardening.md): the
 * contractor records guarantees and requests on a visited job; the commissioner's office (the analyst)
 * agrees or refuses each, chooses completed jobs to inspect and records each inspection's finding.
 */
export function createJobOversightPages(
  kit: PageKit,
  deps: OversightDeps & { readonly jobs: { listJobs(): Promise<Job[]> } },
) {
  const findJob = async (jobId: string) => (JOB_ID.test(jobId) ? deps.jobs.getJob(jobId) : undefined);
  const notFound = (ctx: SignedInContext, what: string, back: string) =>
    kit.message(ctx, 404, `${what} not found`, [`There is no ${what.toLowerCase()} here.`], {
      href: back,
      text: 'Go back',
    });
  const refused = (ctx: SignedInContext, error: Error, back: string) =>
    kit.message(ctx, 409, 'This cannot be recorded', [`${error.message}. Nothing you entered was saved.`], {
      href: back,
      text: 'Go back',
    });

  // --- The contractor's page of a job's guarantees and requests -------------------------------------

  async function requestsPage(
    ctx: SignedInContext,
    jobId: string,
    entered?: { values: Form; errors: readonly FieldError[] },
  ): Promise<WebResponse> {
    const job = await findJob(jobId);
    if (!job) return notFound(ctx, 'Job', '/jobs');
    if (!entered) await kit.audit(ctx, job.jobId, 'viewed', 'job:requests');
    const requests = (await deps.oversight.listRequests()).filter((r) => r.jobId === job.jobId);
    const values = entered?.values ?? {};
    return kit.render(
      ctx,
      'job-requests',
      {
        title: `Guarantees and requests: job ${job.jobId}`,
        jobId: job.jobId,
        visited: job.visit?.visit.outcome === 'visited',
        requests: requests.map((r) => ({
          text: describe(r),
          decision: decisionText(r),
          at: localDateTime(r.recordedAt),
        })),
        formKey: randomUUID(),
        kind: values.kind,
        values,
        ...(entered?.errors.length ? shown(entered.errors) : { errors: {} }),
      },
      entered?.errors.length ? 400 : 200,
    );
  }

  async function requestPost(ctx: SignedInContext, jobId: string): Promise<WebResponse> {
    const form = ctx.request.form;
    const job = await findJob(jobId);
    if (!job) return notFound(ctx, 'Job', '/jobs');
    const back = `/jobs/${encodeURIComponent(job.jobId)}/requests`;
    const kind = form.kind === 'extra-work' ? 'extra-work' : 'guarantee';
    const problems: FieldError[] = [];
    const input: Record<string, unknown> = { kind };
    if (kind === 'guarantee') {
      if (form.covers) input.covers = form.covers;
      if (form.what?.trim()) input.what = form.what;
      const months = form.months?.trim() ?? '';
      if (/^\d{1,3}$/.test(months)) input.months = Number(months);
      else if (months) problems.push({ field: 'months', message: 'must be a whole number of months' });
    } else {
      if (form.description?.trim()) input.description = form.description;
      const estimate = form.estimate?.trim() ?? '';
      const pence = estimate ? penceOf(estimate) : undefined;
      if (pence !== undefined) input.estimatePence = pence;
      else if (estimate)
        problems.push({ field: 'estimatePence', message: 'must be an amount in pounds, like 120.00' });
    }
    const requestId = form[FORM_KEY_FIELD];
    try {
      if (!isFormKey(requestId))
        throw new OversightInputError([
          { field: FORM_KEY_FIELD, message: 'could not be matched to its page: send it again' },
        ]);
      // What the form could not read, with what the schema says of the rest: one submit shows every problem.
      if (problems.length > 0) {
        const checked = validateWith(ContractorRequestSchema, input);
        throw new OversightInputError([...problems, ...(checked.ok ? [] : checked.errors)]);
      }
      await recordContractorRequest(deps, {
        jobId: job.jobId,
        formKey: requestId,
        input,
        ...actorOf(ctx),
      });
    } catch (error) {
      if (error instanceof OversightInputError) {
        const named = new Set(problems.map((p) => p.field));
        const all = [...problems, ...error.errors.filter((e) => !named.has(e.field))];
        return requestsPage(ctx, job.jobId, { values: { ...form, kind }, errors: all });
      }
      if (error instanceof OversightRefusedError) return refused(ctx, error, back);
      throw error;
    }
    return redirect(`${back}?saved=${kind}`);
  }

  // --- The commissioner's office ------------------------------------------------------------------

  async function overviewPage(
    ctx: SignedInContext,
    chooseErrors?: readonly FieldError[],
  ): Promise<WebResponse> {
    const [requests, inspections, jobs] = await Promise.all([
      deps.oversight.listRequests(),
      deps.oversight.listInspections(),
      deps.jobs.listJobs(),
    ]);
    const chosen = new Set(inspections.map((i) => i.jobId));
    const completed = jobs
      .filter((job) => job.visit?.visit.outcome === 'visited')
      .sort((a, b) => (b.visit?.visitedAt.getTime() ?? 0) - (a.visit?.visitedAt.getTime() ?? 0));
    const row = (r: ContractorRequest) => ({
      requestId: r.requestId,
      jobId: r.jobId,
      text: describe(r),
      at: localDateTime(r.recordedAt),
      decision: decisionText(r),
    });
    return kit.render(
      ctx,
      'oversight',
      {
        title: 'Target hardening: guarantees, requests and inspections',
        waiting: requests.filter((r) => !r.decision).map(row),
        decided: requests
          .filter((r) => r.decision)
          .reverse()
          .map(row),
        inspections: inspections.map((i) => ({
          jobId: i.jobId,
          chosen: `${localDateTime(i.chosenAt)} by ${i.chosenBy}`,
          finding: i.finding
            ? `${RESULT_NAMES[i.finding.result]}${i.finding.notes ? `: ${i.finding.notes}` : ''}`
            : undefined,
        })),
        completed: completed.filter((job) => !chosen.has(job.jobId)).map(jobSummary),
        saved: ctx.request.query.saved,
        ...(chooseErrors?.length ? shown(chooseErrors) : { errors: {} }),
      },
      chooseErrors?.length ? 400 : 200,
    );
  }

  async function choosePost(ctx: SignedInContext): Promise<WebResponse> {
    const jobIds = Object.entries(ctx.request.form)
      .filter(([name, value]) => name.startsWith('inspect-') && value === 'yes')
      .map(([name]) => name.slice('inspect-'.length))
      .filter((jobId) => JOB_ID.test(jobId));
    try {
      await chooseForInspection(deps, { jobIds, ...actorOf(ctx) });
    } catch (error) {
      if (error instanceof OversightInputError) return overviewPage(ctx, error.errors);
      if (error instanceof OversightRefusedError) return refused(ctx, error, '/oversight');
      if (error instanceof JobNotFoundError) return notFound(ctx, 'Job', '/oversight');
      throw error;
    }
    return redirect('/oversight?saved=inspections');
  }

  async function decisionPage(
    ctx: SignedInContext,
    requestId: string,
    entered?: { values: Form; errors: readonly FieldError[] },
  ): Promise<WebResponse> {
    const request = await deps.oversight.getRequest(requestId);
    if (!request) return notFound(ctx, 'Request', '/oversight');
    if (!entered) await kit.audit(ctx, request.jobId, 'viewed', `job:${request.details.kind}`);
    const job = await deps.jobs.getJob(request.jobId);
    const values = entered?.values ?? {};
    return kit.render(
      ctx,
      'oversight-form',
      {
        title:
          request.details.kind === 'guarantee'
            ? 'Agree or refuse a guarantee'
            : 'Agree or refuse work outside the contract',
        action: `/oversight/requests/${encodeURIComponent(requestId)}`,
        job: job ? jobSummary(job) : { jobId: request.jobId },
        what: describe(request),
        recorded: `${localDateTime(request.recordedAt)} by ${request.recordedBy}`,
        decided: request.decision ? decisionText(request) : undefined,
        radios: {
          name: 'outcome',
          legend: 'Your decision',
          items: [
            { value: 'agreed', text: 'Agree', checked: values.outcome === 'agreed' },
            { value: 'refused', text: 'Refuse', checked: values.outcome === 'refused' },
          ],
        },
        notes: { name: 'reason', label: 'Reason (required when refusing)' },
        values,
        ...(entered?.errors.length ? shown(entered.errors) : { errors: {} }),
      },
      entered?.errors.length ? 400 : 200,
    );
  }

  async function decisionPost(ctx: SignedInContext, requestId: string): Promise<WebResponse> {
    const form = ctx.request.form;
    const input = {
      ...(form.outcome ? { outcome: form.outcome } : {}),
      ...(form.reason?.trim() ? { reason: form.reason } : {}),
    };
    try {
      await decideContractorRequest(deps, { recordId: requestId, input, ...actorOf(ctx) });
    } catch (error) {
      if (error instanceof OversightInputError)
        return decisionPage(ctx, requestId, { values: form, errors: error.errors });
      if (error instanceof OversightRefusedError) return refused(ctx, error, '/oversight');
      throw error;
    }
    return redirect('/oversight?saved=decision');
  }

  async function inspectionPage(
    ctx: SignedInContext,
    jobId: string,
    entered?: { values: Form; errors: readonly FieldError[] },
  ): Promise<WebResponse> {
    const inspection = JOB_ID.test(jobId) ? await deps.oversight.getInspection(jobId) : undefined;
    const job = inspection && (await deps.jobs.getJob(jobId));
    if (!inspection || !job) return notFound(ctx, 'Inspection', '/oversight');
    if (!entered) await kit.audit(ctx, job.jobId, 'viewed', 'job:inspection');
    const values = entered?.values ?? {};
    const items = job.visit?.visit.outcome === 'visited' ? job.visit.visit.items : [];
    return kit.render(
      ctx,
      'oversight-form',
      {
        title: `Record the inspection of job ${job.jobId}`,
        action: `/oversight/inspections/${encodeURIComponent(job.jobId)}`,
        job: jobSummary(job),
        what:
          items.length > 0
            ? items.map((i) => `${i.quantity} × ${i.product}`).join('; ')
            : 'Advice only: no items',
        recorded: `Chosen ${localDateTime(inspection.chosenAt)} by ${inspection.chosenBy}`,
        decided: inspection.finding
          ? `${RESULT_NAMES[inspection.finding.result]}, recorded by ${inspection.finding.by}`
          : undefined,
        radios: {
          name: 'result',
          legend: 'What did the inspection find?',
          items: INSPECTION_RESULTS.map((result) => ({
            value: result,
            text: RESULT_NAMES[result],
            checked: values.result === result,
          })),
        },
        notes: { name: 'notes', label: 'Notes (optional)' },
        values,
        ...(entered?.errors.length ? shown(entered.errors) : { errors: {} }),
      },
      entered?.errors.length ? 400 : 200,
    );
  }

  async function inspectionPost(ctx: SignedInContext, jobId: string): Promise<WebResponse> {
    const form = ctx.request.form;
    const input = {
      ...(form.result ? { result: form.result } : {}),
      ...(form.notes?.trim() ? { notes: form.notes } : {}),
    };
    try {
      await recordInspectionFinding(deps, { jobId, input, ...actorOf(ctx) });
    } catch (error) {
      if (error instanceof OversightInputError)
        return inspectionPage(ctx, jobId, { values: form, errors: error.errors });
      if (error instanceof OversightRefusedError) return refused(ctx, error, '/oversight');
      throw error;
    }
    return redirect('/oversight?saved=finding');
  }

  return {
    requestsPage: (ctx: SignedInContext, jobId: string) => requestsPage(ctx, jobId),
    requestPost,
    overviewPage: (ctx: SignedInContext) => overviewPage(ctx),
    choosePost,
    decisionPage: (ctx: SignedInContext, requestId: string) => decisionPage(ctx, requestId),
    decisionPost,
    inspectionPage: (ctx: SignedInContext, jobId: string) => inspectionPage(ctx, jobId),
    inspectionPost,
  };
}
