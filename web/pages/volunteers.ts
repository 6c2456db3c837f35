import { randomUUID } from 'node:crypto';
import {
  assignVolunteer,
  unassignVolunteer,
  type VolunteerAssignmentDeps,
} from '../../shared/application/volunteer-assignment.ts';
import type { Case } from '../../shared/domain/case.ts';
import type { FieldError } from '../../shared/domain/field-errors.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import { may, type Role } from '../../shared/domain/roles.ts';
import {
  assignmentProblems,
  supportSince,
  VolunteerAssignmentRefusedError,
} from '../../shared/domain/volunteering.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { StaffDirectory } from '../../shared/ports/staff-directory.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { actorOf, caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';

/** What the volunteer pages read and write. */
export interface VolunteerPagesDeps extends VolunteerAssignmentDeps {
  readonly store: VolunteerAssignmentDeps['store'] & Pick<CaseStore, 'getCase'>;
  readonly staff?: StaffDirectory;
}

/**
 * Whether the roles open cases only as a volunteer (assigned ones), not as the people who work every case:
 * the case record then shows such a person its overview and contacts only.
 */
export const volunteerOnly = (roles: readonly Role[]): boolean =>
  may(roles, 'assigned:read') && !may(roles, 'cases:read');

const victimName = (opened: Case) => `${opened.referral.victim.forename} ${opened.referral.victim.surname}`;

const volunteersPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/volunteers`;

/**
 * Volunteers (docs/web-app.md, "Volunteers"): a volunteer's own cases (My cases), and the team leader's page
 * of a case's volunteers — who has it, assigning one (a case supported for over a month, still open) and
 * ending an assignment. Who may open a volunteer's case is decided by the route table, never here.
 */
export function createVolunteerPages(kit: PageKit, deps: VolunteerPagesDeps) {
  const directory = async () => (deps.staff?.volunteers ? deps.staff.volunteers() : []);

  /** My cases for a volunteer: the cases assigned to them, each a view of its case (audited). */
  async function myCases(ctx: SignedInContext): Promise<WebResponse> {
    const assigned = await deps.volunteers.forVolunteer(ctx.session.user);
    const rows = await Promise.all(
      assigned.map(async (assignment) => {
        const [opened, support] = await Promise.all([
          deps.store.getCase(assignment.caseId),
          deps.support.getSupport(assignment.caseId),
        ]);
        await kit.audit(ctx, assignment.caseId, 'viewed', 'volunteer-cases');
        return {
          caseId: assignment.caseId,
          name: opened ? victimName(opened) : 'Not found',
          since: localDateTime(assignment.at),
          closed: support.closed !== undefined,
        };
      }),
    );
    return kit.render(ctx, 'volunteer-cases', { title: 'My cases', rows });
  }

  async function page(
    ctx: SignedInContext,
    caseId: string,
    form?: { values: Readonly<Record<string, string>>; errors: readonly FieldError[] },
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const [support, owner, current, volunteers] = await Promise.all([
      deps.support.getSupport(caseId),
      deps.owners.getOwner(caseId),
      deps.volunteers.forCase(caseId),
      directory(),
    ]);
    await kit.audit(ctx, caseId, 'viewed', 'volunteers');
    const nameOf = (id: string) => volunteers.find((v) => v.id === id)?.name ?? id;
    const since = supportSince(owner);
    const errors = form?.errors ?? [];
    const chosen = form?.values.volunteer;
    const { assigned, ended } = ctx.request.query;
    return kit.render(
      ctx,
      'case-volunteers',
      {
        title: 'Volunteers',
        caseId,
        victimName: victimName(opened),
        ...(errors.length > 0
          ? {
              errorSummary: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
              errors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
            }
          : { errors: {} }),
        summary: [
          { key: { text: 'Support' }, value: { text: support.closed ? 'Closed' : 'Open' } },
          {
            key: { text: 'In support since' },
            value: { text: since ? localDateTime(since) : 'Not in further support' },
          },
        ],
        current: current.map((a) => ({
          volunteer: a.volunteer,
          name: nameOf(a.volunteer),
          since: localDateTime(a.at),
          by: a.by,
          assignmentId: a.assignmentId,
        })),
        items: volunteers
          .filter((v) => !current.some((a) => a.volunteer === v.id))
          .map((v) => ({ value: v.id, text: v.name, checked: v.id === chosen })),
        formKey: isFormKey(form?.values[FORM_KEY_FIELD]) ? form?.values[FORM_KEY_FIELD] : randomUUID(),
        formKeyField: FORM_KEY_FIELD,
        ...(assigned ? { banner: `${nameOf(String(assigned))} is assigned to the case.` } : {}),
        ...(ended ? { banner: `${nameOf(String(ended))} is no longer assigned to the case.` } : {}),
      },
      errors.length > 0 ? 400 : 200,
    );
  }

  /** `POST /cases/{caseId}/volunteers`: assigns the chosen volunteer once, or names what is wrong (400). */
  async function assign(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const values = ctx.request.form;
    const volunteer = values.volunteer?.trim() || undefined;
    const [support, owner, current, volunteers] = await Promise.all([
      deps.support.getSupport(caseId),
      deps.owners.getOwner(caseId),
      deps.volunteers.forCase(caseId),
      directory(),
    ]);
    const key = values[FORM_KEY_FIELD];
    const sameForm = current.some((a) => a.assignmentId === key && a.volunteer === volunteer);
    const problems = sameForm
      ? []
      : assignmentProblems({
          volunteer,
          known: volunteers.some((v) => v.id === volunteer),
          alreadyAssigned: current.some((a) => a.volunteer === volunteer),
          support,
          owner,
          now: deps.clock.now(),
        });
    if (!isFormKey(key)) problems.push({ field: 'volunteer', message: FORM_KEY_MESSAGE });
    if (problems.length > 0 || !volunteer || !isFormKey(key))
      return page(ctx, caseId, { values, errors: problems });
    try {
      await assignVolunteer(deps, { ...actorOf(ctx), caseId, volunteer, assignmentId: key });
    } catch (error) {
      if (!(error instanceof VolunteerAssignmentRefusedError)) throw error;
      return page(ctx, caseId, { values, errors: [{ field: 'volunteer', message: error.message }] });
    }
    return redirect(`${volunteersPath(caseId)}?assigned=${encodeURIComponent(volunteer)}`);
  }

  /** `POST /cases/{caseId}/volunteers/unassign`: ends the named assignment once. */
  async function unassign(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const volunteer = ctx.request.form.volunteer ?? '';
    const assignmentId = ctx.request.form.assignment ?? '';
    const result = await unassignVolunteer(deps, { ...actorOf(ctx), caseId, volunteer, assignmentId });
    if (result === 'not-found')
      return kit.message(
        ctx,
        404,
        'Assignment not found',
        ['The case has no such volunteer assignment now. Nothing was changed.'],
        { href: volunteersPath(caseId), text: 'Back to the case’s volunteers' },
      );
    return redirect(`${volunteersPath(caseId)}?ended=${encodeURIComponent(volunteer)}`);
  }

  return { myCases, page: (ctx: SignedInContext, caseId: string) => page(ctx, caseId), assign, unassign };
}
