import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  type ReEngagementDeps,
  recordMilestone,
  withdrawMilestone,
} from '../../shared/application/re-engagement.ts';
import { localDateOf, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  byDate,
  MILESTONE_KIND_NAMES,
  MILESTONE_KINDS,
  MILESTONE_REASON_MAX,
  type Milestone,
  type MilestoneFieldError,
  MilestoneNotFoundError,
  RE_ENGAGEMENT_WORKING_DAYS,
  TooManyMilestonesError,
  validateMilestone,
  validateWithdrawal,
} from '../../shared/domain/milestone.ts';
import { may } from '../../shared/domain/roles.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { caseRecordHeader } from './case.ts';
import { actorOf, caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';

/** What the milestone pages read and write. */
export interface MilestonePagesDeps extends ReEngagementDeps {
  readonly store: Pick<CaseStore, 'getCase' | 'recordEvent'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
}

/** Where each field's error links to: the element a person fixes it in. */
const ERROR_TARGET: Readonly<Record<MilestoneFieldError['field'], string>> = {
  kind: 'kind',
  date: 'date-day',
  consent: 'consent',
  reason: 'reason',
};

const milestonesPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/milestones`;

/** A date as the pages say it: 15 March 2027. */
const longDate = (date: string) =>
  DateTime.fromISO(date, { zone: SERVICE_TIME_ZONE }).toFormat('d LLLL yyyy');

/** A milestone number from the path: 1 to 99, or none. */
const numberOf = (text: string | undefined) => (/^[1-9]\d?$/.test(text ?? '') ? Number(text) : undefined);

/**
 * The criminal justice dates of a case (docs/web-app.md, "Court and release dates"): each milestone with
 * its date, whether the victim agreed to be contacted before it and when the re-engagement call is raised;
 * the form that records one and the page that withdraws one. Open and closed cases alike.
 */
export function createMilestonePages(kit: PageKit, deps: MilestonePagesDeps) {
  /** One milestone as the list shows it: a card titled by what and when, with where its call stands. */
  function cardOf(milestone: Milestone, now: Date, canChange: boolean, caseId: string) {
    const today = localDateOf(now);
    const call = !milestone.consent
      ? 'None: the victim does not want to be contacted before it'
      : milestone.reEngageAt
        ? milestone.withdrawn
          ? 'Cancelled'
          : milestone.reEngageAt > now
            ? `Raised on ${localDateTime(milestone.reEngageAt)}`
            : `Raised ${localDateTime(milestone.reEngageAt)}`
        : 'None: the date was too near or past when it was recorded';
    const rows = [
      {
        key: { text: 'Victim agrees to be contacted' },
        value: { text: milestone.consent ? 'Yes' : 'No' },
      },
      { key: { text: 'Re-engagement call' }, value: { text: call } },
      {
        key: { text: 'Recorded by' },
        value: { text: `${milestone.recordedBy}, ${localDateTime(milestone.recordedAt)}` },
      },
      ...(milestone.withdrawn
        ? [
            {
              key: { text: 'Withdrawn' },
              value: {
                text: `${milestone.withdrawn.by}, ${localDateTime(milestone.withdrawn.at)}: ${milestone.withdrawn.reason}`,
              },
            },
          ]
        : []),
    ];
    const past = milestone.date < today;
    return {
      title: `${MILESTONE_KIND_NAMES[milestone.kind]}: ${longDate(milestone.date)}${
        milestone.withdrawn ? ' (withdrawn)' : past ? ' (past)' : ''
      }`,
      rows,
      ...(canChange && !milestone.withdrawn && !past
        ? {
            actions: {
              items: [
                {
                  href: `${milestonesPath(caseId)}/${milestone.number}/withdraw`,
                  text: 'Withdraw',
                  visuallyHiddenText: ` the ${MILESTONE_KIND_NAMES[milestone.kind].toLowerCase()} date`,
                },
              ],
            },
          }
        : {}),
    };
  }

  async function listPage(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const [milestones, support] = await Promise.all([
      deps.milestones.listForCase(caseId),
      deps.support.getSupport(caseId),
    ]);
    await kit.audit(ctx, caseId, 'viewed', 'milestones');
    const now = deps.clock.now();
    const canChange = may(ctx.session.roles, 'cases:change');
    const saved = ctx.request.query.saved;
    return kit.render(ctx, 'milestones', {
      title: 'Court and release dates',
      record: caseRecordHeader(opened, support, 'milestones'),
      newPath: canChange ? `${milestonesPath(caseId)}/new` : undefined,
      workingDays: RE_ENGAGEMENT_WORKING_DAYS,
      banner:
        saved === 'milestone' ? 'Date recorded.' : saved === 'withdrawn' ? 'Date withdrawn.' : undefined,
      milestones: [...milestones].sort(byDate).map((m) => cardOf(m, now, canChange, caseId)),
    });
  }

  async function formPage(
    ctx: SignedInContext,
    caseId: string,
    form?: { values: Readonly<Record<string, string>>; errors: readonly MilestoneFieldError[] },
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    if (!form) await kit.audit(ctx, caseId, 'viewed', 'milestone:form');
    const values = form?.values ?? {};
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, e.text]));
    return kit.render(
      ctx,
      'milestone-new',
      {
        title: 'Record a court or release date',
        caseId,
        action: milestonesPath(caseId),
        backPath: milestonesPath(caseId),
        // A new key for every drawing of the form: the date is recorded once however often it is sent.
        formKey: randomUUID(),
        workingDays: RE_ENGAGEMENT_WORKING_DAYS,
        values,
        errors,
        kinds: MILESTONE_KINDS.map((kind) => ({
          value: kind,
          text: MILESTONE_KIND_NAMES[kind],
          checked: values.kind === kind,
        })),
        consents: [
          { value: 'yes', text: 'Yes', checked: values.consent === 'yes' },
          { value: 'no', text: 'No', checked: values.consent === 'no' },
        ],
        ...(form?.errors.length
          ? { errorSummary: form.errors.map((e) => ({ text: e.text, href: `#${ERROR_TARGET[e.field]}` })) }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function recordPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const now = deps.clock.now();
    const checked = validateMilestone(
      {
        kind: form.kind,
        day: form['date-day'],
        month: form['date-month'],
        year: form['date-year'],
        consent: form.consent,
      },
      now,
    );
    if (!checked.ok) return formPage(ctx, caseId, { values: form, errors: checked.errors });
    const key = form[FORM_KEY_FIELD];
    // Drawn again, the form has a new key and keeps what was entered: sending it again records the date.
    if (!isFormKey(key))
      return formPage(ctx, caseId, { values: form, errors: [{ field: 'kind', text: FORM_KEY_MESSAGE }] });
    try {
      await recordMilestone(
        deps,
        { caseId, milestoneId: key, details: checked.details, at: now },
        actorOf(ctx),
      );
    } catch (error) {
      if (!(error instanceof TooManyMilestonesError)) throw error;
      return kit.message(ctx, 409, 'This case has too many dates', [
        'Withdrawn and past dates stay on the case; no more can be recorded on it. Nothing was saved.',
      ]);
    }
    return redirect(`${milestonesPath(caseId)}?saved=milestone`);
  }

  async function withdrawPage(
    ctx: SignedInContext,
    caseId: string,
    numberText: string | undefined,
    form?: { values: Readonly<Record<string, string>>; errors: readonly MilestoneFieldError[] },
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const number = numberOf(numberText);
    const milestone = number === undefined ? undefined : await deps.milestones.get(caseId, number);
    if (!milestone) return notFound(ctx, caseId);
    if (!form) await kit.audit(ctx, caseId, 'viewed', 'milestone:withdraw-form');
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, e.text]));
    return kit.render(
      ctx,
      'milestone-withdraw',
      {
        title: `Withdraw the ${MILESTONE_KIND_NAMES[milestone.kind].toLowerCase()} date`,
        caseId,
        action: `${milestonesPath(caseId)}/${milestone.number}/withdraw`,
        backPath: milestonesPath(caseId),
        milestone: {
          what: MILESTONE_KIND_NAMES[milestone.kind],
          date: longDate(milestone.date),
          withdrawn: milestone.withdrawn !== undefined,
        },
        maxLength: MILESTONE_REASON_MAX,
        values: form?.values ?? {},
        errors,
        ...(form?.errors.length
          ? { errorSummary: form.errors.map((e) => ({ text: e.text, href: `#${ERROR_TARGET[e.field]}` })) }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  function notFound(ctx: SignedInContext, caseId: string): WebResponse {
    return kit.message(ctx, 404, 'Date not found', ['The case has no such court or release date.'], {
      href: milestonesPath(caseId),
      text: 'Back to the court and release dates',
    });
  }

  async function withdrawPost(
    ctx: SignedInContext,
    caseId: string,
    numberText: string | undefined,
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const number = numberOf(numberText);
    if (number === undefined) return notFound(ctx, caseId);
    const { form } = ctx.request;
    const problem = validateWithdrawal(form.reason);
    if (problem) return withdrawPage(ctx, caseId, numberText, { values: form, errors: [problem] });
    try {
      await withdrawMilestone(
        deps,
        { caseId, number, reason: (form.reason ?? '').trim(), at: deps.clock.now() },
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof MilestoneNotFoundError) return notFound(ctx, caseId);
      throw error;
    }
    return redirect(`${milestonesPath(caseId)}?saved=withdrawn`);
  }

  return {
    list: listPage,
    form: (ctx: SignedInContext, caseId: string) => formPage(ctx, caseId),
    record: recordPost,
    withdrawForm: (ctx: SignedInContext, caseId: string, number: string | undefined) =>
      withdrawPage(ctx, caseId, number),
    withdraw: withdrawPost,
  };
}
