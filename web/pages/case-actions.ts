import { payHardship } from '../../shared/application/case-actions.ts';
import { isAgencyId } from '../../shared/domain/agencies.ts';
import { isCaseId } from '../../shared/domain/audit.ts';
import { RjStateError, SupportClosedError } from '../../shared/domain/case-support.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  financialYearOf,
  HardshipBudgetExceededError,
  type HardshipPayment,
  type HardshipPaymentInput,
  InvalidHardshipPaymentError,
  validateHardshipPayment,
} from '../../shared/domain/hardship-fund.ts';
import { RjNotPossibleError, rjOnRequest } from '../../shared/domain/restorative-justice.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import { actorOf, caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';

/**
 * What a caseworker records from the case page: restorative justice and a team leader's decision on it, a
 * hardship payment and an onward referral (closing and reopening the case are web/pages/closure.ts).
 */
export function createCaseActions(kit: PageKit, deps: WebAppDeps) {
  async function rjRequestPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const { session } = ctx;
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const admitted = ctx.request.form.admitted;
    if (admitted !== 'yes' && admitted !== 'no') {
      return kit.casePage(ctx, caseId, {
        errors: [{ field: 'admitted', text: 'Say whether the offender has admitted guilt' }],
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
          { href: `/cases/${encodeURIComponent(caseId)}`, text: 'Back to the case' },
        );
      }
      if (error instanceof RjStateError || error instanceof SupportClosedError) {
        return kit.message(ctx, 409, 'Restorative justice was not recorded', [error.message]);
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
      return kit.message(ctx, 400, 'Choose approve or do not approve', []);
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
        return kit.message(ctx, 409, 'Nothing is awaiting approval', [error.message]);
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
    const back = { href: `/cases/${encodeURIComponent(caseId)}`, text: 'Back to the case' };
    const now = deps.clock.now();
    const { form } = ctx.request;
    const entered = { amount: form.amount ?? '', purpose: form.purpose ?? '' };
    let input: HardshipPaymentInput;
    try {
      input = validateHardshipPayment(form.amount ?? '', form.purpose ?? '');
    } catch (error) {
      if (!(error instanceof InvalidHardshipPaymentError)) throw error;
      return kit.casePage(ctx, caseId, {
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
      return kit.casePage(ctx, caseId, { errors: [{ field: 'amount', text: FORM_KEY_MESSAGE }], entered });
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
        { hardship: deps.hardship, audit: deps.audit, store: deps.store },
        payment,
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof HardshipBudgetExceededError) {
        return kit.message(
          ctx,
          409,
          'Not enough left in the hardship fund',
          [error.message, 'Nothing was paid.'],
          back,
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
      return kit.casePage(ctx, caseId, { errors: [{ field: 'agency', text }], entered });
    }
    const key = ctx.request.form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return kit.casePage(ctx, caseId, { errors: [{ field: 'agency', text: FORM_KEY_MESSAGE }], entered });
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
    requestRj: rjRequestPost,
    decideRj: rjDecisionPost,
    payHardship: hardshipPost,
    referOnward: onwardReferralPost,
  };
}
