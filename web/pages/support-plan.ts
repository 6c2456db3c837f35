import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  type AssessmentForm,
  areasOf,
  assessmentFormForAge,
  InvalidAssessmentError,
  NEED_SCORE_NAMES,
  NEED_SCORES,
  NEEDS_AREA_NAMES,
  NEEDS_AREAS,
  scoreOf,
  validateAssessment,
  validateYoungPersonAssessment,
} from '../../shared/domain/assessment.ts';
import { localDateOf, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { Case } from '../../shared/domain/case.ts';
import {
  type AssessmentKind,
  type CaseSupport,
  SupportClosedError,
} from '../../shared/domain/case-support.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  InvalidPlanActionError,
  type PlanAction,
  validatePlanAction,
} from '../../shared/domain/support-plan.ts';
import { ageOn } from '../../shared/domain/triage.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import { caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';
import { sentence } from './wording.ts';

/** The plan form's fields as its error messages name them. */
const PLAN_FIELDS: Readonly<Record<string, string>> = {
  area: 'Area of need',
  action: 'What will be done',
  owner: 'Who does it',
  reviewBy: 'Review date',
};

/**
 * Which form an assessment is made on: the one it was first made on, if revised; a closing assessment the
 * initial one's, so the two compare area by area; else the young people's for a victim under 18 today.
 */
function formOf(opened: Case, support: CaseSupport, kind: AssessmentKind, today: Date): AssessmentForm {
  const recorded = support[kind] ?? (kind === 'closing' ? support.initial : undefined);
  if (recorded) return recorded.form ?? 'adult';
  return assessmentFormForAge(ageOn(opened.referral.victim, localDateOf(today)));
}

