import { JobInputError } from '../../shared/application/job-actions.ts';
import { type RecordOnJobDeps, recordOnJob } from '../../shared/application/job-records.ts';
import { may, type Permission } from '../../shared/domain/roles.ts';
import {
  ASSESSMENT_SCORE_MAX,
  type Item,
  JOB_ID,
  type ProductLimits,
  poundsOf,
  productBudgetYearOf,
  SATISFACTION,
  SERVICE_LEVEL_NAMES,
  serviceLevelFor,
} from '../../shared/domain/target-hardening.ts';
import {
  type Job,
  type JobEvent,
  JobNotFoundError,
  JobNotWaitingError,
  type JobStage,
  recordOf,
} from '../../shared/domain/target-hardening-jobs.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ProductBudgetStore, ThJobStore } from '../../shared/ports/target-hardening.ts';
import type { TaskResponses } from '../../shared/ports/workflows.ts';
import { redirect, type WebResponse } from '../http.ts';
import { dueIn, localDateTime } from '../views.ts';
import {
  bookingFromForm,
  type FromForm,
  fieldErrorsOf,
  followUpFromForm,
  ITEM_ROWS,
  JOB_STATUS_NAMES,
  OPEN_STATUSES,
  SATISFACTION_NAMES,
  visitErrorsOf,
  visitFromForm,
} from './job-forms.ts';
import {
  actorOf,
  type FieldErrors,
  type PageContext,
  type PageKit,
  type SignedInContext,
} from './page-kit.ts';
import { dialled, sentence } from './wording.ts';

/** What the job pages need: the jobs, the money rules, answering the job's workflow, and the audit log. */
export interface JobPagesDeps {
  readonly jobs: ThJobStore & ProductBudgetStore;
  readonly limits: ProductLimits;
  /** Resumes the job's workflow when the contractor records what it waits for. */
  readonly workflows: TaskResponses;
  readonly clock: Clock;
  /** Where each record is audited, once (shared/application/job-records.ts). */
  readonly audit: Pick<AuditLog, 'record'>;
}

/** Who opens the job pages: the contractor, who records, and team leaders, who only look. */
export const JOB_VIEWERS: readonly Permission[] = ['jobs:work', 'jobs:read'];

const STAGES: ReadonlyArray<JobStage> = ['booking', 'visit', 'follow-up'];

/** Where each form keeps its notes (the visit's refusal has a small form of its own). */
const NOTES_ID: Readonly<Record<JobStage, string>> = {
  booking: 'refusedNotes',
  visit: 'notes',
  'follow-up': 'notes',
};

/** What the page says after each record. */
const SAVED: Readonly<Record<JobStage, string>> = {
  booking: 'Booking call recorded.',
  visit: 'Visit recorded.',
  'follow-up': 'Follow-up call recorded.',
};

const KIND_NAMES = {
  emergency: 'Emergency: attend within 4 hours',
  standard: 'Standard: phone the victim, then attend within 5 working days',
} as const;

const tagClassesOf = (due: ReturnType<typeof dueIn>) =>
  due.overdue ? 'govuk-tag--red' : due.soon ? 'govuk-tag--orange' : 'govuk-tag--grey';

/** The deadline an open job is working to: the follow-up's when that is due, else attending. */
function deadlineOf(job: Job): Date {
  if (job.status === 'follow-up-due') return job.waiting?.due ?? job.followUpAt ?? job.attendBy;
  return job.attendBy;
}

/** A job event as the job page says it. Codes only in, words out. */
function describeJobEvent(event: JobEvent): { label: string; text: string } {
  const d = event.detail ?? {};
  const reason = typeof d.reason === 'string' ? `${sentence(d.reason)}.` : '';
  switch (event.type) {
    case 'deadline-at-risk':
      return { label: 'Deadline at risk: a team leader was told', text: reason };
    case 'deadline-breached':
      return { label: 'Deadline missed', text: reason };
    case 'items-withheld':
      return { label: 'Items withheld: a team leader was told', text: reason };
    case 'follow-up-missed':
      return { label: 'Follow-up call missed', text: reason };
    case 'job-ended': {
      const result = String(d.result ?? '');
      const words: Record<string, string> = {
        refused: 'Ended: the victim refused',
        'not-attended': 'Ended: not attended',
        'spoke-to-victim': 'Ended: followed up with the victim',
        'no-contact': 'Ended: the victim could not be reached for the follow-up',
      };
      return { label: words[result] ?? `Ended: ${result.replaceAll('-', ' ')}`, text: '' };
    }
    default:
      return { label: sentence(event.type), text: '' };
  }
}

/**
 * What each home security score means for this victim: the service level is set from the score with their
 * vulnerability factors (serviceLevelFor), so the ranges are worked out from it, score by score.
 */
