import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  type AttendeeProblem,
  addAttendees,
  type GroupSessionDeps,
  InvalidAttendeesError,
  recordGroupSession,
} from '../../shared/application/group-sessions.ts';
import { localDateOf, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  caseReferencesIn,
  GROUP_SESSION_ATTENDEES_MAX,
  GroupSessionDetailsSchema,
  type GroupSessionRecord,
} from '../../shared/domain/group-session.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { actorOf, type PageKit, type SignedInContext } from './page-kit.ts';

export interface GroupSessionPagesDeps extends GroupSessionDeps {
  readonly clock: Clock;
}

type FieldError = { readonly field: string; readonly text: string };

/** Where each field's error links to. */
const ERROR_TARGET: Readonly<Record<string, string>> = {
  date: 'date-day',
  title: 'title',
  venue: 'venue',
  attendees: 'attendees',
};

const PROBLEM_TEXT: Readonly<Record<AttendeeProblem, string>> = {
  'not-a-case': 'is not a case reference of this service',
  closed: 'is a closed case',
  'not-under-18': 'is not a victim under 18 on the day of the session',
};

const sessionPath = (sessionId: string) => `/group-sessions/${encodeURIComponent(sessionId)}`;

/** The session's day as people read it: "Saturday 12 December 2026". */
const dayInWords = (date: string) => DateTime.fromISO(date).toFormat('cccc d LLLL yyyy');

/** The typed case references, or the attendees field's error. */
function attendeesIn(typed: string | undefined): { caseIds: string[] } | { error: FieldError } {
  const caseIds = caseReferencesIn(typed ?? '');
  if (caseIds.length === 0)
    return {
      error: { field: 'attendees', text: 'Enter the case reference of each young person who attended' },
    };
  if (caseIds.length > GROUP_SESSION_ATTENDEES_MAX)
    return {
      error: {
        field: 'attendees',
        text: `Enter at most ${GROUP_SESSION_ATTENDEES_MAX} case references at a time`,
      },
    };
  return { caseIds };
}

const problemErrors = (error: InvalidAttendeesError): FieldError[] =>
  error.problems.map((p) => ({ field: 'attendees', text: `${p.caseId} ${PROBLEM_TEXT[p.problem]}` }));

/**
 * Young people's group sessions (docs/web-app.md): the team's list of sessions held, the form that records
 * one with the young people who attended (by case reference), and a session's page, where more young
 * people are added.
 */
