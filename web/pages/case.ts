import { DateTime } from 'luxon';
import { areasOf, NEEDS_AREA_NAMES, scoreOf } from '../../shared/domain/assessment.ts';
import type { Case } from '../../shared/domain/case.ts';
import type { CaseEvent } from '../../shared/domain/case-records.ts';
import {
  type CaseSupport,
  CLOSURE_REASON_NAMES,
  SUPPORT_CLOSED_BY_SYSTEM,
} from '../../shared/domain/case-support.ts';
import { financialYearOf, HARDSHIP_ANNUAL_BUDGET_PENCE, pounds } from '../../shared/domain/hardship-fund.ts';
import { RJ_EXCEPTED_OFFENCES } from '../../shared/domain/restorative-justice.ts';
import { may, type Role } from '../../shared/domain/roles.ts';
import type { WebAppDeps } from '../deps.ts';
import type { WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { earlierCases, referralRows, reopenNotice, riskProfile } from './case-picture.ts';
import { CASE_REOPENERS } from './closure.ts';
import {
  type CaseFormProblem,
  caseNotFound,
  openCase,
  type PageKit,
  type SignedInContext,
} from './page-kit.ts';
import { rjAndTriageSections } from './rj-view.ts';
import type { ThReferralDeps } from './target-hardening-referral.ts';
import { phoneNowText, referralSection } from './target-hardening-referral.ts';
import { volunteerOnly } from './volunteers.ts';
import { describeEvent, newestFirst, phonesOf, safetyFlags, sentence, TASK_NAMES } from './wording.ts';

/** What the case page says after each change. */
const SAVED: Readonly<Record<string, string>> = {
  assessment: 'Needs assessment saved.',
  plan: 'Action added to the support plan.',
  closed: 'Case closed.',
  reopened: 'Case reopened.',
  rj: 'Restorative justice request recorded.',
  'rj-decision': 'Decision recorded.',
  'rj-stage': 'Restorative justice stage recorded.',
  'mh-triage': 'Referral to the mental health nurses recorded.',
  'mh-triage-outcome': 'Mental health triage outcome recorded.',
  hardship: 'Hardship fund payment recorded.',
  onward: 'Onward referral recorded.',
  'target-hardening': 'Referred for target hardening.',
};

/** How many of the newest timeline events the overview shows. */
const LATEST_EVENTS = 5;

/** Timeline events as MOJ Frontend's timeline draws them. */
const timelineItems = (events: readonly CaseEvent[]) =>
  events.map((event) => {
    const { label, text } = describeEvent(event);
    return {
      label: { text: label },
      text,
      datetime: { timestamp: event.at.toISOString(), type: 'datetime' },
    };
  });

/** The case record's sections, in the order of its sub-navigation (docs/web-app.md). */
export type CaseSection = 'overview' | 'contacts' | 'milestones' | 'support' | 'timeline' | 'messages';
const SECTIONS: ReadonlyArray<{
  readonly section: CaseSection;
  readonly text: string;
  readonly path: string;
}> = [
  { section: 'overview', text: 'Overview', path: '' },
  { section: 'contacts', text: 'Contacts', path: '/contacts' },
  { section: 'milestones', text: 'Court and release dates', path: '/milestones' },
  { section: 'support', text: 'Assessment and plan', path: '/support' },
  { section: 'timeline', text: 'Timeline', path: '/timeline' },
  { section: 'messages', text: 'Messages and letters', path: '/messages' },
];

/** The sections of the case record a volunteer opens, on a case assigned to them. */
const VOLUNTEER_SECTIONS: readonly CaseSection[] = ['overview', 'contacts'];

/**
 * What every section of the case record shows above its own content: the case reference, the victim's name,
 * the safe-contact flags where they cannot be missed, whether the case is closed, and the sub-navigation.
 */
export function caseRecordHeader(
  opened: Case,
  support: CaseSupport,
  active: CaseSection,
  roles?: readonly Role[],
) {
  // A volunteer opens only the overview and contacts of a case assigned to them (docs/web-app.md).
  const open = roles && volunteerOnly(roles) ? VOLUNTEER_SECTIONS : undefined;
  const { victim } = opened.referral;
  const caseHref = `/cases/${encodeURIComponent(opened.caseId)}`;
  return {
    caseId: opened.caseId,
    victimName: [victim.title, victim.forename, victim.surname].filter(Boolean).join(' '),
    safetyFlags: safetyFlags(opened),
    closed: support.closed !== undefined,
    navigation: SECTIONS.filter((s) => !open || open.includes(s.section)).map((s) => ({
      text: s.text,
      href: `${caseHref}${s.path}`,
      ...(s.section === active ? { active: true } : {}),
    })),
  };
}

/**
 * Where restorative justice stands on the case, in words, and what this person may do about it: request it
 * (an open case with none yet) or decide on it (a team leader, while it awaits approval).
 */
export function rjView(support: CaseSupport, opened: Case, roles: readonly Role[]) {
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

/** The hardship fund as a case shows it: this case's payments and what the year has left; none without the fund. */
export async function hardshipView(deps: Pick<WebAppDeps, 'hardship' | 'clock'>, caseId: string) {
  if (!deps.hardship) return undefined;
  const year = financialYearOf(deps.clock.now());
  const [payments, spent] = await Promise.all([deps.hardship.paymentsOf(caseId), deps.hardship.spent(year)]);
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
 * The case record (docs/web-app.md): an overview with the whole picture before a call, the assessment and
 * plan with where what is recorded from them stands (restorative justice, target hardening, onward referral,
 * hardship; each recorded on a page of its own, web/pages/case-actions.ts), the timeline, and the messages
 * and letters sent.
 */
export function createCaseRecord(kit: PageKit, deps: WebAppDeps, referring: ThReferralDeps | undefined) {
  /** The case's support as the case page shows it: scores per area, the plan, the distance travelled. */
  function supportView(support: CaseSupport) {
    const { initial, closing } = support;
    return {
      hasClosing: closing !== undefined,
      youngPerson: initial?.form === 'young-person',
      assessment: initial
        ? areasOf(initial.form ?? 'adult').map(({ area, name }) => {
            const first = scoreOf(initial.assessment, area);
            const last = closing && scoreOf(closing.assessment, area);
            const moved = first !== undefined && last !== undefined ? last - first : undefined;
            return {
              name,
              first,
              closing: last,
              distance: moved === undefined ? undefined : moved > 0 ? `+${moved}` : String(moved),
            };
          })
        : undefined,
      plan: support.plan.map((action) => ({
        area: NEEDS_AREA_NAMES[action.area],
        action: action.action,
        owner: action.owner,
        reviewBy: DateTime.fromISO(action.reviewBy).toFormat('d LLL yyyy'),
      })),
      ...(support.closed
        ? {
            closed: {
              by:
                support.closed.by === SUPPORT_CLOSED_BY_SYSTEM
                  ? 'the service, when the contact path ended'
                  : support.closed.by,
              at: localDateTime(support.closed.at),
              reason: CLOSURE_REASON_NAMES[support.closed.reason ?? 'support-completed'],
            },
          }
        : {}),
    };
  }

  /** Opens the case and its support for a section, recording the view; or the answer when there is none. */
  async function opening(ctx: SignedInContext, caseId: string, what: string) {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return { missing: caseNotFound(kit, ctx, caseId) } as const;
    await kit.audit(ctx, caseId, 'viewed', what);
    return { opened, support: await deps.support.getSupport(caseId) } as const;
  }

  /** The banner a section shows after a change it was sent back to. */
  const bannerOf = (ctx: SignedInContext, phoneNow?: string) => {
    const { saved, done } = ctx.request.query;
    if (done) return { banner: 'Outcome recorded.' };
    return saved ? { banner: phoneNow ?? SAVED[saved] ?? 'Saved.' } : {};
  };

  /** The overview: the whole picture before a call, earlier cases, open tasks and where support stands. */
  async function overview(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const found = await opening(ctx, caseId, 'case');
    if ('missing' in found) return found.missing;
    const { opened, support } = found;
    const [tasks, timeline, owner, earlier] = await Promise.all([
      deps.tasks.listForCase(caseId),
      deps.store.timeline(caseId),
      deps.owners?.getOwner(caseId),
      earlierCases(deps, opened),
    ]);
    const { referral } = opened;
    const victim = referral.victim;
    const address = victim.address
      ? [victim.address.line1, victim.address.line2, victim.address.town, victim.address.postcode]
          .filter(Boolean)
          .join(', ')
      : 'Not given';
    const profile = riskProfile(opened, deps.clock.now());
    // A volunteer's overview: the victim, the referral, risk and needs, without other cases, tasks or timeline.
    return kit.render(ctx, volunteerOnly(ctx.session.roles) ? 'volunteer-case' : 'case', {
      title: `Case ${caseId}`,
      record: caseRecordHeader(opened, support, 'overview', ctx.session.roles),
      // A team leader assigns volunteers to a case in long support (web/pages/volunteers.ts).
      ...(deps.volunteers && may(ctx.session.roles, 'volunteers:assign')
        ? { volunteersHref: `/cases/${encodeURIComponent(caseId)}/volunteers` }
        : {}),
      victim: [
        {
          key: { text: 'Name' },
          value: { text: [victim.title, victim.forename, victim.surname].filter(Boolean).join(' ') },
        },
        { key: { text: 'Address' }, value: { text: address } },
        { key: { text: 'Phone' }, value: { text: phonesOf(victim) } },
        { key: { text: 'E-mail' }, value: { text: victim.email ?? 'None given' } },
        { key: { text: 'Contact by' }, value: { text: sentence(referral.contactMethod) } },
      ],
      underEighteen: profile.underEighteen,
      profile: profile.rows,
      referral: referralRows(opened),
      earlierCases: earlier,
      // A new referral for a victim whose earlier case is closed: reopen that one (docs/web-app.md).
      reopenNotice: volunteerOnly(ctx.session.roles)
        ? undefined
        : reopenNotice(opened, earlier, {
            canReopen: may(ctx.session.roles, CASE_REOPENERS),
            closed: support.closed !== undefined,
          }),
      supportSummary: supportView(support),
      openTasks: tasks
        .filter((task) => task.status === 'open')
        .map((task) => ({
          taskId: task.taskId,
          text: `${TASK_NAMES[task.type]}${task.attempt > 1 ? ` ${task.attempt}` : ''}, due ${localDateTime(task.due)}`,
        })),
      // Who works the case (docs/web-app.md, "Caseloads"): its owner, or that it waits for a team leader.
      ownership: deps.owners
        ? {
            text: owner?.owner
              ? `${owner.owner}, since ${localDateTime(owner.allocatedAt ?? opened.openedAt)}`
              : owner?.waitingSince && !owner.closedAt
                ? `Waiting for allocation since ${localDateTime(owner.waitingSince)}`
                : 'Not allocated',
            ...(may(ctx.session.roles, 'cases:allocate') && !support.closed
              ? {
                  link: {
                    href: `/cases/${encodeURIComponent(caseId)}/allocation`,
                    text: owner?.owner ? 'Reallocate the case' : 'Allocate the case',
                  },
                }
              : {}),
          }
        : undefined,
      latest: timelineItems(newestFirst(timeline).slice(0, LATEST_EVENTS)),
      moreOnTimeline: timeline.length > LATEST_EVENTS,
      ...bannerOf(ctx),
    });
  }

  /**
   * The assessment and plan: scores, plan, closing, and where restorative justice, target hardening, onward
   * referrals and the hardship fund stand, each with a link to its own page (web/pages/case-actions.ts) for
   * the people who may act on it. Given a problem (the page kit's `casePage`), it is shown with 400 and a
   * GOV.UK error summary; no form of this page sends one now, each action's page shows its own.
   */
  async function supportSection(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const { session } = ctx;
    const found = await opening(ctx, caseId, 'support');
    if ('missing' in found) return found.missing;
    const { opened, support } = found;
    const [targetHardening, timeline] = await Promise.all([
      referring
        ? referralSection(referring, opened, session, { closed: support.closed !== undefined })
        : undefined,
      deps.store.timeline(caseId),
    ]);
    const phoneNow =
      ctx.request.query.saved === 'target-hardening' && targetHardening?.referred?.phoneNow
        ? `Referral ${targetHardening.referred.referralNumber} recorded. ${phoneNowText(targetHardening.referred.referralNumber)}`
        : undefined;
    return kit.render(
      ctx,
      'case-support',
      {
        title: `Case ${caseId}: assessment and plan`,
        record: caseRecordHeader(opened, support, 'support'),
        caseId,
        ...(problem
          ? { errorSummary: problem.errors.map((e) => ({ text: e.text, href: `#${e.field}` })) }
          : {}),
        support: supportView(support),
        rj: rjView(support, opened, session.roles),
        // Restorative justice as a process and mental health triage, where the app keeps them.
        ...(await rjAndTriageSections(deps, opened, support, session.roles)),
        hardship: await hardshipView(deps, caseId),
        // Onward referrals are chosen from the kept list of agencies: none without the list.
        canReferOnward: deps.agencies !== undefined && may(session.roles, 'cases:change'),
        // The onward referrals made so far, each as the timeline says it.
        onwardReferrals: timeline
          .filter((event) => event.type === 'onward-referral-made')
          .map((event) => `${describeEvent(event).label}, ${localDateTime(event.at)}`),
        targetHardening,
        canChange: may(session.roles, 'cases:change'),
        ...(problem ? {} : bannerOf(ctx, phoneNow)),
      },
      problem ? 400 : 200,
    );
  }

  /** The timeline: everything that happened on the case, newest first. */
  async function timelineSection(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const found = await opening(ctx, caseId, 'timeline');
    if ('missing' in found) return found.missing;
    const timeline = await deps.store.timeline(caseId);
    return kit.render(ctx, 'case-timeline', {
      title: `Case ${caseId}: timeline`,
      record: caseRecordHeader(found.opened, found.support, 'timeline'),
      timeline: timelineItems(newestFirst(timeline)),
    });
  }

  /** The messages and letters sent to the victim: what, how, when, and what became of each. */
  async function messagesSection(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const found = await opening(ctx, caseId, 'messages');
    if ('missing' in found) return found.missing;
    const messages = await deps.messages.listMessages(caseId);
    return kit.render(ctx, 'case-messages', {
      title: `Case ${caseId}: messages and letters`,
      record: caseRecordHeader(found.opened, found.support, 'messages'),
      rows: [...messages]
        .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime())
        .map((message) => [
          { text: sentence(message.purpose.replace(/\.\d+$/, '')) },
          { text: sentence(message.channel) },
          { text: localDateTime(message.sentAt) },
          {
            text: `${sentence(message.status)}${message.statusAt ? ` ${localDateTime(message.statusAt)}` : ''}`,
          },
        ]),
    });
  }

  return {
    overview,
    support: supportSection,
    timeline: timelineSection,
    messages: messagesSection,
  };
}
