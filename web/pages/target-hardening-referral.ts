import { referForTargetHardening } from '../../shared/application/refer-target-hardening.ts';
import type { Case } from '../../shared/domain/case.ts';
import { may } from '../../shared/domain/roles.ts';
import type { Job, ThReferral } from '../../shared/domain/target-hardening-jobs.ts';
import { validateThReferral } from '../../shared/domain/target-hardening-referral.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ThJobStore, ThReferralStore } from '../../shared/ports/target-hardening.ts';
import type { TargetHardeningJobs } from '../../shared/ports/workflows.ts';
import { redirect, type WebResponse } from '../http.ts';
import type { Session } from '../session.ts';
import { localDateTime } from '../views.ts';
import { JOB_STATUS_NAMES } from './job-forms.ts';
import type { CaseFormProblem, PageKit, SignedInContext } from './page-kit.ts';
import { dialled, sentence } from './wording.ts';

/** What the referral needs: the target-hardening store, starting a standard job's workflow, the timeline. */
export interface ThReferralDeps {
  readonly jobs: Pick<ThReferralStore, 'referralOfCase' | 'recordReferral'> &
    Pick<ThJobStore, 'getJob' | 'createJob'>;
  readonly workflows: TargetHardeningJobs;
  readonly store: Pick<CaseStore, 'recordEvent'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
}

/**
 * What the caseworker tells the referrer of an emergency: the phone line makes the job
 * (docs/target-hardening.md).
 */
export const phoneNowText = (referralNumber: string) =>
  `Now phone the emergency line and key in your referrer number, your PIN and referral number ${referralNumber}: the contractor is alerted when you call.`;

/** The only details of the victim a target-hardening referral sends, from the case; or why it cannot. */
function referralDetailsOf(opened: Case) {
  const { victim } = opened.referral;
  const phone = victim.phones.mobile ?? victim.phones.home;
  const missing = [
    ...(victim.address ? [] : ['address']),
    ...(phone ? [] : ['a mobile or home phone number']),
  ];
  return {
    name: [victim.title, victim.forename, victim.surname].filter(Boolean).join(' '),
    address: victim.address,
    phone: phone?.e164,
    vulnerabilities: opened.referral.vulnerabilities,
    missing,
  };
}

const row = (key: string, text: string) => ({ key: { text: key }, value: { text } });

/**
 * Target hardening on the case record: the referral already made (its number, its job), why this case
 * cannot be referred, or what the referral will send (shown on the referral's own page). Absent for a
 * person who may not refer.
 */