export function createGroupSessionPages(kit: PageKit, deps: GroupSessionPagesDeps) {
  async function listPage(ctx: SignedInContext): Promise<WebResponse> {
    const today = DateTime.fromJSDate(deps.clock.now(), { zone: SERVICE_TIME_ZONE });
    const from = today.minus({ months: 12 }).startOf('month').toISODate() as string;
    const held = await deps.sessions.listHeld(from, today.plus({ days: 1 }).toISODate() as string);
    return kit.render(ctx, 'group-sessions', {
      title: 'Young people’s group sessions',
      banner: ctx.request.query.saved === 'session' ? 'Group session recorded.' : undefined,
      rows: held.map(({ session, attendees }) => ({
        href: sessionPath(session.sessionId),
        date: dayInWords(session.date),
        title: session.title,
        venue: session.venue,
        attended: attendees.length,
      })),
    });
  }

  function formPage(
    ctx: SignedInContext,
    form?: { values: Readonly<Record<string, string>>; errors: readonly FieldError[] },
  ): WebResponse {
    const today = DateTime.fromJSDate(deps.clock.now(), { zone: SERVICE_TIME_ZONE });
    const values = form?.values ?? {
      'date-day': String(today.day),
      'date-month': String(today.month),
      'date-year': String(today.year),
    };
    const errors: Record<string, string> = {};
    for (const e of form?.errors ?? [])
      errors[e.field] = errors[e.field] ? `${errors[e.field]}; ${e.text}` : e.text;
    return kit.render(
      ctx,
      'group-session-new',
      {
        title: 'Record a group session',
        // A new key for every drawing of the form: the session is recorded once however often it is sent.
        formKey: randomUUID(),
        values,
        errors,
        attendeesMax: GROUP_SESSION_ATTENDEES_MAX,
        ...(form?.errors.length
          ? { errorSummary: form.errors.map((e) => ({ text: e.text, href: `#${ERROR_TARGET[e.field]}` })) }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  /** The session's day from the form, or its error: a real date, not in the future. */
  function dateIn(form: Readonly<Record<string, string>>): { date: string } | { error: FieldError } {
    const parts = ['date-day', 'date-month', 'date-year'].map((f) => form[f]?.trim() ?? '');
    if (parts.every((p) => p === ''))
      return { error: { field: 'date', text: 'Enter the date the session was held' } };
    const [day, month, year] = parts;
    const date =
      parts.every((p) => /^\d{1,4}$/.test(p)) && (year ?? '').length === 4
        ? DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) })
        : DateTime.invalid('not a date');
    if (!date.isValid)
      return { error: { field: 'date', text: 'The date the session was held must be a real date' } };
    const iso = date.toISODate() as string;
    if (iso > localDateOf(deps.clock.now()))
      return { error: { field: 'date', text: 'The date the session was held must be today or in the past' } };
    return { date: iso };
  }

  async function recordPost(ctx: SignedInContext): Promise<WebResponse> {
    const { form } = ctx.request;
    const errors: FieldError[] = [];
    const date = dateIn(form);
    if ('error' in date) errors.push(date.error);
    const details = GroupSessionDetailsSchema.safeParse({ title: form.title ?? '', venue: form.venue ?? '' });
    if (!details.success)
      for (const issue of details.error.issues)
        errors.push({ field: String(issue.path[0]), text: issue.message });
    const attendees = attendeesIn(form.attendees);
    if ('error' in attendees) errors.push(attendees.error);
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key)) errors.push({ field: 'title', text: FORM_KEY_MESSAGE });
    if (errors.length > 0 || 'error' in date || !details.success || 'error' in attendees || !isFormKey(key))
      return formPage(ctx, { values: form, errors });
    let recorded: GroupSessionRecord;
    try {
      recorded = await recordGroupSession(
        deps,
        {
          sessionId: key,
          date: date.date,
          ...details.data,
          recordedBy: ctx.session.user,
          recordedAt: deps.clock.now(),
        },
        attendees.caseIds,
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof InvalidAttendeesError)
        return formPage(ctx, { values: form, errors: problemErrors(error) });
      throw error;
    }
    return redirect(`${sessionPath(recorded.session.sessionId)}?saved=session`);
  }

  async function sessionPage(
    ctx: SignedInContext,
    sessionId: string,
    form?: { values: Readonly<Record<string, string>>; errors: readonly FieldError[] },
  ): Promise<WebResponse> {
    const held = await deps.sessions.get(sessionId);
    if (!held) return kit.message(ctx, 404, 'Session not found', ['There is no such group session.']);
    const { session, attendees } = held;
    const saved = ctx.request.query.saved;
    return kit.render(
      ctx,
      'group-session',
      {
        title: session.title,
        banner:
          saved === 'session'
            ? 'Group session recorded.'
            : saved === 'attendance'
              ? 'Attendance recorded.'
              : undefined,
        backPath: '/group-sessions',
        action: `${sessionPath(sessionId)}/attendance`,
        rows: [
          { key: { text: 'Date' }, value: { text: dayInWords(session.date) } },
          { key: { text: 'Venue' }, value: { text: session.venue } },
          {
            key: { text: 'Recorded by' },
            value: { text: `${session.recordedBy}, ${localDateTime(session.recordedAt)}` },
          },
        ],
        attendees: attendees.map((a) => ({
          caseId: a.caseId,
          href: `/cases/${encodeURIComponent(a.caseId)}`,
        })),
        values: form?.values ?? {},
        errors: form?.errors.length ? { attendees: form.errors.map((e) => e.text).join('; ') } : {},
        ...(form?.errors.length
          ? { errorSummary: form.errors.map((e) => ({ text: e.text, href: `#${ERROR_TARGET[e.field]}` })) }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function attendancePost(ctx: SignedInContext, sessionId: string): Promise<WebResponse> {
    const held = await deps.sessions.get(sessionId);
    if (!held) return kit.message(ctx, 404, 'Session not found', ['There is no such group session.']);
    const { form } = ctx.request;
    const attendees = attendeesIn(form.attendees);
    if ('error' in attendees) return sessionPage(ctx, sessionId, { values: form, errors: [attendees.error] });
    try {
      await addAttendees(deps, held.session, attendees.caseIds, actorOf(ctx), deps.clock.now());
    } catch (error) {
      if (error instanceof InvalidAttendeesError)
        return sessionPage(ctx, sessionId, { values: form, errors: problemErrors(error) });
      throw error;
    }
    return redirect(`${sessionPath(sessionId)}?saved=attendance`);
  }

  return {
    list: listPage,
    form: (ctx: SignedInContext) => Promise.resolve(formPage(ctx)),
    record: recordPost,
    session: (ctx: SignedInContext, sessionId: string) => sessionPage(ctx, sessionId),
    attend: attendancePost,
  };
}