function scoreHintFor(factors: number): string {
  const ranges = new Map<1 | 2 | 3, number[]>();
  for (let score = 0; score <= ASSESSMENT_SCORE_MAX; score++) {
    const level = serviceLevelFor(score, factors);
    ranges.set(level, [...(ranges.get(level) ?? []), score]);
  }
  const what: Record<1 | 2 | 3, string> = {
    1: 'advice only, no items',
    2: 'items the victim fits',
    3: 'items fitted, each of the approved standard',
  };
  const parts = [...ranges].map(([level, scores]) => {
    const first = scores[0];
    const last = scores[scores.length - 1];
    return `${first === last ? `${first}` : `${first} to ${last}`} is level ${level} (${what[level]})`;
  });
  return `0 is secure, ${ASSESSMENT_SCORE_MAX} no security at all. With this victim’s ${factors} vulnerability factor${factors === 1 ? '' : 's'}: ${parts.join('; ')}.`;
}

const itemText = (item: Item) =>
  `${item.quantity} × ${item.product} at ${poundsOf(item.unitCostPence)}${item.approvedStandard ? ' (approved standard)' : ''}`;

const row = (key: string, text: string) => ({ key: { text: key }, value: { text } });

/** What has been recorded on the job, as summary-list rows. */
function recordedRows(job: Job) {
  const rows: ReturnType<typeof row>[] = [];
  if (job.booking) {
    rows.push(
      row(
        'Booking call',
        job.booking.outcome === 'booked'
          ? `Visit booked for ${job.booking.visitAt ? localDateTime(job.booking.visitAt) : 'a time not recorded'}, by ${job.booking.bookedBy}.`
          : `The victim refused the service, recorded by ${job.booking.bookedBy}.`,
      ),
    );
  }
  const recorded = job.visit;
  if (recorded) {
    const { visit } = recorded;
    rows.push(row('Visit recorded', `${localDateTime(recorded.visitedAt)} by ${recorded.recordedBy}`));
    if (visit.outcome === 'refused') {
      rows.push(row('Outcome', 'The victim refused the work at the door.'));
    } else {
      rows.push(
        row('Service level', recorded.level ? SERVICE_LEVEL_NAMES[recorded.level] : 'Not set'),
        row('Home security score', `${visit.assessmentScore} (0 is secure, 10 no security at all)`),
        row('Items', visit.items.length > 0 ? visit.items.map(itemText).join('; ') : 'None'),
        row('Cost of items', poundsOf(recorded.costPence)),
        row('Cost of labour', visit.labourPence === undefined ? 'None entered' : poundsOf(visit.labourPence)),
        row('Needed more than the price cap or budget allows', visit.neededMoreThanAllowed ? 'Yes' : 'No'),
        row('Satisfaction survey', SATISFACTION_NAMES[visit.survey]),
        row('Feels safer', said(visit.feelsSafer)),
      );
      if (visit.additionalNeeds) {
        rows.push(
          row(
            'Other needs',
            `${visit.additionalNeeds} (${job.consentToFeedback ? 'passed to the referrer' : 'not passed on: the victim did not consent'})`,
          ),
        );
      }
    }
    if (visit.notes) rows.push(row('Visit notes', visit.notes));
  }
  if (job.followUpAt && !job.followUp)
    rows.push(row('Follow-up call', `Due from ${localDateTime(job.followUpAt)}`));
  if (job.followUp) {
    const { result } = job.followUp;
    rows.push(
      row(
        'Follow-up call',
        result.outcome === 'spoke-to-victim'
          ? `Spoke to the victim: the home is ${result.stillSecure ? 'still secure' : 'no longer secure'}; ${SATISFACTION_NAMES[result.satisfaction].toLowerCase()}. By ${job.followUp.recordedBy}.`
          : `Could not reach the victim. By ${job.followUp.recordedBy}.`,
      ),
    );
    if (result.outcome === 'spoke-to-victim')
      rows.push(
        row('A year on: feels safer', said(result.feelsSafer)),
        row('A year on: is safer (no repeat burglary or attack reported)', said(result.isSafer)),
        row('A year on: products still in use', said(result.productsInUse)),
      );
    if (result.notes) rows.push(row('Follow-up notes', result.notes));
  }
  return rows;
}

/**
 * The contractor's portal (docs/target-hardening.md): the list of target-hardening jobs and each job's page, with
 * the form for the stage its workflow waits at. A job holds only what the contractor may see of the victim
 * (name, address, phone, vulnerability factors). Team leaders see the same pages without the forms.
 */