export async function referralSection(
  deps: ThReferralDeps,
  opened: Case,
  session: Session,
  options: { readonly closed: boolean },
) {
  if (!may(session.roles, 'jobs:refer')) return undefined;
  const referral = await deps.jobs.referralOfCase(opened.caseId);
  if (referral) return { referred: await referredView(deps, referral, session) };
  const details = referralDetailsOf(opened);
  if (details.missing.length > 0)
    return {
      cannot: `This victim cannot be referred for target hardening: the case has no ${details.missing.join(' and no ')}, which the contractor needs to arrange the visit.`,
    };
  if (options.closed) return { cannot: 'The case is closed: no referral can be made from it.' };
  if (!session.email)
    return {
      cannot:
        'Your account has no e-mail address for the contractor’s feedback to come back to, so you cannot refer. Ask an administrator to add one.',
    };
  const address = details.address;
  return {
    canRefer: true,
    sends: [
      row('Name', details.name),
      row(
        'Address',
        address
          ? [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ')
          : '',
      ),
      row('Phone', details.phone ? dialled(details.phone) : ''),
      row(
        'Vulnerability factors',
        details.vulnerabilities.length > 0
          ? details.vulnerabilities.map(sentence).join('; ')
          : 'None recorded',
      ),
    ],
    referrerEmail: session.email,
  };
}

async function referredView(deps: ThReferralDeps, referral: ThReferral, session: Session) {
  const job: Job | undefined = referral.jobId ? await deps.jobs.getJob(referral.jobId) : undefined;
  const emergency = referral.details.urgency === 'emergency';
  return {
    referralNumber: referral.referralNumber,
    rows: [
      row('Referral number', referral.referralNumber),
      row('Urgency', emergency ? 'Emergency' : 'Standard'),
      row('Referred', `${localDateTime(referral.receivedAt)} by ${referral.details.referrer.name}`),
      row(
        'Other needs the contractor sees',
        referral.details.consentToFeedback
          ? 'Passed back to you: the victim agreed'
          : 'Not passed back: the victim did not agree',
      ),
      ...(job
        ? [
            row('Job', job.jobId),
            row('Job status', JOB_STATUS_NAMES[job.status]),
            row('Attend by', localDateTime(job.attendBy)),
          ]
        : []),
    ],
    // Team leaders follow the job on its page; a caseworker sees its status here.
    jobLink: job && may(session.roles, 'jobs:read') ? `/jobs/${encodeURIComponent(job.jobId)}` : undefined,
    phoneNow: emergency && !job ? phoneNowText(referral.referralNumber) : undefined,
  };
}

/**
 * `POST /cases/{caseId}/target-hardening`: refers the victim for target hardening, sending only their name,
 * address, phone and vulnerability factors, with the caseworker as referrer. A standard referral's job is
 * made and its workflow started here; an emergency's job is made when the caseworker phones the emergency
 * line with their referrer number, PIN and the referral number. Sending it again answers with the first referral.
 */
export async function referPost(
  kit: PageKit,
  deps: ThReferralDeps,
  ctx: SignedInContext,
  caseId: string,
  cases: {
    /** The case, when the id is a case id and the case exists. */
    readonly open: (caseId: string) => Promise<Case | undefined>;
    readonly closed: (caseId: string) => Promise<boolean>;
    /** The referral's page again, with the problem with what was sent (400). */
    readonly again: (problem: CaseFormProblem) => Promise<WebResponse>;
  },
): Promise<WebResponse> {
  const { session } = ctx;
  const opened = await cases.open(caseId);
  if (!opened) return kit.message(ctx, 404, 'Case not found', [`There is no case ${caseId}.`]);
  const back = { href: `/cases/${encodeURIComponent(caseId)}/support`, text: 'Back to assessment and plan' };
  const notMade = (statusCode: number, paragraphs: string[]) =>
    kit.message(ctx, statusCode, 'The referral was not made', paragraphs, back);
  const { urgency, consent } = ctx.request.form;
  const problems = [
    ...(urgency === 'standard' || urgency === 'emergency'
      ? []
      : [{ field: 'urgency', text: 'Choose standard or emergency' }]),
    ...(consent === 'yes' || consent === 'no'
      ? []
      : [
          {
            field: 'consent',
            text: 'Say whether the victim agrees to the contractor telling Victim First of other needs they see',
          },
        ]),
  ];
  if (problems.length > 0) {
    return cases.again({
      errors: problems,
      entered: { urgency: urgency ?? '', consent: consent ?? '' },
    });
  }
  const details = referralDetailsOf(opened);
  if (details.missing.length > 0)
    return notMade(400, [`The case has no ${details.missing.join(' and no ')}, which the contractor needs.`]);
  if (await cases.closed(caseId)) return notMade(409, ['The case is closed.']);
  if (!session.email)
    return notMade(400, [
      'Your account has no e-mail address for the contractor’s feedback to come back to. Ask an administrator to add one.',
    ]);
  const { victim } = opened.referral;
  const checked = validateThReferral({
    service: 'victim-first',
    reference: caseId,
    referrer: { name: session.name, email: session.email },
    victim: {
      ...(victim.title ? { title: victim.title } : {}),
      forename: victim.forename,
      surname: victim.surname,
      address: details.address,
      phone: details.phone,
    },
    vulnerabilities: [...details.vulnerabilities],
    urgency,
    consentToFeedback: consent === 'yes',
  });
  if (!checked.ok)
    return notMade(
      400,
      checked.errors.map((e) => `${sentence(e.field)} ${e.message}.`),
    );
  // A case is referred once: sending it again finishes what the first attempt left undone (docs/web-app.md).
  await referForTargetHardening(deps, {
    caseId,
    details: checked.referral,
    by: session.user,
    role: session.roles.join('+'),
    requestId: ctx.request.requestId,
  });
  return redirect(`/cases/${encodeURIComponent(caseId)}/support?saved=target-hardening`);
}
