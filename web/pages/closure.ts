import { closeCase, reopenCase } from '../../shared/application/case-actions.ts';
import { endVolunteeringOnClosure } from '../../shared/application/volunteer-assignment.ts';
import {
  type CaseSupport,
  CLOSURE_REASON_NAMES,
  CLOSURE_REASONS,
  type ClosureGiven,
  type ClosureReason,
  closureReasonOf,
  InvalidClosureError,
  REASON_TEXT_MAX,
  SUPPORT_CLOSED_BY_SYSTEM,
  type SupportChange,
  SupportClosedError,
  SupportOpenError,
  supportChanges,
  validateClosure,
  validateReopening,
} from '../../shared/domain/case-support.ts';
import type { Permission } from '../../shared/domain/roles.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { newReferralReason } from './case-picture.ts';
import { actorOf, caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';

/** Who may reopen a closed case (the route table's permission for the reopen page and its form). */
export const CASE_REOPENERS: Permission = 'cases:change';

/** The hidden field the close page sends: without it (and without a reason), the form is the old one. */
const ASKED_FIELD = 'reasonAsked';

/** What a caseworker reads beside each reason, where it needs saying. */
const REASON_HINTS: Partial<Record<ClosureReason, string>> = {
  'onward-referral': 'Another service supports the victim now',
  'support-completed': 'Needs the closing needs assessment',
};

/** A field's problem as the GOV.UK error summary and the field say it. */
type Problem = { readonly field: 'reason' | 'reasonText'; readonly text: string };

const CLOSE_MESSAGES = {
  reason: 'Select why the case is closing',
  reasonText: 'Enter why the case is closing',
  tooLong: `The reason must be ${REASON_TEXT_MAX} characters or fewer`,
  needsAssessment:
    'Record the closing needs assessment before closing the case as support completed, or choose another reason',
} as const;
const REOPEN_MESSAGES = {
  reason: 'Enter why the case is being reopened',
  tooLong: `The reason must be ${REASON_TEXT_MAX} characters or fewer`,
} as const;

/** A closure's reason as a person reads it: other's words after it. */
const reasonWords = (change: SupportChange): string =>
  change.change === 'reopened'
    ? change.reason
    : `${CLOSURE_REASON_NAMES[closureReasonOf(change)]}${change.reasonText ? `: ${change.reasonText}` : ''}`;

/** Who made a change, as a person reads it. */
const byWhom = (by: string) =>
  by === SUPPORT_CLOSED_BY_SYSTEM ? 'The service, when the contact path ended' : by;

/** The case's closures and reopenings, newest first, for the pages' table. */
const historyRows = (support: CaseSupport) =>
  supportChanges(support)
    .reverse()
    .map((change) => ({
      when: localDateTime(change.at),
      what: change.change === 'closed' ? 'Closed' : 'Reopened',
      by: byWhom(change.by),
      reason: reasonWords(change),
    }));

/**
 * Closing a case with its reason, and reopening a closed one with the reason for it (docs/web-app.md). Each
 * page records that the case was seen; each change is the service in shared/application/case-actions.ts,
 * which audits it and puts it on the timeline.
 */
export function createClosurePages(kit: PageKit, deps: WebAppDeps) {
  const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
  const back = (caseId: string) => ({ href: casePath(caseId), text: 'Back to the case' });

  async function closePage(
    ctx: SignedInContext,
    caseId: string,
    form?: { readonly values: Readonly<Record<string, string>>; readonly problems: readonly Problem[] },
  ): Promise<WebResponse> {
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    if (!form) await kit.audit(ctx, caseId, 'viewed', 'case:close');
    const support = await deps.support.getSupport(caseId);
    if (support.closed && !form) {
      const { closed } = support;
      return kit.message(
        ctx,
        200,
        'This case is closed',
        [
          `It was closed on ${localDateTime(closed.at)} by ${byWhom(closed.by)}.`,
          `Reason: ${reasonWords({ change: 'closed', ...closed })}.`,
        ],
        { href: `${casePath(caseId)}/reopen`, text: 'Reopen the case' },
      );
    }
    const problems = form?.problems ?? [];
    return kit.render(
      ctx,
      'close-case',
      {
        title: 'Close the case',
        caseId,
        values: form?.values ?? {},
        errors: Object.fromEntries(problems.map((p) => [p.field, p.text])),
        maxLength: REASON_TEXT_MAX,
        reasons: CLOSURE_REASONS.map((reason) => ({
          value: reason,
          text: CLOSURE_REASON_NAMES[reason],
          hint: REASON_HINTS[reason],
        })),
        closingRecorded: support.closing ? localDateTime(support.closing.at) : undefined,
        assessmentHref: `${casePath(caseId)}/assessment?kind=closing`,
        history: historyRows(support),
        ...(problems.length > 0
          ? { errorSummary: problems.map((p) => ({ text: p.text, href: `#${p.field}` })) }
          : {}),
      },
      problems.length > 0 ? 400 : 200,
    );
  }

  async function closePost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    // A close sent with neither a reason nor this page's field (as the case record's form once sent it)
    // closes as support completed, as it always did.
    const oldForm = form[ASKED_FIELD] === undefined && form.reason === undefined;
    let given: ClosureGiven | undefined;
    if (!oldForm) {
      const values = { reason: form.reason ?? '', reasonText: form.reasonText ?? '' };
      try {
        given = validateClosure(form.reason, form.reasonText);
      } catch (error) {
        if (!(error instanceof InvalidClosureError)) throw error;
        const problems = error.errors.map(
          (e): Problem => ({
            field: e.field,
            text:
              e.message === 'is required'
                ? CLOSE_MESSAGES[e.field]
                : // Only words can be too long.
                  CLOSE_MESSAGES.tooLong,
          }),
        );
        return closePage(ctx, caseId, { values, problems });
      }
      const support = await deps.support.getSupport(caseId);
      if (given.reason === 'support-completed' && !support.closing && !support.closed)
        return closePage(ctx, caseId, {
          values,
          problems: [{ field: 'reason', text: CLOSE_MESSAGES.needsAssessment }],
        });
    }
    // A case closes once: the same closure again finishes what the first attempt left undone.
    try {
      await closeCase(deps, { caseId, ...actorOf(ctx), ...(given ? { given } : {}) });
      // A closed case is no volunteer's any more.
      if (deps.volunteers)
        await endVolunteeringOnClosure({ ...deps, volunteers: deps.volunteers }, { caseId, ...actorOf(ctx) });
    } catch (error) {
      if (error instanceof SupportClosedError)
        return kit.message(ctx, 409, 'The case cannot be closed', [error.message], back(caseId));
      throw error;
    }
    // The old form sits with the assessment and plan: it goes back there, as it did.
    // Back to the assessment and plan, where the closure and the distance travelled are shown.
    return redirect(`${casePath(caseId)}/support?saved=closed`);
  }

  /**
   * The reason filled in when the page is opened from a new referral's notice (`?referral=` the new case):
   * only for a case that lists this one as the same person's earlier case, so the words name a real referral.
   */
  async function prefilled(ctx: SignedInContext, caseId: string): Promise<Record<string, string>> {
    const referral = ctx.request.query.referral;
    if (!referral || referral === caseId) return {};
    const newer = await openCase(deps.store, referral);
    return newer?.previousCaseIds.includes(caseId) ? { reason: newReferralReason(newer.caseId) } : {};
  }

  async function reopenPage(
    ctx: SignedInContext,
    caseId: string,
    form?: { readonly values: Readonly<Record<string, string>>; readonly problems: readonly Problem[] },
  ): Promise<WebResponse> {
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    if (!form) await kit.audit(ctx, caseId, 'viewed', 'case:reopen');
    const support = await deps.support.getSupport(caseId);
    const { closed } = support;
    if (!closed && !form)
      return kit.message(
        ctx,
        200,
        'This case is open',
        ['Only a closed case can be reopened.'],
        back(caseId),
      );
    const problems = form?.problems ?? [];
    return kit.render(
      ctx,
      'reopen-case',
      {
        title: 'Reopen the case',
        caseId,
        values: form?.values ?? (await prefilled(ctx, caseId)),
        errors: Object.fromEntries(problems.map((p) => [p.field, p.text])),
        maxLength: REASON_TEXT_MAX,
        ...(closed
          ? {
              closed: {
                when: localDateTime(closed.at),
                by: byWhom(closed.by),
                reason: reasonWords({ change: 'closed', ...closed }),
              },
            }
          : {}),
        history: historyRows(support),
        ...(problems.length > 0
          ? { errorSummary: problems.map((p) => ({ text: p.text, href: `#${p.field}` })) }
          : {}),
      },
      problems.length > 0 ? 400 : 200,
    );
  }

  async function reopenPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    const reason = ctx.request.form.reason ?? '';
    try {
      validateReopening(reason);
      await reopenCase(deps, { caseId, ...actorOf(ctx), reason });
    } catch (error) {
      if (error instanceof InvalidClosureError) {
        const text = reason.trim() ? REOPEN_MESSAGES.tooLong : REOPEN_MESSAGES.reason;
        return reopenPage(ctx, caseId, { values: { reason }, problems: [{ field: 'reason', text }] });
      }
      if (error instanceof SupportOpenError)
        return kit.message(ctx, 409, 'The case cannot be reopened', [error.message], back(caseId));
      throw error;
    }
    return redirect(`${casePath(caseId)}?saved=reopened`);
  }

  return { closePage, closePost, reopenPage, reopenPost };
}
