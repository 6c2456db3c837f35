import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { callTakersOn, type RotaReading } from '../../shared/application/open-chat-rota.ts';
import { type LocalDate, localDateOf, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { readDateInput } from '../../shared/domain/date-input.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import type { OpenChatRota } from '../../shared/domain/open-chat.ts';
import { datesFrom, ROTA_WEEKDAYS, type RotaChange } from '../../shared/domain/open-chat-rota.ts';
import { may } from '../../shared/domain/roles.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { OpenChatRotaStore } from '../../shared/ports/open-chat-rota.ts';
import type { StaffDirectory } from '../../shared/ports/staff-directory.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import type { PageKit, SignedInContext } from './page-kit.ts';

/** What the call-taking rota page reads and writes. */
export interface OpenChatRotaPagesDeps {
  readonly rota: RotaReading & { readonly store: OpenChatRotaStore };
  /** Whom the selects offer: the caseworkers and team leaders. */
  readonly staff?: Pick<StaffDirectory, 'caseworkers' | 'teamLeaders'> | undefined;
  readonly clock: Clock;
  /** Where a change is noted beside its kept history row: ids and codes only. */
  readonly log?: ((message: string, detail: Readonly<Record<string, string>>) => void) | undefined;
}

/** How many days ahead the page lists the call-takers. */
export const ROTA_DAYS_SHOWN = 14;

const ROTA_PATH = '/open-chats/rota';

/** How many of the latest changes the page lists. */
const CHANGES_SHOWN = 10;

/** A date as the page says it: Tuesday 15 December 2026. */
const longDate = (date: LocalDate) =>
  DateTime.fromISO(date, { zone: SERVICE_TIME_ZONE }).toFormat('cccc d LLLL yyyy');

const FROM_TEXT = { cover: 'Cover', pattern: 'Weekly pattern', configured: 'Starting pattern' } as const;

interface Problem {
  readonly form: 'pattern' | 'cover';
  readonly values: Readonly<Record<string, string>>;
  readonly errors: ReadonlyArray<{ readonly field: string; readonly text: string }>;
}

/**
 * The open web chat's call-taking rota (docs/web-chat.md, "The call-taking rota"): the next 14 days'
 * call-takers for everyone who answers chats; for team leaders, the weekly pattern as a select per weekday
 * and a form setting cover for a date. Each change is kept with who made it and when, once per form key.
 */
export function createOpenChatRotaPages(kit: PageKit, deps: OpenChatRotaPagesDeps) {
  /** The people the selects offer, by name: the directory's caseworkers and team leaders, and anyone on the rota. */
  async function people(onRota: readonly string[]): Promise<Array<{ id: string; name: string }>> {
    const [caseworkers, leaders] = await Promise.all([
      deps.staff ? deps.staff.caseworkers() : [],
      deps.staff?.teamLeaders ? deps.staff.teamLeaders() : [],
    ]);
    const listed = new Map<string, string>();
    for (const { id, name } of [...caseworkers, ...leaders]) listed.set(id, name);
    for (const id of onRota) if (!listed.has(id)) listed.set(id, id);
    return [...listed]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }

  /** Whom the forms accept: the people listed, and anyone on the weekly pattern now. */
  async function offered(): Promise<Array<{ id: string; name: string }>> {
    const saved = await deps.rota.store.pattern();
    const pattern: OpenChatRota = saved?.days ?? deps.rota.configured;
    return people(Object.values(pattern).filter((id): id is string => id !== undefined));
  }

  async function page(ctx: SignedInContext, problem?: Problem): Promise<WebResponse> {
    const now = deps.clock.now();
    const dates = datesFrom(now, ROTA_DAYS_SHOWN);
    const [days, saved, changes] = await Promise.all([
      callTakersOn(deps.rota, dates),
      deps.rota.store.pattern(),
      deps.rota.store.changes(CHANGES_SHOWN),
    ]);
    const pattern: OpenChatRota = saved?.days ?? deps.rota.configured;
    const staff = await people([
      ...Object.values(pattern).filter((id): id is string => id !== undefined),
      ...days.flatMap((d) => (d.staffId ? [d.staffId] : [])),
    ]);
    const nameOf = (id: string | undefined) =>
      id === undefined ? 'Nobody' : (staff.find((p) => p.id === id)?.name ?? id);
    const options = (chosen: string | undefined, none: string) => [
      { value: '', text: none, selected: !chosen },
      ...staff.map((p) => ({ value: p.id, text: p.name, selected: p.id === chosen })),
    ];
    const patternValues = problem?.form === 'pattern' ? problem.values : undefined;
    const coverValues = problem?.form === 'cover' ? problem.values : {};
    const errors = Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, e.text]));
    const saidOf = (change: RotaChange) =>
      change.kind === 'pattern'
        ? 'Weekly pattern saved'
        : `Cover on ${longDate(change.date)}: ${nameOf(change.staffId)}`;
    const keeps = may(ctx.session.roles, 'rota:keep');
    const savedBanner = ctx.request.query.saved;
    return kit.render(
      ctx,
      'open-chat-rota',
      {
        title: 'Call-taking rota',
        keeps,
        banner:
          savedBanner === 'pattern'
            ? 'Weekly pattern saved.'
            : savedBanner === 'cover'
              ? 'Cover set.'
              : undefined,
        dayRows: days.map((d) => [
          { text: longDate(d.date) },
          { text: nameOf(d.staffId) },
          { text: FROM_TEXT[d.from] },
        ]),
        patternSaved: saved
          ? `Saved by ${nameOf(saved.changedBy)}, ${localDateTime(saved.changedAt)}.`
          : 'No team leader has saved a pattern yet: this is the configured starting pattern.',
        weekdays: ROTA_WEEKDAYS.map(({ day, name }) => ({
          id: `day-${day}`,
          name,
          items: options(patternValues ? patternValues[`day-${day}`] : pattern[day], 'Nobody'),
        })),
        patternRows: ROTA_WEEKDAYS.map(({ day, name }) => ({
          key: { text: name },
          value: { text: nameOf(pattern[day]) },
        })),
        coverStaff: options(coverValues['cover-staff'], 'Select a person'),
        values: coverValues,
        errors,
        changes: changes.map((c) => ({ what: saidOf(c), by: nameOf(c.by), at: localDateTime(c.at) })),
        // A new key for every drawing of the forms: a change is kept once however often it is sent.
        formKey: randomUUID(),
        ...(problem
          ? { errorSummary: problem.errors.map((e) => ({ text: e.text, href: `#${e.field}` })) }
          : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function keep(change: RotaChange, saved: 'pattern' | 'cover') {
    await deps.rota.store.change(change);
    deps.log?.('open chat rota changed', { by: change.by, kind: change.kind, changeId: change.changeId });
    return redirect(`${ROTA_PATH}?saved=${saved}`);
  }

  async function savePattern(ctx: SignedInContext): Promise<WebResponse> {
    const { form } = ctx.request;
    const staff = await offered();
    const errors: Array<{ field: string; text: string }> = [];
    const days: Record<number, string> = {};
    for (const { day, name } of ROTA_WEEKDAYS) {
      const chosen = form[`day-${day}`] ?? '';
      if (chosen === '') continue;
      if (!staff.some((p) => p.id === chosen))
        errors.push({ field: `day-${day}`, text: `Select who takes open chats on ${name} from the list` });
      else days[day] = chosen;
    }
    const key = form[FORM_KEY_FIELD];
    if (errors.length === 0 && !isFormKey(key)) errors.push({ field: 'day-1', text: FORM_KEY_MESSAGE });
    if (errors.length > 0 || !isFormKey(key)) return page(ctx, { form: 'pattern', values: form, errors });
    return keep(
      { changeId: key, kind: 'pattern', days, by: ctx.session.user, at: deps.clock.now() },
      'pattern',
    );
  }

  async function setCover(ctx: SignedInContext): Promise<WebResponse> {
    const { form } = ctx.request;
    const now = deps.clock.now();
    const errors: Array<{ field: string; text: string }> = [];
    const read = readDateInput(
      { day: form['cover-day'], month: form['cover-month'], year: form['cover-year'] },
      {
        what: 'the date of the cover',
        example: DateTime.fromJSDate(now).plus({ days: 7 }).toFormat('d M yyyy'),
      },
    );
    let date: LocalDate | undefined;
    if ('problem' in read) errors.push({ field: 'cover-day', text: read.problem });
    else if ((read.date.toISODate() as LocalDate) < localDateOf(now))
      errors.push({ field: 'cover-day', text: 'The date of the cover must be today or in the future' });
    else if (read.date > DateTime.fromJSDate(now).plus({ years: 1 }))
      errors.push({ field: 'cover-day', text: 'The date of the cover must be within a year of today' });
    else date = read.date.toISODate() as LocalDate;
    const staffId = form['cover-staff'] ?? '';
    const staff = await offered();
    if (staffId === '')
      errors.push({ field: 'cover-staff', text: 'Select who takes open chats on the date' });
    else if (!staff.some((p) => p.id === staffId))
      errors.push({ field: 'cover-staff', text: 'Select who takes open chats on the date from the list' });
    const key = form[FORM_KEY_FIELD];
    if (errors.length === 0 && !isFormKey(key)) errors.push({ field: 'cover-day', text: FORM_KEY_MESSAGE });
    if (errors.length > 0 || date === undefined || !isFormKey(key))
      return page(ctx, { form: 'cover', values: form, errors });
    return keep({ changeId: key, kind: 'cover', date, staffId, by: ctx.session.user, at: now }, 'cover');
  }

  return { page: (ctx: SignedInContext) => page(ctx), savePattern, setCover };
}