export function createJobPages(kit: PageKit, deps: JobPagesDeps) {
  const records: RecordOnJobDeps = {
    jobs: deps.jobs,
    workflows: deps.workflows,
    clock: deps.clock,
    limits: deps.limits,
    audit: deps.audit,
  };

  const findJob = async (jobId: string) => (JOB_ID.test(jobId) ? deps.jobs.getJob(jobId) : undefined);
  /** A refusal of a job page is audited against the job, when there is one by that reference. */
  const jobIdOf = async (jobId: string) => (await findJob(jobId))?.jobId;
  /** Views and changes of a job are audited under the job (shared/ports/audit-log.ts takes a job's id). */
  const auditJob = async (ctx: PageContext, job: Job, action: 'viewed' | 'changed', what: string) =>
    kit.audit(ctx, job.jobId, action, what);
  const jobNotFound = (ctx: PageContext, jobId: string) =>
    kit.message(ctx, 404, 'Job not found', [`There is no job ${jobId}.`], {
      href: '/jobs',
      text: 'Back to the jobs',
    });

  async function jobsPage(ctx: PageContext): Promise<WebResponse> {
    const now = deps.clock.now();
    const year = productBudgetYearOf(now);
    const [jobs, spent] = await Promise.all([deps.jobs.listJobs(), deps.jobs.productSpend(year)]);
    const rowOf = (job: Job, open: boolean) => {
      const deadline = deadlineOf(job);
      const due = dueIn(deadline, now);
      return {
        jobId: job.jobId,
        referralNumber: job.referralNumber,
        emergency: job.kind === 'emergency',
        status: JOB_STATUS_NAMES[job.status],
        deadline: localDateTime(deadline),
        ...(open ? { due: { text: due.text, classes: tagClassesOf(due) } } : {}),
      };
    };
    const open = jobs
      .filter((job) => OPEN_STATUSES.has(job.status))
      .sort((a, b) => deadlineOf(a).getTime() - deadlineOf(b).getTime());
    const ended = jobs
      .filter((job) => !OPEN_STATUSES.has(job.status))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return kit.render(ctx, 'jobs', {
      title: 'Target hardening jobs',
      open: open.map((job) => rowOf(job, true)),
      ended: ended.map((job) => rowOf(job, false)),
      spend: {
        year,
        spent: poundsOf(spent),
        budget: poundsOf(deps.limits.annualBudgetPence),
        left: poundsOf(Math.max(0, deps.limits.annualBudgetPence - spent)),
      },
    });
  }

  /** The form the job waits for, ready for the template: its fields' choices and what was entered. */
  function formFor(job: Job, stage: JobStage, values: Readonly<Record<string, string>>) {
    const factors = job.victim.vulnerabilities.length;
    const checked = (name: string, value: string) => values[name] === value;
    switch (stage) {
      case 'booking':
        return { stage };
      case 'visit':
        return {
          stage,
          factors,
          scoreItems: Array.from({ length: 11 }, (_, score) => ({
            value: String(score),
            text: String(score),
            checked: checked('assessmentScore', String(score)),
          })),
          scoreHint: scoreHintFor(factors),
          itemRows: Array.from({ length: ITEM_ROWS }, (_, index) => ({
            index,
            number: index + 1,
            approved: values[`items-${index}-approvedStandard`] === 'yes',
          })),
          priceCap: poundsOf(deps.limits.priceCapPence),
          surveyItems: [...SATISFACTION, 'declined' as const].map((answer) => ({
            value: answer,
            text: SATISFACTION_NAMES[answer],
            checked: checked('survey', answer),
          })),
          neededMore: values.neededMoreThanAllowed === 'yes',
          consent: job.consentToFeedback,
        };
      case 'follow-up':
        return {
          stage,
          satisfactionItems: SATISFACTION.map((answer) => ({
            value: answer,
            text: SATISFACTION_NAMES[answer],
            checked: checked('satisfaction', answer),
          })),
        };
    }
  }

  async function jobPage(
    ctx: SignedInContext,
    jobId: string,
    entered?: { readonly stage: JobStage; readonly values: Record<string, string> } & FieldErrors,
  ): Promise<WebResponse> {
    const { session } = ctx;
    const job = await findJob(jobId);
    if (!job) return jobNotFound(ctx, jobId);
    await auditJob(ctx, job, 'viewed', 'job');
    const now = deps.clock.now();
    const events = await deps.jobs.listEvents(job.jobId);
    const open = OPEN_STATUSES.has(job.status);
    const due = dueIn(deadlineOf(job), now);
    const stage = may(session.roles, 'jobs:work') ? job.waiting?.stage : undefined;
    // What was entered goes back into the form it was entered in (not into the next stage's).
    const shown = entered && entered.stage === stage ? entered : undefined;
    const values = shown?.values ?? {};
    const saved = STAGES.find((s) => s === ctx.request.query.saved);
    const address = job.victim.address;
    return kit.render(
      ctx,
      'job',
      {
        title: `Job ${job.jobId}`,
        job: { jobId: job.jobId, emergency: job.kind === 'emergency' },
        victim: [
          row('Name', job.victim.name),
          row(
            'Address',
            [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', '),
          ),
          row('Phone', dialled(job.victim.phone)),
          row(
            'Vulnerability factors',
            job.victim.vulnerabilities.length > 0
              ? job.victim.vulnerabilities.map((factor) => sentence(factor)).join('; ')
              : 'None recorded',
          ),
        ],
        details: [
          row('Kind', KIND_NAMES[job.kind]),
          row('Referral number', job.referralNumber),
          row('Attend by', localDateTime(job.attendBy)),
          ...(job.status === 'follow-up-due'
            ? [row('Follow-up due by', localDateTime(deadlineOf(job)))]
            : []),
          row('Status', JOB_STATUS_NAMES[job.status]),
        ],
        due: open ? { text: due.text, classes: tagClassesOf(due) } : undefined,
        recorded: recordedRows(job),
        level: job.visit?.level ? SERVICE_LEVEL_NAMES[job.visit.level] : undefined,
        events: [...events].reverse().map((event) => {
          const { label, text } = describeJobEvent(event);
          return {
            label: { text: label },
            text,
            datetime: { timestamp: event.at.toISOString(), type: 'datetime' },
          };
        }),
        form: stage ? formFor(job, stage, values) : undefined,
        readOnly: !may(session.roles, 'jobs:work'),
        // Guarantees and requests for work outside the contract, once the works are recorded.
        requestsPath:
          may(session.roles, 'jobs:work') && job.visit?.visit.outcome === 'visited'
            ? `/jobs/${encodeURIComponent(job.jobId)}/requests`
            : undefined,
        movingOn: may(session.roles, 'jobs:work') && !stage && open,
        values,
        errors: shown?.errors ?? {},
        ...(shown?.errorSummary ? { errorSummary: shown.errorSummary } : {}),
        ...(saved
          ? {
              banner:
                saved === 'visit' && job.visit?.level
                  ? `${SAVED.visit} Service level: ${SERVICE_LEVEL_NAMES[job.visit.level]}.`
                  : SAVED[saved],
            }
          : {}),
      },
      shown?.errorSummary ? 400 : 200,
    );
  }

  const FROM_FORM: Readonly<Record<JobStage, (form: Readonly<Record<string, string>>) => FromForm>> = {
    booking: bookingFromForm,
    visit: visitFromForm,
    'follow-up': followUpFromForm,
  };

  /**
   * Records what the contractor entered for the stage; the job's workflow goes on (POST, then redirect).
   * The same record sent again (its first attempt cut short) finishes what that attempt did not.
   */
  async function recordPost(ctx: SignedInContext, jobId: string, stage: JobStage): Promise<WebResponse> {
    const job = await findJob(jobId);
    if (!job) return jobNotFound(ctx, jobId);
    const alreadyDone = () =>
      kit.message(
        ctx,
        409,
        'This job has already been recorded by someone else or has moved on',
        ['Nothing you entered was saved. Open the job to see what has been recorded and what it waits for.'],
        { href: `/jobs/${encodeURIComponent(job.jobId)}`, text: `Open job ${job.jobId}` },
      );
    // Checked first, so a second submit is told plainly even with a mistake in it; the store checks again.
    // A stage already recorded lets the same record through (a retry), which the store alone tells apart
    // from a different one.
    const waits = job.waiting?.stage === stage;
    if (!waits && !recordOf(job, stage)) return alreadyDone();
    const { form } = ctx.request;
    const parsed = FROM_FORM[stage](form);
    const refusal = stage === 'visit' && form.outcome !== 'visited';
    const notesId = refusal ? 'refusalNotes' : NOTES_ID[stage];
    try {
      if (parsed.errors.length > 0) throw new JobInputError(visitErrorsOf(parsed));
      await recordOnJob(records, { jobId: job.jobId, stage, input: parsed.input, ...actorOf(ctx) });
    } catch (error) {
      // A mistake in a record for a stage no longer waiting cannot be the record it holds.
      if (error instanceof JobInputError && !waits) return alreadyDone();
      if (error instanceof JobInputError)
        return jobPage(ctx, job.jobId, {
          stage,
          values: { ...form },
          ...fieldErrorsOf(error.errors, parsed.itemRows, notesId),
        });
      if (error instanceof JobNotWaitingError) return alreadyDone();
      if (error instanceof JobNotFoundError) return jobNotFound(ctx, jobId);
      throw error;
    }
    return redirect(`/jobs/${encodeURIComponent(job.jobId)}?saved=${stage}`);
  }

  return { jobsPage, jobPage, recordPost, jobIdOf };
}

/** A yes-or-no survey answer in words; absent when the victim did not say. */
const said = (answer: boolean | undefined) => (answer === undefined ? 'Did not say' : answer ? 'Yes' : 'No');
