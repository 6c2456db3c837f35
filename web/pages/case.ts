import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { distanceTravelled, NEEDS_AREA_NAMES, NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import type { Case } from '../../shared/domain/case.ts';
import type { CaseSupport } from '../../shared/domain/case-support.ts';
import { financialYearOf, HARDSHIP_ANNUAL_BUDGET_PENCE, pounds } from '../../shared/domain/hardship-fund.ts';
import { RJ_EXCEPTED_OFFENCES } from '../../shared/domain/restorative-justice.ts';
import { may, type Role } from '../../shared/domain/roles.ts';
import type { WebAppDeps } from '../deps.ts';
import type { WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { agencyOptions } from './agencies.ts';
import {
  type CaseFormProblem,
  caseNotFound,
  openCase,
  type PageKit,
  type SignedInContext,
} from './page-kit.ts';
import type { ThReferralDeps } from './target-hardening-referral.ts';
import { phoneNowText, referralSection } from './target-hardening-referral.ts';
import { describeEvent, newestFirst, phonesOf, safetyFlags, sentence, TASK_NAMES } from './wording.ts';

/** What the case page says after each change. */
const SAVED: Readonly<Record<string, string>> = {
  assessment: 'Needs assessment saved.',
  plan: 'Action added to the support plan.',
  closed: 'Case closed.',
  rj: 'Restorative justice request recorded.',
  'rj-decision': 'Decision recorded.',
  hardship: 'Hardship fund payment recorded.',
  onward: 'Onward referral recorded.',
  'target-hardening': 'Referred for target hardening.',
};

/**
 * The case page: the victim, the referral, support (assessment, plan, restorative justice, hardship,
 * onward referral, target hardening) and the timeline. Given a problem with one of its small forms it is
 * drawn again with the error summary.
 */
export function createCasePage(kit: PageKit, deps: WebAppDeps, referring: ThReferralDeps | undefined) {
  /** The case's support as the case page shows it: scores per area, the plan, the distance travelled. */
  function supportView(support: CaseSupport) {
    const { initial, closing } = support;
    const distance =
      initial && closing ? distanceTravelled(initial.assessment, closing.assessment) : undefined;
    return {
      hasClosing: closing !== undefined,
      assessment: initial
        ? NEEDS_AREAS.map((area) => ({
            name: NEEDS_AREA_NAMES[area],
            first: initial.assessment[area].score,
            closing: closing?.assessment[area].score,
            distance: distance
              ? distance[area] > 0
                ? `+${distance[area]}`
                : String(distance[area])
              : undefined,
          }))
        : undefined,
      plan: support.plan.map((action) => ({
        area: NEEDS_AREA_NAMES[action.area],
        action: action.action,
        owner: action.owner,
        reviewBy: DateTime.fromISO(action.reviewBy).toFormat('d LLL yyyy'),
      })),
      ...(support.closed ? { closed: { by: support.closed.by, at: localDateTime(support.closed.at) } } : {}),
    };
  }

  /** The restorative justice section of the case page. */
  function rjView(support: CaseSupport, opened: Case, roles: readonly Role[]) {
    const rj = support.restorativeJustice;
    const excepted = RJ_EXCEPTED_OFFENCES.includes(opened.referral.offence);
    const status = rj
      ? {
          referred: 'Referred to the restorative justice service.',
          'awaiting-approval': `Awaiting a team leader's approval: ${sentence(opened.referral.offence).toLowerCase()} is offered restorative justice only as an exception.`,
          approved: `Approved as an exception by ${rj.decidedBy ?? 'a team leader'}; referred to the restorative justice service.`,
          'not-approved': `Not approved by ${rj.decidedBy ?? 'a team leader'}.`,
        }[rj.status]
      : undefined;
    return {
      status,
      excepted,
      canRequest: !rj && !support.closed && may(roles, 'cases:change'),
      canDecide: rj?.status === 'awaiting-approval' && may(roles, 'rj:approve'),
    };
  }

  /** The hardship fund section: this case's payments and what the year has left. */
  async function hardshipView(caseId: string) {
    if (!deps.hardship) return undefined;
    const year = financialYearOf(deps.clock.now());
    const [payments, spent] = await Promise.all([
      deps.hardship.paymentsOf(caseId),
      deps.hardship.spent(year),
    ]);
    return {
      year,
      left: pounds(Math.max(0, HARDSHIP_ANNUAL_BUDGET_PENCE - spent)),
      budget: pounds(HARDSHIP_ANNUAL_BUDGET_PENCE),
      payments: payments.map((p) => ({
        amount: pounds(p.amountPence),
        purpose: p.purpose,
        paid: `${localDateTime(p.paidAt)} by ${p.paidBy}`,
      })),
    };
  }

  /**
   * The case page. Given a problem with one of its small forms (restorative justice, target hardening,
   * onward referral, hardship), it is shown again with 400, a GOV.UK error summary linking to each field,
   * each field's message beside it, and what was entered kept.
   */
  async function casePage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const { session } = ctx;
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    await kit.audit(ctx, caseId, 'viewed', 'case');
    const [timeline, tasks, support] = await Promise.all([
      deps.store.timeline(caseId),
      deps.tasks.listForCase(caseId),
      deps.support.getSupport(caseId),
    ]);
    const { referral } = opened;
    const victim = referral.victim;
    const address = victim.address
      ? [victim.address.line1, victim.address.line2, victim.address.town, victim.address.postcode]
          .filter(Boolean)
          .join(', ')
      : 'Not given';
    const openTasks = tasks.filter((task) => task.status === 'open');
    const targetHardening = referring
      ? await referralSection(referring, opened, session, { closed: support.closed !== undefined })
      : undefined;
    const saved = ctx.request.query.saved;
    const phoneNow =
      saved === 'target-hardening' && targetHardening?.referred?.phoneNow
        ? `Referral ${targetHardening.referred.referralNumber} recorded. ${phoneNowText(targetHardening.referred.referralNumber)}`
        : undefined;
    return kit.render(
      ctx,
      'case',
      {
        title: `Case ${caseId}`,
        caseId,
        ...(problem
          ? {
              errorSummary: problem.errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
              fieldErrors: Object.fromEntries(problem.errors.map((e) => [e.field, { text: e.text }])),
              entered: problem.entered ?? {},
            }
          : { fieldErrors: {}, entered: {} }),
        safetyFlags: safetyFlags(opened),
        victim: [
          {
            key: { text: 'Name' },
            value: { text: [victim.title, victim.forename, victim.surname].filter(Boolean).join(' ') },
          },
          { key: { text: 'Address' }, value: { text: address } },
          {
            key: { text: 'Phone' },
            value: { text: phonesOf(victim) },
          },
          { key: { text: 'E-mail' }, value: { text: victim.email ?? 'None given' } },
          { key: { text: 'Contact by' }, value: { text: sentence(referral.contactMethod) } },
        ],
        referral: [
          { key: { text: 'Received' }, value: { text: localDateTime(referral.receivedAt) } },
          { key: { text: 'From' }, value: { text: sentence(referral.source) } },
          { key: { text: 'Enhanced' }, value: { text: opened.triage.enhanced ? 'Yes' : 'No' } },
          { key: { text: 'Area' }, value: { text: sentence(referral.npa) } },
          {
            key: { text: 'First contact due' },
            value: { text: localDateTime(opened.deadlines.initialContactDue) },
          },
        ],
        support: supportView(support),
        rj: rjView(support, opened, session.roles),
        hardship: await hardshipView(caseId),
        // The onward referral's choices: the kept list's active agencies (none without the list).
        agencyOptions: deps.agencies
          ? await agencyOptions(deps.agencies, problem?.entered?.agency)
          : undefined,
        // Each form that records something has its own key, new at every drawing of the page.
        formKeys: { hardship: randomUUID(), onward: randomUUID() },
        targetHardening,
        canChange: may(session.roles, 'cases:change'),
        openTasks: openTasks.map((task) => ({
          taskId: task.taskId,
          text: `${TASK_NAMES[task.type]}${task.attempt > 1 ? ` ${task.attempt}` : ''}, due ${localDateTime(task.due)}`,
        })),
        timeline: newestFirst(timeline).map((event) => {
          const { label, text } = describeEvent(event);
          return {
            label: { text: label },
            text,
            datetime: { timestamp: event.at.toISOString(), type: 'datetime' },
          };
        }),
        ...(ctx.request.query.done
          ? { banner: 'Outcome recorded.' }
          : saved && !problem
            ? { banner: phoneNow ?? SAVED[saved] ?? 'Saved.' }
            : {}),
      },
      problem ? 400 : 200,
    );
  }

  return casePage;
}
