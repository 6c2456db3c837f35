import type { Case } from '../../shared/domain/case.ts';
import type { CaseSupport } from '../../shared/domain/case-support.ts';
import {
  MH_TRIAGE_OUTCOME_NAMES,
  MH_TRIAGE_REASON_NAMES,
  type MhTriageReferral,
} from '../../shared/domain/mh-triage.ts';
import {
  nextRjStages,
  RJ_CRITERIA,
  RJ_CRITERION_QUESTIONS,
  RJ_OFFER_RESULT_NAMES,
  RJ_OUTCOME_NAMES,
  RJ_STAGE_NAMES,
  RJ_TYPE_NAMES,
  type RjProcess,
} from '../../shared/domain/rj-process.ts';
import { may, type Role } from '../../shared/domain/roles.ts';
import type { WebAppDeps } from '../deps.ts';
import { localDateTime } from '../views.ts';
import { rjView } from './case.ts';

const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
const yes = (value: boolean) => (value ? 'Yes' : 'No');

/** Where the exception decision stands, in words. */
export function exceptionStatus(process: RjProcess): string | undefined {
  const exception = process.exception;
  if (!exception) return undefined;
  const decision = exception.decision;
  if (!decision) return "Awaiting a team leader's exception decision (a task in the team leaders' queue).";
  return decision.approved
    ? `Approved as an exception by ${decision.by}: all three criteria met.`
    : `Not approved by ${decision.by}: not every criterion was met.`;
}

/**
 * Restorative justice on the case's assessment and plan: the process as recorded (offer, exception, stages),
 * or a request recorded before the process was kept (in the words it was recorded with), and what this
 * person may do next.
 */
export function rjProcessView(
  process: RjProcess | undefined,
  support: CaseSupport,
  opened: Case,
  roles: readonly Role[],
  names: ReadonlyMap<string, string>,
) {
  const legacy = rjView(support, opened, roles);
  const base = `/cases/${encodeURIComponent(opened.caseId)}`;
  if (!process)
    return {
      earlier: legacy.status,
      excepted: legacy.excepted,
      ...(!support.closed && may(roles, 'cases:change') ? { offerHref: `${base}/restorative-justice` } : {}),
    };
  const { offer } = process;
  const rows = [
    row('Offer', RJ_OFFER_RESULT_NAMES[offer.result]),
    ...(offer.reason ? [row('Why not appropriate', offer.reason)] : []),
    row('Victim-initiated', yes(offer.victimInitiated)),
    row('Offender admitted the offence', yes(offer.offenderAdmitted)),
    ...(offer.type ? [row('Type', RJ_TYPE_NAMES[offer.type])] : []),
    ...(offer.facilitator ? [row('Facilitator', names.get(offer.facilitator) ?? offer.facilitator)] : []),
    row('Recorded', `${localDateTime(offer.at.toISOString())} by ${offer.by}`),
    ...(process.exception ? [row('Exception', exceptionStatus(process) ?? '')] : []),
    ...(process.exception?.decision
      ? RJ_CRITERIA.map((c) => {
          const answer = process.exception?.decision?.criteria[c];
          return row(RJ_CRITERION_QUESTIONS[c], answer ? `${yes(answer.met)}: ${answer.reason}` : '');
        })
      : []),
    ...process.stages.map((s) =>
      row(
        RJ_STAGE_NAMES[s.stage],
        `${s.outcome ? `${RJ_OUTCOME_NAMES[s.outcome]}. ` : ''}${localDateTime(s.at.toISOString())} by ${s.by}`,
      ),
    ),
  ];
  const awaiting = process.exception !== undefined && !process.exception.decision;
  return {
    earlier: legacy.status,
    rows,
    ...(awaiting && may(roles, 'rj:approve') ? { decideHref: `${base}/restorative-justice-decision` } : {}),
    ...(nextRjStages(process).length && !support.closed && may(roles, 'cases:change')
      ? { stageHref: `${base}/restorative-justice-stage` }
      : {}),
  };
}

/** The case's referrals to the mental health nurses, each with its triage outcome or a link to record it. */
export function mhTriageView(referrals: readonly MhTriageReferral[], caseId: string, roles: readonly Role[]) {
  const base = `/cases/${encodeURIComponent(caseId)}/mental-health-triage`;
  const changing = may(roles, 'cases:change');
  return {
    ...(changing ? { referHref: base } : {}),
    referrals: referrals.map((r) => ({
      text: `${MH_TRIAGE_REASON_NAMES[r.reason]}${r.urgency === 'urgent' ? ' (urgent)' : ''}, referred ${localDateTime(r.at.toISOString())} by ${r.by}`,
      outcome: r.triage
        ? `${MH_TRIAGE_OUTCOME_NAMES[r.triage.outcome]} (recorded by ${r.triage.by})`
        : 'Awaiting the nurse’s triage',
      ...(!r.triage && changing ? { outcomeHref: `${base}/${encodeURIComponent(r.referralId)}` } : {}),
    })),
  };
}

/** Both sections for the assessment and plan, where the app keeps restorative justice and triage. */
export async function rjAndTriageSections(
  deps: Pick<WebAppDeps, 'restorativeJustice' | 'staff'>,
  opened: Case,
  support: CaseSupport,
  roles: readonly Role[],
) {
  const kept = deps.restorativeJustice;
  if (!kept) return {};
  const [process, referrals, staff] = await Promise.all([
    kept.rj.get(opened.caseId),
    kept.triage.listForCase(opened.caseId),
    deps.staff?.caseworkers() ?? [],
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  return {
    rjProcess: rjProcessView(process, support, opened, roles, names),
    mhTriage: mhTriageView(referrals, opened.caseId, roles),
  };
}
