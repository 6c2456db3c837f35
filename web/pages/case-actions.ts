import { randomUUID } from 'node:crypto';
import { payHardship } from '../../shared/application/case-actions.ts';
import { isAgencyId } from '../../shared/domain/agencies.ts';
import { isCaseId } from '../../shared/domain/audit.ts';
import type { Case } from '../../shared/domain/case.ts';
import { type CaseSupport, RjStateError, SupportClosedError } from '../../shared/domain/case-support.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  financialYearOf,
  HARDSHIP_PAYMENT_MAX_PENCE,
  HardshipBudgetExceededError,
  type HardshipPayment,
  type HardshipPaymentInput,
  InvalidHardshipPaymentError,
  pounds,
  validateHardshipPayment,
} from '../../shared/domain/hardship-fund.ts';
import { RjNotPossibleError, rjOnRequest } from '../../shared/domain/restorative-justice.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import { agencyOptions } from './agencies.ts';
import { caseRecordHeader, hardshipView, rjView } from './case.ts';
import {
  actorOf,
  type CaseFormProblem,
  caseNotFound,
  openCase,
  type PageKit,
  type SignedInContext,
} from './page-kit.ts';
import { referPost, referralSection, type ThReferralDeps } from './target-hardening-referral.ts';

/** Where the case record's assessment and plan is, which each action's page goes back to. */
const supportPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/support`;
const backToSupport = (caseId: string) => ({
  href: supportPath(caseId),
  text: 'Back to assessment and plan',
});

/**
 * What a caseworker records from the case record's assessment and plan, each on a page of its own there
 * (docs/web-app.md): restorative justice and a team leader's decision on it, a target-hardening referral, an
 * onward referral and a hardship payment (closing and reopening the case are web/pages/closure.ts). Each page
 * is drawn in the case record with a back link to the assessment and plan, and posts to its own path; a
 * refused post draws the same page again with 400, the GOV.UK error summary and what was entered kept, and a
 * recorded one goes back to the assessment and plan with what was done.
 */
export function createCaseActions(kit: PageKit, deps: WebAppDeps, referring?: ThReferralDeps) {
  /**
   * Opens the case and its support for an action's page, recording the view when the page is first drawn
   * (not when it is drawn again with a problem with what was sent); or the answer when there is no case.
   */
  async function opening(ctx: SignedInContext, caseId: string, what: string, problem?: CaseFormProblem) {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return { missing: caseNotFound(kit, ctx, caseId) } as const;
    if (!problem) await kit.audit(ctx, caseId, 'viewed', what);
    return { opened, support: await deps.support.getSupport(caseId) } as const;
  }

  /** An action's page in the case record, under Assessment and plan: its form, and any problem with it. */
  function actionPage(
    ctx: SignedInContext,
    found: { readonly opened: Case; readonly support: CaseSupport },
    page: { readonly view: string; readonly path: string; readonly title: string },
    data: Record<string, unknown>,
    problem: CaseFormProblem | undefined,
  ): WebResponse {
    const { caseId } = found.opened;
    return kit.render(
      ctx,
      page.view,
      {
        title: `Case ${caseId}: ${page.title}`,
        caseId,
        record: caseRecordHeader(found.opened, found.support, 'support'),
        action: `/cases/${encodeURIComponent(caseId)}/${page.path}`,
        backPath: supportPath(caseId),
        ...data,
        ...(problem
          ? {
              errorSummary: problem.errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
              fieldErrors: Object.fromEntries(problem.errors.map((e) => [e.field, { text: e.text }])),
              entered: problem.entered ?? {},
            }
          : { fieldErrors: {}, entered: {} }),
      },
      problem ? 400 : 200,
    );
  }

  /** `GET /cases/{caseId}/restorative-justice`: records that the victim asked for restorative justice. */
  async function rjRequestPage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const found = await opening(ctx, caseId, 'rj:request', problem);
    if ('missing' in found) return found.missing;
    const rj = rjView(found.support, found.opened, ctx.session.roles);
    if (!rj.canRequest && !problem)
      return rj.status
        ? kit.message(ctx, 200, 'Restorative justice is recorded already', [rj.status], backToSupport(caseId))
        : kit.message(
            ctx,
            200,
            'The case is closed',
            ['Restorative justice cannot be requested on a closed case.'],
            backToSupport(caseId),
          );
    return actionPage(
      ctx,
      found,
      { view: 'case-restorative-justice', path: 'restorative-justice', title: 'request restorative justice' },
      { excepted: rj.excepted },
      problem,
    );
  }

  /** `GET /cases/{caseId}/restorative-justice-decision`: a team leader's decision on an exception. */
  async function rjDecisionPage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const found = await opening(ctx, caseId, 'rj:decision', problem);
    if ('missing' in found) return found.missing;
    const rj = rjView(found.support, found.opened, ctx.session.roles);
    if (!rj.canDecide && !problem)
      return kit.message(
        ctx,
        200,
        'Nothing is awaiting approval',
        [rj.status ?? 'Restorative justice has not been requested.'],
        backToSupport(caseId),
      );
    return actionPage(
      ctx,
      found,
      {
        view: 'case-restorative-justice-decision',
        path: 'restorative-justice-decision',
        title: 'decide on restorative justice',
      },
      { status: rj.status },
      problem,
    );
  }

  /** `GET /cases/{caseId}/hardship`: a payment from the hardship fund, with what the year has left. */
  async function hardshipPage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    if (!deps.hardship) return caseNotFound(kit, ctx, caseId);
    const found = await opening(ctx, caseId, 'hardship', problem);
    if ('missing' in found) return found.missing;
    if (found.support.closed && !problem)
      return kit.message(
        ctx,
        200,
        'The case is closed',
        ['No hardship payment can be recorded on a closed case.'],
        backToSupport(caseId),
      );
    return actionPage(
      ctx,
      found,
      { view: 'case-hardship', path: 'hardship', title: 'record a hardship payment' },
      {
        hardship: await hardshipView(deps, caseId),
        maxPayment: pounds(HARDSHIP_PAYMENT_MAX_PENCE),
        // The payment's key, new at every drawing of the page: drawn again, it is a new payment.
        formKey: randomUUID(),
      },
      problem,
    );
  }

  /** `GET /cases/{caseId}/onward-referral`: an onward referral to an agency from the kept list. */
  async function onwardReferralPage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    if (!deps.agencies) return caseNotFound(kit, ctx, caseId);
    const found = await opening(ctx, caseId, 'onward:refer', problem);
    if ('missing' in found) return found.missing;
    return actionPage(
      ctx,
      found,
      { view: 'case-onward-referral', path: 'onward-referral', title: 'refer to another service' },
      {
        // The choices: the kept list's active agencies.
        agencyOptions: await agencyOptions(deps.agencies, problem?.entered?.agency),
        formKey: randomUUID(),
      },
      problem,
    );
  }

  /**
   * `GET /cases/{caseId}/target-hardening`: what a target-hardening referral sends and the form that makes
   * it; or, once referred or when the case cannot be, why not.
   */
  async function targetHardeningPage(
    th: ThReferralDeps,
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const found = await opening(ctx, caseId, 'job:refer', problem);
    if ('missing' in found) return found.missing;
    const section = await referralSection(th, found.opened, ctx.session, {
      closed: found.support.closed !== undefined,
    });
    if (!problem && section?.referred)
      return kit.message(
        ctx,
        200,
        'Referred for target hardening already',
        [`The victim was referred with referral number ${section.referred.referralNumber}.`],
        backToSupport(caseId),
      );
    if (!problem && !section?.canRefer)
      return kit.message(
        ctx,
        200,
        'The victim cannot be referred for target hardening',
        [section?.cannot ?? 'You cannot refer for target hardening.'],
        backToSupport(caseId),
      );
    return actionPage(
      ctx,
      found,
      { view: 'case-target-hardening', path: 'target-hardening', title: 'refer for target hardening' },
      {
        sends: section?.sends,
        referrerEmail: section?.referrerEmail,
        cannot: section?.cannot,
      },
      problem,
    );
  }

  async function rjRequestPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const { session } = ctx;
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const admitted = ctx.request.form.admitted;
    if (admitted !== 'yes' && admitted !== 'no') {
      return rjRequestPage(ctx, caseId, {
        errors: [{ field: 'admitted', text: 'Say whether the offender has admitted guilt' }],
        entered: { admitted: admitted ?? '' },
      });
    }
    try {
      const status = rjOnRequest(opened.referral.offence, admitted === 'yes');
      await deps.support.requestRestorativeJustice(caseId, {
        status,
        requestedBy: session.user,
        requestedAt: deps.clock.now(),
      });
    } catch (error) {
      if (error instanceof RjNotPossibleError) {
        return kit.message(
          ctx,
          400,
          'Restorative justice cannot be offered',
          ['It needs the offender to have admitted guilt. Nothing was recorded.'],
          backToSupport(caseId),
        );
      }
      if (error instanceof RjStateError || error instanceof SupportClosedError) {
        return kit.message(
          ctx,
          409,
          'Restorative justice was not recorded',
          [error.message],
          backToSupport(caseId),
        );
      }
      throw error;
    }
    await kit.audit(ctx, caseId, 'changed', 'rj:request');
    return redirect(`/cases/${encodeURIComponent(caseId)}/support?saved=rj`);
  }

  async function rjDecisionPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const { session } = ctx;
    if (!isCaseId(caseId)) return caseNotFound(kit, ctx, caseId);
    const decision = ctx.request.form.decision;
    if (decision !== 'approve' && decision !== 'refuse') {
      return rjDecisionPage(ctx, caseId, {
        errors: [{ field: 'decision', text: 'Choose approve or do not approve' }],
        entered: { decision: decision ?? '' },
      });
    }
    try {
      await deps.support.decideRestorativeJustice(
        caseId,
        decision === 'approve',
        session.user,
        deps.clock.now(),
      );
    } catch (error) {
      if (error instanceof RjStateError)
        return kit.message(ctx, 409, 'Nothing is awaiting approval', [error.message], backToSupport(caseId));
      throw error;
    }
    await kit.audit(ctx, caseId, 'changed', `rj:${decision}`);
    return redirect(`/cases/${encodeURIComponent(caseId)}/support?saved=rj-decision`);
  }

  async function hardshipPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const { session } = ctx;
    if (!deps.hardship || !isCaseId(caseId) || !(await deps.store.getCase(caseId))) {
      return caseNotFound(kit, ctx, caseId);
    }
    const now = deps.clock.now();
    const { form } = ctx.request;
    const entered = { amount: form.amount ?? '', purpose: form.purpose ?? '' };
    let input: HardshipPaymentInput;
    try {
      input = validateHardshipPayment(form.amount ?? '', form.purpose ?? '');
    } catch (error) {
      if (!(error instanceof InvalidHardshipPaymentError)) throw error;
      return hardshipPage(ctx, caseId, {
        errors: error.errors.map((e) => ({
          field: e.field === 'amount' ? 'amount' : 'purpose',
          text: `${e.field === 'amount' ? 'Amount' : 'What it is for'} ${e.message}`,
        })),
        entered,
      });
    }
    const key = form[FORM_KEY_FIELD];
    // Drawn again, the page has a new key and keeps what was entered: sending it again pays.
    if (!isFormKey(key))
      return hardshipPage(ctx, caseId, { errors: [{ field: 'amount', text: FORM_KEY_MESSAGE }], entered });
    // The form's key is the payment's id: the same form sent twice, even at once, pays and spends once.
    const payment: HardshipPayment = {
      ...input,
      paymentId: key,
      caseId,
      financialYear: financialYearOf(now),
      paidBy: session.user,
      paidAt: now,
    };
    try {
      await payHardship(
        { hardship: deps.hardship, support: deps.support, audit: deps.audit, store: deps.store },
        payment,
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof SupportClosedError) {
        return kit.message(
          ctx,
          409,
          'This case is closed',
          ['No hardship payment can be made on a closed case. Nothing was paid.'],
          backToSupport(caseId),
        );
      }
      if (error instanceof HardshipBudgetExceededError) {
        return kit.message(
          ctx,
          409,
          'Not enough left in the hardship fund',
          [error.message, 'Nothing was paid.'],
          backToSupport(caseId),
        );
      }
      throw error;
    }
    return redirect(`/cases/${encodeURIComponent(caseId)}/support?saved=hardship`);
  }

  /**
   * Records an onward referral to an agency chosen from the kept list (an active one), never a name typed
   * here: the quarterly return counts it under the list's name for the agency (docs/reporting.md).
   */
  async function onwardReferralPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const { session } = ctx;
    if (!deps.agencies || !(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    const chosen = ctx.request.form.agency ?? '';
    const entered = { agency: chosen };
    const agency = isAgencyId(chosen) ? await deps.agencies.getAgency(chosen) : undefined;
    if (!agency?.active) {
      const text = chosen
        ? 'Choose a service from the list: the one sent is not on it'
        : 'Choose the service the victim is referred to';
      return onwardReferralPage(ctx, caseId, { errors: [{ field: 'agency', text }], entered });
    }
    const key = ctx.request.form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return onwardReferralPage(ctx, caseId, {
        errors: [{ field: 'agency', text: FORM_KEY_MESSAGE }],
        entered,
      });
    // Keyed by the form: the referral is recorded (and counted) once however often the form is sent.
    await deps.store.recordEvent({
      eventId: `onward-referral.${key}`,
      caseId,
      type: 'onward-referral-made',
      at: deps.clock.now(),
      detail: { agencyId: agency.agencyId, service: agency.name, by: session.user },
    });
    await kit.audit(ctx, caseId, 'changed', 'onward:refer');
    return redirect(`/cases/${encodeURIComponent(caseId)}/support?saved=onward`);
  }

  return {
    rjRequestPage: (ctx: SignedInContext, caseId: string) => rjRequestPage(ctx, caseId),
    requestRj: rjRequestPost,
    rjDecisionPage: (ctx: SignedInContext, caseId: string) => rjDecisionPage(ctx, caseId),
    decideRj: rjDecisionPost,
    hardshipPage: (ctx: SignedInContext, caseId: string) => hardshipPage(ctx, caseId),
    payHardship: hardshipPost,
    onwardReferralPage: (ctx: SignedInContext, caseId: string) => onwardReferralPage(ctx, caseId),
    referOnward: onwardReferralPost,
    // Only where target hardening is run: its page and the referral it posts.
    ...(referring
      ? {
          targetHardening: {
            page: (ctx: SignedInContext, caseId: string) => targetHardeningPage(referring, ctx, caseId),
            refer: (ctx: SignedInContext, caseId: string) =>
              referPost(kit, referring, ctx, caseId, {
                open: (id) => openCase(deps.store, id),
                closed: async (id) => (await deps.support.getSupport(id)).closed !== undefined,
                again: (problem) => targetHardeningPage(referring, ctx, caseId, problem),
              }),
          },
        }
      : {}),
  };
}
