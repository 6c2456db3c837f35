import { randomUUID } from 'node:crypto';
import {
  decideRjException,
  recordRjOffer,
  recordRjStage,
} from '../../shared/application/restorative-justice.ts';
import type { Case } from '../../shared/domain/case.ts';
import { RjStateError } from '../../shared/domain/case-support.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  isRjExcepted,
  nextRjStages,
  RJ_CRITERIA,
  RJ_CRITERION_QUESTIONS,
  RJ_OFFER_RESULT_NAMES,
  RJ_OFFER_RESULTS,
  RJ_OUTCOME_NAMES,
  RJ_OUTCOMES,
  RJ_STAGE_NAMES,
  RJ_TYPE_NAMES,
  RJ_TYPES,
  validateRjDecision,
  validateRjOffer,
  validateRjStage,
} from '../../shared/domain/rj-process.ts';
import type { MhTriageStore, RjProcessStore } from '../../shared/ports/rj-process.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import { caseRecordHeader } from './case.ts';
import {
  actorOf,
  type CaseFormProblem,
  caseNotFound,
  openCase,
  type PageKit,
  type SignedInContext,
} from './page-kit.ts';
import { exceptionStatus } from './rj-view.ts';

/** What the restorative justice and triage pages need beyond the app's stores. */
export interface RjPageDeps {
  readonly rj: RjProcessStore;
  readonly triage: MhTriageStore;
}

const supportPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/support`;
export const backToSupport = (caseId: string) => ({
  href: supportPath(caseId),
  text: 'Back to assessment and plan',
});

/** An action's page in the case record under Assessment and plan (as web/pages/case-actions.ts draws them). */
export function casePage(
  kit: PageKit,
  deps: Pick<WebAppDeps, 'support'>,
  ctx: SignedInContext,
  opened: Case,
  page: { readonly view: string; readonly path: string; readonly title: string },
  data: Record<string, unknown>,
  problem: CaseFormProblem | undefined,
): Promise<WebResponse> {
  const { caseId } = opened;
  return deps.support.getSupport(caseId).then((support) =>
    kit.render(
      ctx,
      page.view,
      {
        title: `Case ${caseId}: ${page.title}`,
        caseId,
        record: caseRecordHeader(opened, support, 'support'),
        action: `/cases/${encodeURIComponent(caseId)}/${page.path}`,
        backPath: supportPath(caseId),
        formKey: randomUUID(),
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
    ),
  );
}

const items = <T extends string>(codes: readonly T[], names: Readonly<Record<T, string>>) =>
  codes.map((value) => ({ value, text: names[value] }));

/**
 * The restorative justice pages (docs/web-app.md): the offer, a team leader's exception decision against the
 * three criteria, and each stage in order. A refused post draws the page again, 400, with the GOV.UK error
 * summary naming each field and what was entered kept; nothing is written.
 */
export function createRjPages(kit: PageKit, deps: WebAppDeps, rjDeps: RjPageDeps) {
  const services = { rj: rjDeps.rj, tasks: deps.tasks, audit: deps.audit, store: deps.store };

  async function trainedFacilitators() {
    const staff = (await deps.staff?.caseworkers()) ?? [];
    return staff.filter((s) => s.specialisms.includes('restorative-justice'));
  }

  const conflict = (ctx: SignedInContext, caseId: string, title: string, error: Error) =>
    kit.message(ctx, 409, title, [error.message, 'Nothing more was recorded.'], backToSupport(caseId));

  async function offerPage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    if (!problem) {
      await kit.audit(ctx, caseId, 'viewed', 'rj:offer');
      if (await rjDeps.rj.get(caseId))
        return kit.message(
          ctx,
          200,
          'Restorative justice is recorded already',
          ['See the assessment and plan.'],
          backToSupport(caseId),
        );
      if ((await deps.support.getSupport(caseId)).closed)
        return kit.message(
          ctx,
          200,
          'The case is closed',
          ['Restorative justice cannot be offered on a closed case.'],
          backToSupport(caseId),
        );
    }
    const trained = await trainedFacilitators();
    return casePage(
      kit,
      deps,
      ctx,
      opened,
      { view: 'case-rj-offer', path: 'restorative-justice', title: 'restorative justice offer' },
      {
        excepted: isRjExcepted(opened.referral.offence),
        results: items(RJ_OFFER_RESULTS, RJ_OFFER_RESULT_NAMES),
        types: items(RJ_TYPES, RJ_TYPE_NAMES),
        facilitators: trained.map((s) => ({ value: s.id, text: s.name })),
      },
      problem,
    );
  }

  async function offerPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const entered = Object.fromEntries(
      ['result', 'reason', 'victimInitiated', 'offenderAdmitted', 'type', 'facilitator'].map((f) => [
        f,
        form[f] ?? '',
      ]),
    );
    const checked = validateRjOffer(
      form,
      (await trainedFacilitators()).map((s) => s.id),
    );
    if (!checked.ok) return offerPage(ctx, caseId, { errors: checked.errors, entered });
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return offerPage(ctx, caseId, { errors: [{ field: 'result', text: FORM_KEY_MESSAGE }], entered });
    if ((await deps.support.getSupport(caseId)).closed)
      return kit.message(ctx, 409, 'The case is closed', ['Nothing was recorded.'], backToSupport(caseId));
    try {
      await recordRjOffer(
        services,
        { opened, offerId: key, offer: checked.offer, at: deps.clock.now() },
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof RjStateError)
        return conflict(ctx, caseId, 'Restorative justice was not recorded', error);
      throw error;
    }
    return redirect(`${supportPath(caseId)}?saved=rj`);
  }

  async function decisionPage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const process = await rjDeps.rj.get(caseId);
    if (!problem) {
      await kit.audit(ctx, caseId, 'viewed', 'rj:decision');
      if (!process?.exception || process.exception.decision)
        return kit.message(
          ctx,
          200,
          'Nothing is awaiting a decision',
          [
            (process && exceptionStatus(process)) ??
              'No restorative justice offer here needs an exception decision.',
          ],
          backToSupport(caseId),
        );
    }
    return casePage(
      kit,
      deps,
      ctx,
      opened,
      {
        view: 'case-rj-decision',
        path: 'restorative-justice-decision',
        title: 'restorative justice exception decision',
      },
      {
        criteria: RJ_CRITERIA.map((c) => ({ name: c, question: RJ_CRITERION_QUESTIONS[c] })),
        facilitator:
          (await trainedFacilitators()).find((s) => s.id === process?.offer.facilitator)?.name ??
          process?.offer.facilitator,
        type: process?.offer.type ? RJ_TYPE_NAMES[process.offer.type] : undefined,
      },
      problem,
    );
  }

  async function decisionPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const entered = Object.fromEntries(
      RJ_CRITERIA.flatMap((c) => [
        [c, form[c] ?? ''],
        [`${c}-reason`, form[`${c}-reason`] ?? ''],
      ]),
    );
    const checked = validateRjDecision(form);
    if (!checked.ok) return decisionPage(ctx, caseId, { errors: checked.errors, entered });
    try {
      await decideRjException(
        services,
        { caseId, criteria: checked.criteria, approved: checked.approved, at: deps.clock.now() },
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof RjStateError) return conflict(ctx, caseId, 'The decision was not recorded', error);
      throw error;
    }
    return redirect(`${supportPath(caseId)}?saved=rj-decision`);
  }

  async function stagePage(
    ctx: SignedInContext,
    caseId: string,
    problem?: CaseFormProblem,
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const process = await rjDeps.rj.get(caseId);
    const next = process ? nextRjStages(process) : [];
    if (!problem) {
      await kit.audit(ctx, caseId, 'viewed', 'rj:stage');
      if (!next.length)
        return kit.message(
          ctx,
          200,
          'No stage can be recorded',
          [
            'Stages are recorded once the victim accepts restorative justice and, for an exception, a team leader approves it; the outcome is the last.',
          ],
          backToSupport(caseId),
        );
    }
    return casePage(
      kit,
      deps,
      ctx,
      opened,
      { view: 'case-rj-stage', path: 'restorative-justice-stage', title: 'restorative justice stage' },
      {
        stages: items(next, RJ_STAGE_NAMES),
        // The outcome's choices only once the outcome may be recorded (after preparation).
        outcomes: next.includes('outcome') ? items(RJ_OUTCOMES, RJ_OUTCOME_NAMES) : [],
      },
      problem,
    );
  }

  async function stagePost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const entered = { stage: form.stage ?? '', outcome: form.outcome ?? '' };
    const process = await rjDeps.rj.get(caseId);
    if (!process) return stagePage(ctx, caseId);
    const key = form[FORM_KEY_FIELD];
    // The same form sent again after its stage was recorded: nothing more to check or record.
    const again = isFormKey(key) && process.stages.some((s) => s.entryId === key);
    const checked = again ? undefined : validateRjStage(process, form);
    if (checked && !checked.ok) return stagePage(ctx, caseId, { errors: checked.errors, entered });
    if (!isFormKey(key))
      return stagePage(ctx, caseId, { errors: [{ field: 'stage', text: FORM_KEY_MESSAGE }], entered });
    const stage = checked?.ok ? checked : process.stages.find((s) => s.entryId === key);
    if (!stage) return stagePage(ctx, caseId);
    try {
      await recordRjStage(
        services,
        {
          caseId,
          entryId: key,
          stage: stage.stage,
          ...(stage.outcome ? { outcome: stage.outcome } : {}),
          at: deps.clock.now(),
        },
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof RjStateError) return conflict(ctx, caseId, 'The stage was not recorded', error);
      throw error;
    }
    return redirect(`${supportPath(caseId)}?saved=rj-stage`);
  }

  return {
    offerPage: (ctx: SignedInContext, caseId: string) => offerPage(ctx, caseId),
    offer: offerPost,
    decisionPage: (ctx: SignedInContext, caseId: string) => decisionPage(ctx, caseId),
    decide: decisionPost,
    stagePage: (ctx: SignedInContext, caseId: string) => stagePage(ctx, caseId),
    recordStage: stagePost,
  };
}
