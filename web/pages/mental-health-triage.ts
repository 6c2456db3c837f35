import { recordMhTriageOutcome, referToMhTriage } from '../../shared/application/restorative-justice.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  MH_TRIAGE_OUTCOME_NAMES,
  MH_TRIAGE_OUTCOMES,
  MH_TRIAGE_REASON_NAMES,
  MH_TRIAGE_REASONS,
  MhTriageNotFoundError,
  TooManyMhTriageReferralsError,
  validateMhOutcome,
  validateMhReferral,
} from '../../shared/domain/mh-triage.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import {
  actorOf,
  type CaseFormProblem,
  caseNotFound,
  openCase,
  type PageKit,
  type SignedInContext,
} from './page-kit.ts';
import { backToSupport, casePage, type RjPageDeps } from './restorative-justice.ts';

const supportPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/support`;

/**
 * Mental health triage (docs/web-app.md): a referral to the co-located mental health nurses, an onward
 * referral of its own kind, and later the nurse's triage outcome on it.
 */
export function createMhTriagePages(kit: PageKit, deps: WebAppDeps, rjDeps: Pick<RjPageDeps, 'triage'>) {
  const services = { triage: rjDeps.triage, audit: deps.audit, store: deps.store };

  async function referPage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    if (!problem) await kit.audit(ctx, caseId, 'viewed', 'mh-triage:refer');
    return casePage(
      kit,
      deps,
      ctx,
      opened,
      { view: 'case-mh-triage', path: 'mental-health-triage', title: 'refer to the mental health nurses' },
      {
        reasons: MH_TRIAGE_REASONS.map((value) => ({ value, text: MH_TRIAGE_REASON_NAMES[value] })),
      },
      problem,
    );
  }

  async function referPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const entered = { reason: form.reason ?? '', urgency: form.urgency ?? '' };
    const checked = validateMhReferral(form);
    if (!checked.ok) return referPage(ctx, caseId, { errors: checked.errors, entered });
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return referPage(ctx, caseId, { errors: [{ field: 'reason', text: FORM_KEY_MESSAGE }], entered });
    try {
      await referToMhTriage(
        services,
        { caseId, referralId: key, reason: checked.reason, urgency: checked.urgency, at: deps.clock.now() },
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof TooManyMhTriageReferralsError)
        return kit.message(ctx, 409, 'The referral was not recorded', [error.message], backToSupport(caseId));
      throw error;
    }
    return redirect(`${supportPath(caseId)}?saved=mh-triage`);
  }

  async function outcomePage(
    ctx: SignedInContext,
    caseId: string,
    referralId: string | undefined,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const referral = referralId ? await rjDeps.triage.get(caseId, referralId) : undefined;
    if (!referral)
      return kit.message(
        ctx,
        404,
        'Referral not found',
        ['This case has no such referral.'],
        backToSupport(caseId),
      );
    if (!problem) {
      await kit.audit(ctx, caseId, 'viewed', 'mh-triage:outcome');
      if (referral.triage)
        return kit.message(
          ctx,
          200,
          'The triage outcome is recorded already',
          [`${MH_TRIAGE_OUTCOME_NAMES[referral.triage.outcome]}, recorded by ${referral.triage.by}.`],
          backToSupport(caseId),
        );
    }
    return casePage(
      kit,
      deps,
      ctx,
      opened,
      {
        view: 'case-mh-triage-outcome',
        path: `mental-health-triage/${encodeURIComponent(referral.referralId)}`,
        title: 'mental health triage outcome',
      },
      {
        reason: MH_TRIAGE_REASON_NAMES[referral.reason],
        outcomes: MH_TRIAGE_OUTCOMES.map((value) => ({ value, text: MH_TRIAGE_OUTCOME_NAMES[value] })),
      },
      problem,
    );
  }

  async function outcomePost(
    ctx: SignedInContext,
    caseId: string,
    referralId: string | undefined,
  ): Promise<WebResponse> {
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    const checked = validateMhOutcome(ctx.request.form);
    if (!checked.ok)
      return outcomePage(ctx, caseId, referralId, {
        errors: checked.errors,
        entered: { outcome: ctx.request.form.outcome ?? '' },
      });
    try {
      await recordMhTriageOutcome(
        services,
        { caseId, referralId: referralId ?? '', outcome: checked.outcome, at: deps.clock.now() },
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof MhTriageNotFoundError)
        return kit.message(
          ctx,
          404,
          'Referral not found',
          ['This case has no such referral.'],
          backToSupport(caseId),
        );
      throw error;
    }
    return redirect(`${supportPath(caseId)}?saved=mh-triage-outcome`);
  }

  return {
    referPage: (ctx: SignedInContext, caseId: string) => referPage(ctx, caseId),
    refer: referPost,
    outcomePage: (ctx: SignedInContext, caseId: string, referralId: string | undefined) =>
      outcomePage(ctx, caseId, referralId),
    recordOutcome: outcomePost,
  };
}