/** The needs assessment (initial and closing) and the support plan's actions, each started on its review. */
export function createSupportPlanPages(kit: PageKit, deps: WebAppDeps) {
  async function assessmentPage(
    ctx: SignedInContext,
    caseId: string,
    form?: { values: Record<string, string>; errors: ReadonlyArray<{ field: string; message: string }> },
  ): Promise<WebResponse> {
    const kind: AssessmentKind = ctx.request.query.kind === 'closing' ? 'closing' : 'initial';
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const support = await deps.support.getSupport(caseId);
    const earlier = form ? undefined : support[kind];
    const assessmentForm = formOf(opened, support, kind, deps.clock.now());
    const areas = areasOf(assessmentForm);
    const errors = new Map((form?.errors ?? []).map((e) => [e.field.split('.')[0], e.message]));
    const notesOf = (area: string) =>
      (earlier?.assessment as Readonly<Record<string, { notes?: string } | undefined>> | undefined)?.[area]
        ?.notes;
    return kit.render(
      ctx,
      'assessment',
      {
        title: kind === 'closing' ? 'Closing needs assessment' : 'Needs assessment',
        caseId,
        kind,
        youngPerson: assessmentForm === 'young-person',
        areas: areas.map(({ area, name }) => {
          const chosen =
            form?.values[`${area}-score`] ?? String(earlier ? (scoreOf(earlier.assessment, area) ?? '') : '');
          return {
            id: area,
            name,
            error: errors.has(area) ? `Score ${name.toLowerCase()}` : undefined,
            notes: form?.values[`${area}-notes`] ?? notesOf(area),
            items: NEED_SCORES.map((score) => ({
              value: String(score),
              text: NEED_SCORE_NAMES[score],
              checked: chosen === String(score),
            })),
          };
        }),
        ...(form?.errors.length
          ? {
              errorSummary: areas
                .filter(({ area }) => errors.has(area))
                .map(({ area, name }) => ({ text: `Score ${name.toLowerCase()}`, href: `#${area}-score` })),
            }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function saveAssessmentPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const { session } = ctx;
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const kind: AssessmentKind = ctx.request.query.kind === 'closing' ? 'closing' : 'initial';
    // The form is the service's choice (the victim's age, or the first assessment's form), never the post's.
    const assessmentForm = formOf(opened, await deps.support.getSupport(caseId), kind, deps.clock.now());
    const { form } = ctx.request;
    const input = Object.fromEntries(
      areasOf(assessmentForm).map(({ area }) => {
        const score = form[`${area}-score`];
        const notes = form[`${area}-notes`]?.trim();
        return [area, { ...(score ? { score: Number(score) } : {}), ...(notes ? { notes } : {}) }];
      }),
    );
    try {
      const recorded = { kind, by: session.user, at: deps.clock.now() };
      await deps.support.saveAssessment(
        caseId,
        assessmentForm === 'young-person'
          ? { ...recorded, form: 'young-person', assessment: validateYoungPersonAssessment(input) }
          : { ...recorded, assessment: validateAssessment(input) },
      );
    } catch (error) {
      if (error instanceof InvalidAssessmentError)
        return assessmentPage(ctx, caseId, { values: { ...form }, errors: error.errors });
      if (error instanceof SupportClosedError)
        return kit.message(ctx, 409, 'This case is closed', [error.message]);
      throw error;
    }
    await kit.audit(ctx, caseId, 'changed', `assessment:${kind}`);
    await deps.store.recordEvent({
      eventId: `assessment.${kind}.${ctx.request.requestId}`,
      caseId,
      type: 'assessment-recorded',
      at: deps.clock.now(),
      detail: { kind, form: assessmentForm, by: session.user },
    });
    return redirect(`/cases/${encodeURIComponent(caseId)}/support?saved=assessment`);
  }

  async function planPage(
    ctx: SignedInContext,
    caseId: string,
    form?: { values: Record<string, string>; errors: ReadonlyArray<{ field: string; message: string }> },
  ): Promise<WebResponse> {
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, sentence(e.message)]));
    return kit.render(
      ctx,
      'plan-action',
      {
        title: 'Add an action to the support plan',
        caseId,
        // A new key for every drawing of the form: the action is recorded once however often it is sent.
        formKey: randomUUID(),
        values: form?.values ?? {},
        errors,
        areaOptions: [
          { value: '', text: 'Choose an area' },
          ...NEEDS_AREAS.map((area) => ({
            value: area,
            text: NEEDS_AREA_NAMES[area],
            selected: form?.values.area === area,
          })),
        ],
        ...(form?.errors.length
          ? {
              errorSummary: form.errors.map((e) =>
                e.field === FORM_KEY_FIELD
                  ? { text: e.message, href: '#area' }
                  : { text: `${PLAN_FIELDS[e.field] ?? e.field} ${e.message}`, href: `#${e.field}` },
              ),
            }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function addPlanActionPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const { session } = ctx;
    if (!(await openCase(deps.store, caseId))) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const now = deps.clock.now();
    const [day, month, year] = ['reviewBy-day', 'reviewBy-month', 'reviewBy-year'].map(
      (f) => form[f]?.trim() ?? '',
    );
    // Letters in a date part are not a date (luxon throws on NaN units rather than answering invalid).
    const digits = [day, month, year].every((part) => /^\d{1,4}$/.test(part ?? ''));
    const date = digits
      ? DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) })
      : DateTime.invalid('not a date');
    let added: PlanAction | undefined;
    try {
      const input = validatePlanAction(
        {
          area: form.area || undefined,
          action: form.action ?? '',
          owner: form.owner ?? '',
          reviewBy: date.isValid && year && month && day ? date.toISODate() : 'not a date',
        },
        localDateOf(now),
      );
      const key = form[FORM_KEY_FIELD];
      if (!isFormKey(key))
        throw new InvalidPlanActionError([{ field: FORM_KEY_FIELD, message: FORM_KEY_MESSAGE }]);
      // The form's key is the action's id: the same form sent twice, even at once, adds one action.
      await deps.support.addPlanAction(caseId, {
        ...input,
        actionId: key,
        addedBy: session.user,
        addedAt: now,
      });
      // The action as the plan holds it (the first sending's, if this is a repeat) and its number, its
      // place in the plan: a repeat starts, or finds started, the same review.
      const plan = (await deps.support.getSupport(caseId)).plan;
      const actionNumber = plan.findIndex((action) => action.actionId === key) + 1;
      added = plan[actionNumber - 1];
      if (!added) throw new Error(`plan action ${key} of case ${caseId} was written but is not in its plan`);
      // Its review: a task for the caseworkers at 09:00 on the review date (Leicester time).
      await deps.reviews?.startSupportReview(
        caseId,
        actionNumber,
        DateTime.fromISO(added.reviewBy, { zone: SERVICE_TIME_ZONE }).set({ hour: 9 }).toJSDate(),
      );
    } catch (error) {
      if (error instanceof InvalidPlanActionError)
        return planPage(ctx, caseId, { values: { ...form }, errors: error.errors });
      if (error instanceof SupportClosedError)
        return kit.message(ctx, 409, 'This case is closed', [error.message]);
      throw error;
    }
    await kit.audit(ctx, caseId, 'changed', 'plan:add-action');
    // Keyed by the action: the timeline (and the return) shows one addition however often it was sent.
    await deps.store.recordEvent({
      eventId: `plan-action.${added.actionId}`,
      caseId,
      type: 'plan-action-added',
      at: added.addedAt,
      detail: { area: added.area, reviewBy: added.reviewBy, by: added.addedBy },
    });
    return redirect(`/cases/${encodeURIComponent(caseId)}/support?saved=plan`);
  }

  return {
    assessment: assessmentPage,
    saveAssessment: saveAssessmentPost,
    plan: planPage,
    addAction: addPlanActionPost,
  };
}
