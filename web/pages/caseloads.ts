import { allocateCase } from '../../shared/application/allocate-case.ts';
import { startLongCaseChecks } from '../../shared/application/long-cases.ts';
import {
  type AllocationSuggestion,
  equalityWanted,
  reasonsSentence,
  type StaffProfile,
  suggestAllocation,
} from '../../shared/domain/allocation.ts';
import { isCaseId } from '../../shared/domain/audit.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import type { Case } from '../../shared/domain/case.ts';
import {
  AllocationConflictError,
  allocationProblems,
  CaseClosedForAllocationError,
  type CaseOwner,
  ownerStatus,
  REASON_MAX,
} from '../../shared/domain/case-ownership.ts';
import type { Task } from '../../shared/domain/task.ts';
import type { CaseOwners } from '../../shared/ports/case-owners.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import { dueIn, localDateTime } from '../views.ts';
import { earlierCases, earlierCaseworkers } from './case-picture.ts';
import { actorOf, caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';
import { PRIORITY_NAMES, sentence, TASK_NAMES } from './wording.ts';

/** What the caseload pages need: the web app's stores, with the case owners. */
export type CaseloadPagesDeps = WebAppDeps & { readonly owners: CaseOwners };

/** A team leader's allocation form as sent, kept to draw the page again with its problems. */
interface AllocationForm {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: ReadonlyArray<{ readonly field: string; readonly message: string }>;
}

/** Index entries read at once for a caseworker's assigned tasks. */
const TASK_READ = 2_000;

/** Whole calendar days (Leicester time) from one instant to another: 0 on the same day. */
function daysBetween(from: Date, to: Date): number {
  return Math.round((Date.parse(localDateOf(to)) - Date.parse(localDateOf(from))) / 86_400_000);
}

const daysText = (days: number) => (days <= 0 ? 'Today' : days === 1 ? '1 day' : `${days} days`);

const victimName = (opened: Case) => `${opened.referral.victim.forename} ${opened.referral.victim.surname}`;

/**
 * The pages of case ownership (docs/web-app.md): My cases (a caseworker's open cases), the team leader's
 * caseloads (each caseworker's open cases and tasks, and the cases waiting for allocation), one
 * caseworker's caseload, and allocating a case — the caseworkers best first with their reasons, and the
 * reason for moving a case someone already has.
 */
export function createCaseloadPages(kit: PageKit, deps: CaseloadPagesDeps) {
  const staffList = async (): Promise<StaffProfile[]> => (deps.staff ? deps.staff.caseworkers() : []);

  /** The open tasks assigned to a person, due first (the index by assignee, read to its end). */
  async function assignedTasks(user: string): Promise<Task[]> {
    const tasks: Task[] = [];
    let after: string | undefined;
    do {
      const page = await deps.tasks.findOpen({ assignee: user }, {}, { evaluate: TASK_READ, after });
      tasks.push(...page.tasks);
      after = page.next;
    } while (after);
    return tasks;
  }

  /** Each open case as its row: reference, name, days held, and its next open task with when it is due. */
  async function caseRows(ctx: SignedInContext, owned: readonly CaseOwner[], what: string) {
    const now = deps.clock.now();
    const rows = await Promise.all(
      owned.map(async (owner) => {
        const [opened, tasks] = await Promise.all([
          deps.store.getCase(owner.caseId),
          deps.tasks.listForCase(owner.caseId),
        ]);
        // Each victim named on the page is a view of their case.
        await kit.audit(ctx, owner.caseId, 'viewed', what);
        const next = tasks
          .filter((task) => task.status === 'open')
          .sort((a, b) => a.due.getTime() - b.due.getTime())[0];
        return {
          caseId: owner.caseId,
          name: opened ? victimName(opened) : 'Not found',
          held: owner.allocatedAt ? daysText(daysBetween(owner.allocatedAt, now)) : '',
          next: next
            ? {
                taskId: next.taskId,
                name: TASK_NAMES[next.type],
                due: localDateTime(next.due),
                dueIn: dueIn(next.due, now),
              }
            : undefined,
        };
      }),
    );
    return rows;
  }

  async function myCasesPage(ctx: SignedInContext): Promise<WebResponse> {
    const owned = await deps.owners.caseload(ctx.session.user);
    return kit.render(ctx, 'my-cases', {
      title: 'My cases',
      rows: await caseRows(ctx, owned, 'caseload'),
      emptyText: 'You have no open cases. A team leader allocates cases once first contact leads to support.',
    });
  }

  async function caseloadsPage(ctx: SignedInContext): Promise<WebResponse> {
    const now = deps.clock.now();
    const staff = await staffList();
    const people = await Promise.all(
      staff.map(async (member) => {
        const [owned, tasks] = await Promise.all([deps.owners.caseload(member.id), assignedTasks(member.id)]);
        return {
          id: member.id,
          name: member.name,
          cases: owned.length,
          tasks: tasks.length,
          overdue: tasks.filter((task) => task.due.getTime() < now.getTime()).length,
        };
      }),
    );
    const waiting = await Promise.all(
      (await deps.owners.unallocated()).map(async (owner) => {
        const opened = await deps.store.getCase(owner.caseId);
        return {
          caseId: owner.caseId,
          priority: opened ? PRIORITY_NAMES[opened.triage.priority] : '',
          enhanced: opened?.triage.enhanced ?? false,
          area: opened ? sentence(opened.referral.npa) : '',
          waiting: owner.waitingSince ? daysText(daysBetween(owner.waitingSince, now)) : '',
        };
      }),
    );
    const { allocated, to } = ctx.request.query;
    const given = staff.find((member) => member.id === to);
    return kit.render(ctx, 'team-caseloads', {
      title: 'Caseloads',
      people,
      waiting,
      noStaff: deps.staff === undefined,
      ...(allocated && isCaseId(allocated) && given
        ? { banner: `Case ${allocated} allocated to ${given.name}.` }
        : {}),
    });
  }

  async function caseloadPage(ctx: SignedInContext, user: string): Promise<WebResponse> {
    const member = (await staffList()).find((m) => m.id === user);
    if (!member)
      return kit.message(ctx, 404, 'Caseworker not found', [`There is no caseworker ${user}.`], {
        href: '/caseloads',
        text: 'Back to the caseloads',
      });
    const now = deps.clock.now();
    const overdueOnly = ctx.request.query.tasks === 'overdue';
    const tasks = (await assignedTasks(member.id)).filter(
      (task) => !overdueOnly || task.due.getTime() < now.getTime(),
    );
    return kit.render(ctx, 'caseworker-caseload', {
      title: `${member.name}’s caseload`,
      member,
      overdueOnly,
      rows: await caseRows(ctx, await deps.owners.caseload(member.id), 'caseload'),
      emptyText: `${member.name} has no open cases.`,
      tasks: tasks.map((task) => ({
        taskId: task.taskId,
        caseId: task.caseId,
        name: TASK_NAMES[task.type],
        due: localDateTime(task.due),
        dueIn: dueIn(task.due, now),
      })),
    });
  }

  /**
   * The caseworkers for this case, best first with the reasons, weighed on their open cases; the one who has
   * it now last, so the first is the one suggested.
   */
  async function suggestionsFor(
    opened: Case,
    staff: readonly StaffProfile[],
    owner: string | undefined,
  ): Promise<AllocationSuggestion[]> {
    const caseloads = new Map(
      await Promise.all(
        staff.map(async (member) => [member.id, (await deps.owners.caseload(member.id)).length] as const),
      ),
    );
    const [support, earlier] = await Promise.all([
      deps.support.getSupport(opened.caseId),
      earlierCases({ support: deps.support, owners: deps.owners }, opened),
    ]);
    const ranked = suggestAllocation(
      {
        area: opened.referral.npa,
        enhanced: opened.triage.enhanced,
        childOrYoungPerson: opened.triage.childOrYoungPerson,
        seriousRisk: opened.triage.enhanced || opened.referral.risk === 'high',
        restorativeJustice: support.restorativeJustice !== undefined,
        equalityWanted: equalityWanted(opened.referral.equality),
        earlierCaseworkers: earlierCaseworkers(earlier),
      },
      staff,
      caseloads,
      sentence,
      'open case',
    );
    return [...ranked.filter((s) => s.member.id !== owner), ...ranked.filter((s) => s.member.id === owner)];
  }

  const closedMessage = (ctx: SignedInContext, caseId: string) =>
    kit.message(
      ctx,
      409,
      'This case is closed',
      ['A closed case is on nobody’s caseload and cannot be allocated. Nothing was changed.'],
      { href: `/cases/${encodeURIComponent(caseId)}`, text: 'Go to the case' },
    );

  async function allocationPage(
    ctx: SignedInContext,
    caseId: string,
    form?: AllocationForm,
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const owner = await deps.owners.getOwner(caseId);
    if (ownerStatus(owner) === 'closed') return closedMessage(ctx, caseId);
    await kit.audit(ctx, caseId, 'viewed', 'allocation');
    const staff = await staffList();
    const suggestions = await suggestionsFor(opened, staff, owner?.owner);
    const history = await deps.owners.allocations(caseId);
    const nameOf = (id: string) => staff.find((m) => m.id === id)?.name ?? id;
    const values = form?.values ?? {};
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, e.message]));
    const now = deps.clock.now();
    return kit.render(
      ctx,
      'allocation',
      {
        title: owner?.owner ? 'Reallocate the case' : 'Allocate the case',
        caseId,
        next: (owner?.allocations ?? 0) + 1,
        owned: owner?.owner !== undefined,
        reasonMax: REASON_MAX,
        summary: [
          { key: { text: 'Case' }, value: { text: caseId } },
          { key: { text: 'Victim' }, value: { text: victimName(opened) } },
          { key: { text: 'Area' }, value: { text: sentence(opened.referral.npa) } },
          { key: { text: 'Priority' }, value: { text: PRIORITY_NAMES[opened.triage.priority] } },
          { key: { text: 'Risk' }, value: { text: sentence(opened.referral.risk) } },
          {
            key: { text: 'With' },
            value: {
              text: owner?.owner
                ? `${nameOf(owner.owner)}, since ${localDateTime(owner.allocatedAt ?? now)}`
                : owner?.waitingSince
                  ? `Nobody: waiting for allocation since ${localDateTime(owner.waitingSince)}`
                  : 'Nobody yet',
            },
          },
        ],
        items: suggestions.map((suggestion, index) => ({
          value: suggestion.member.id,
          text: `${suggestion.member.name}${index === 0 && suggestion.member.id !== owner?.owner ? ' (suggested)' : ''}${suggestion.member.id === owner?.owner ? ' (has the case now)' : ''}`,
          hint: { text: reasonsSentence(suggestion.reasons) },
          checked: values.to === suggestion.member.id,
        })),
        reason: values.reason ?? '',
        history: history.map((a) => ({
          n: a.n,
          to: nameOf(a.to),
          by: a.by,
          at: localDateTime(a.at),
          reason: a.reason ?? '',
        })),
        noStaff: staff.length === 0,
        errors,
        ...(form?.errors.length
          ? { errorSummary: form.errors.map((e) => ({ text: e.message, href: `#${e.field}` })) }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function allocatePost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const values = { to: form.to ?? '', reason: form.reason ?? '' };
    const n = Number(form.allocation);
    const owner = await deps.owners.getOwner(caseId);
    if (ownerStatus(owner) === 'closed') return closedMessage(ctx, caseId);
    const current = owner?.allocations ?? 0;
    if (!Number.isInteger(n) || n < 1 || n > current + 1)
      return allocationPage(ctx, caseId, {
        values,
        errors: [
          { field: 'to', message: 'The page was out of date: check who has the case and choose again' },
        ],
      });
    const staff = await staffList();
    const member = staff.find((m) => m.id === values.to);
    const suggestions = await suggestionsFor(opened, staff, owner?.owner);
    // The case's next allocation is checked; an earlier number is this allocation sent again (or another's
    // meanwhile), which the service answers.
    if (n === current + 1) {
      const problems = allocationProblems({
        to: values.to,
        known: member !== undefined,
        owner: owner?.owner,
        reason: values.reason,
      });
      if (problems.length > 0) return allocationPage(ctx, caseId, { values, errors: problems });
    }
    try {
      const allocation = await allocateCase(
        { owners: deps.owners, audit: deps.audit, store: deps.store, clock: deps.clock },
        {
          caseId,
          n,
          to: values.to,
          from: owner?.owner,
          reason: owner?.owner === undefined ? undefined : values.reason,
          suggested: suggestions[0]?.member.id === values.to,
          ...actorOf(ctx),
        },
      );
      // In further support: its dependency check and six-monthly reassessments (harmless when reallocated).
      await startLongCaseChecks(deps, { caseId, allocatedAt: allocation.at });
    } catch (error) {
      if (error instanceof CaseClosedForAllocationError) return closedMessage(ctx, caseId);
      if (error instanceof AllocationConflictError) {
        const kept = error.kept;
        const whose = kept ? (staff.find((m) => m.id === kept.to)?.name ?? kept.to) : undefined;
        return kit.message(
          ctx,
          409,
          'Someone else allocated this case',
          [
            whose
              ? `It was allocated to ${whose} by ${kept?.by} since you opened the page.`
              : 'It was allocated since you opened the page.',
            'Nothing you chose was saved. Check who has the case before allocating it again.',
          ],
          { href: `/cases/${encodeURIComponent(caseId)}/allocation`, text: 'See who has the case' },
        );
      }
      throw error;
    }
    return redirect(`/caseloads?allocated=${encodeURIComponent(caseId)}&to=${encodeURIComponent(values.to)}`);
  }

  return {
    myCases: myCasesPage,
    caseloads: caseloadsPage,
    caseload: caseloadPage,
    allocation: (ctx: SignedInContext, caseId: string) => allocationPage(ctx, caseId),
    allocate: allocatePost,
  };
}
