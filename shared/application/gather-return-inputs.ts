import { DateTime } from 'luxon';
import { localDateOf, SERVICE_TIME_ZONE } from '../domain/calendar.ts';
import { targetsForYear } from '../domain/outcomes/targets.ts';
import type { Quarter } from '../domain/reporting/quarters.ts';
import type { CaseLedger, JobLedger, ReturnInputs } from '../domain/reporting/return-inputs.ts';
import type { ThReferral } from '../domain/target-hardening-jobs.ts';
import type { AgencyList } from '../ports/agencies.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { ComplaintStore } from '../ports/complaints.ts';
import type { ContactLog } from '../ports/contact-log.ts';
import type { GroupSessions } from '../ports/group-sessions.ts';
import type { OutcomeStore } from '../ports/outcomes.ts';
import type { QuickQuestions } from '../ports/quick-questions.ts';
import type { SupportStore } from '../ports/support-store.ts';
import type { ThJobStore, ThReferralStore } from '../ports/target-hardening.ts';

/**
 * Where a return reads from: the case store, the support store, target hardening's referrals and jobs, and
 * the agency list.
 */
export interface ReturnSources {
  readonly store: Pick<CaseStore, 'caseIdsReceivedOn' | 'getCase' | 'timeline'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly referrals: Pick<ThReferralStore, 'referralsReceivedOn'>;
  readonly jobs: Pick<ThJobStore, 'listJobs' | 'listEvents'>;
  /** The kept names onward referrals are counted under. */
  readonly agencies: Pick<AgencyList, 'listAgencies'>;
  /** The contact log, read for the contacts that happened in the quarter; without it, none are counted. */
  readonly contacts?: Pick<ContactLog, 'listInPeriod'>;
  /** Young people's group sessions, read for those held in the quarter; without it none are counted. */
  readonly groupSessions?: Pick<GroupSessions, 'listHeld'>;
  /** Quick questions, counted by the days they were asked and answered; without them none are counted. */
  readonly quickQuestions?: Pick<QuickQuestions, 'countInPeriod'>;
  /** Complaints, read by the days they were received and closed; without them none are counted. */
  readonly complaints?: Pick<ComplaintStore, 'listForPeriod'>;
  /** The police survey's answers and the year's targets; without them, no answers and no targets. */
  readonly outcomes?: Pick<OutcomeStore, 'listSurveys' | 'listTargets'>;
}

/**
 * How far back a return looks for cases with something in the quarter: support can run long, so cases
 * received in the two years before the quarter are read too (a case closed in the quarter after more than
 * two years of support is not counted: docs/reporting.md).
 */
export const LOOK_BACK_DAYS = 730;

/** Reads at once: enough to keep DynamoDB busy without a burst of throttling. */
const READS_AT_ONCE = 16;

async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The local dates from `from` (inclusive) to `to` (exclusive). */
function days(from: Date, to: Date): string[] {
  const dates: string[] = [];
  for (
    let day = DateTime.fromJSDate(from, { zone: SERVICE_TIME_ZONE }).startOf('day');
    day.toJSDate() < to;
    day = day.plus({ days: 1 })
  )
    dates.push(day.toISODate() as string);
  return dates;
}

/** Everything a quarter's return reads: each case received in the look-back window with its timeline and support, every job with its events. */
export async function gatherReturnInputs(
  sources: ReturnSources,
  quarter: Quarter,
  productBudgetPence: number,
  producedAt: Date,
): Promise<ReturnInputs> {
  const lookBackFrom = new Date(quarter.from.getTime() - LOOK_BACK_DAYS * 24 * 3600 * 1000);
  const caseIds = (
    await inParallel(days(lookBackFrom, quarter.to), READS_AT_ONCE, (day) =>
      sources.store.caseIdsReceivedOn(day),
    )
  ).flat();
  const cases = (
    await inParallel(caseIds, READS_AT_ONCE, async (caseId): Promise<CaseLedger | undefined> => {
      const opened = await sources.store.getCase(caseId);
      if (!opened) return undefined;
      const [events, support] = await Promise.all([
        sources.store.timeline(caseId),
        sources.support.getSupport(caseId),
      ]);
      return { case: opened, events, support };
    })
  ).filter((ledger): ledger is CaseLedger => ledger !== undefined);
  const thReferrals: ThReferral[] = (
    await inParallel(
      days(quarter.yearFrom < lookBackFrom ? quarter.yearFrom : lookBackFrom, quarter.to),
      READS_AT_ONCE,
      (day) => sources.referrals.referralsReceivedOn(day),
    )
  ).flat();
  const jobs: JobLedger[] = await inParallel(await sources.jobs.listJobs(), READS_AT_ONCE, async (job) => ({
    job,
    events: await sources.jobs.listEvents(job.jobId),
  }));
  const agencies = await sources.agencies.listAgencies();
  // Day by day from the index of contacts by the local date they happened on (no Scan).
  const contacts = await sources.contacts?.listInPeriod(quarter.from, quarter.to);
  // Month by month from the index of sessions by the month held (no Scan).
  const groupSessions = await sources.groupSessions?.listHeld(
    localDateOf(quarter.from),
    localDateOf(quarter.to),
  );
  // Day by day from the indexes of questions by the day asked and the day answered (no Scan).
  const quickQuestions = await sources.quickQuestions?.countInPeriod(quarter.from, quarter.to);
  const complaints = await sources.complaints?.listForPeriod(quarter.from, quarter.to);
  // Month by month from the index of answers by the month surveyed (no Scan); the year's targets in one query.
  // From the financial year's start, for the outcomes' trend over its quarters (the measures take the quarter's).
  const surveys = await sources.outcomes?.listSurveys(localDateOf(quarter.yearFrom), localDateOf(quarter.to));
  const targets = sources.outcomes
    ? targetsForYear(quarter.financialYear, await sources.outcomes.listTargets(quarter.financialYear))
    : undefined;
  return {
    quarter,
    cases,
    thReferrals,
    jobs,
    agencies,
    ...(contacts ? { contacts } : {}),
    ...(groupSessions ? { groupSessions } : {}),
    ...(quickQuestions ? { quickQuestions } : {}),
    ...(complaints ? { complaints } : {}),
    ...(surveys ? { surveys } : {}),
    ...(targets ? { targets } : {}),
    productBudgetPence,
    producedAt,
  };
}
