import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { logContact } from '../../shared/application/log-contact.ts';
import { keepReassessing } from '../../shared/application/long-cases.ts';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { Case } from '../../shared/domain/case.ts';
import { SupportClosedError } from '../../shared/domain/case-support.ts';
import {
  CONTACT_CHANNEL_NAMES,
  CONTACT_CHANNELS,
  CONTACT_DIRECTION_NAMES,
  CONTACT_DIRECTIONS,
  CONTACT_NOTES_MAX,
  type Contact,
  type ContactFieldError,
  minutesInWords,
  SUPPORT_GIVEN,
  SUPPORT_GIVEN_NAMES,
  validateContact,
} from '../../shared/domain/contact-log.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { CaseOwners } from '../../shared/ports/case-owners.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ContactLog } from '../../shared/ports/contact-log.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import type { CaseChecks } from '../../shared/ports/workflows.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { caseRecordHeader } from './case.ts';
import { actorOf, caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';

/** What the contact pages read and write. */
export interface ContactPagesDeps {
  readonly contacts: ContactLog;
  readonly store: Pick<CaseStore, 'getCase' | 'recordEvent'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
  /** Who has the case, and the long case's checks: a contact keeps its reassessments going. */
  readonly owners?: Pick<CaseOwners, 'getOwner'>;
  readonly caseChecks?: CaseChecks;
}

/** Where each field's error links to: the element a person fixes it in. */
const ERROR_TARGET: Readonly<Record<ContactFieldError['field'], string>> = {
  date: 'date-day',
  time: 'time',
  channel: 'channel',
  venue: 'venue',
  direction: 'direction',
  support: 'support',
  durationMinutes: 'durationMinutes',
  notes: 'notes',
  saturdayReason: 'saturdayReason',
};

/** The form's own name of each support box: one box, one name, so the form reads as it is ticked. */
const supportField = (code: string) => `support-${code}`;

const contactsPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/contacts`;

const victimNameOf = (opened: Case) => {
  const { victim } = opened.referral;
  return [victim.title, victim.forename, victim.surname].filter(Boolean).join(' ');
};

/**
 * The contact log of a case (docs/web-app.md): every contact with the victim after the first — when, how,
 * which way, the support given, how long, who, the notes — newest first, and the form that logs one.
 */
export function createContactPages(kit: PageKit, deps: ContactPagesDeps) {
  /** One contact as the list shows it: a card titled by when and how, with its details. */
  function cardOf(contact: Contact) {
    const rows = [
      { key: { text: 'Direction' }, value: { text: CONTACT_DIRECTION_NAMES[contact.direction] } },
      ...(contact.venue ? [{ key: { text: 'Where' }, value: { text: contact.venue } }] : []),
      {
        key: { text: 'Support given' },
        value: {
          text:
            contact.support.length === 0
              ? 'None recorded'
              : contact.support.map((code) => SUPPORT_GIVEN_NAMES[code]).join('; '),
        },
      },
      { key: { text: 'How long' }, value: { text: minutesInWords(contact.durationMinutes) } },
      { key: { text: 'Logged by' }, value: { text: `${contact.by}, ${localDateTime(contact.recordedAt)}` } },
      ...(contact.saturdayReason
        ? [{ key: { text: 'Why on a Saturday' }, value: { text: contact.saturdayReason } }]
        : []),
    ];
    return {
      title: `${localDateTime(contact.at)}: ${CONTACT_CHANNEL_NAMES[contact.channel].toLowerCase()}`,
      rows,
      notes: contact.notes,
    };
  }

  async function listPage(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const [contacts, support] = await Promise.all([
      deps.contacts.listForCase(caseId),
      deps.support.getSupport(caseId),
    ]);
    await kit.audit(ctx, caseId, 'viewed', 'contacts');
    const minutes = contacts.reduce((sum, c) => sum + c.durationMinutes, 0);
    return kit.render(ctx, 'contacts', {
      title: 'Contacts',
      // The case record's header and sub-navigation (web/pages/case.ts), on its Contacts section.
      record: caseRecordHeader(opened, support, 'contacts', ctx.session.roles),
      newPath: `${contactsPath(caseId)}/new`,
      closed: support.closed !== undefined,
      banner: ctx.request.query.saved === 'contact' ? 'Contact logged.' : undefined,
      summary:
        contacts.length === 0
          ? undefined
          : `${contacts.length} contact${contacts.length === 1 ? '' : 's'}, ${minutesInWords(minutes)} in all.`,
      // Newest first: the list is read from the top for what happened last.
      contacts: [...contacts].reverse().map(cardOf),
    });
  }

  async function formPage(
    ctx: SignedInContext,
    caseId: string,
    form?: { values: Readonly<Record<string, string>>; errors: readonly ContactFieldError[] },
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    if ((await deps.support.getSupport(caseId)).closed) return closedPage(ctx, caseId);
    if (!form) await kit.audit(ctx, caseId, 'viewed', 'contact:form');
    const today = DateTime.fromJSDate(deps.clock.now(), { zone: SERVICE_TIME_ZONE });
    // A new form starts on today's date, the day most contacts are logged.
    const values = form?.values ?? {
      'date-day': String(today.day),
      'date-month': String(today.month),
      'date-year': String(today.year),
    };
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, e.text]));
    return kit.render(
      ctx,
      'contact-new',
      {
        title: 'Log a contact',
        caseId,
        action: contactsPath(caseId),
        backPath: contactsPath(caseId),
        victimName: victimNameOf(opened),
        // A new key for every drawing of the form: the contact is logged once however often it is sent.
        formKey: randomUUID(),
        values,
        errors,
        notesMax: CONTACT_NOTES_MAX,
        channels: CONTACT_CHANNELS.map((channel) => ({
          value: channel,
          text: CONTACT_CHANNEL_NAMES[channel],
          checked: values.channel === channel,
        })),
        directions: CONTACT_DIRECTIONS.map((direction) => ({
          value: direction,
          text: CONTACT_DIRECTION_NAMES[direction],
          checked: values.direction === direction,
        })),
        supportItems: SUPPORT_GIVEN.map((code) => ({
          name: supportField(code),
          value: 'yes',
          text: SUPPORT_GIVEN_NAMES[code],
          checked: values[supportField(code)] === 'yes',
        })),
        ...(form?.errors.length
          ? { errorSummary: form.errors.map((e) => ({ text: e.text, href: `#${ERROR_TARGET[e.field]}` })) }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  function closedPage(ctx: SignedInContext, caseId: string): WebResponse {
    return kit.message(
      ctx,
      409,
      'This case is closed',
      ['No contact can be logged on a closed case. Nothing was saved.'],
      { href: contactsPath(caseId), text: 'Back to the contacts' },
    );
  }

  async function logPost(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const now = deps.clock.now();
    const checked = validateContact(
      {
        day: form['date-day'],
        month: form['date-month'],
        year: form['date-year'],
        time: form.time,
        channel: form.channel,
        venue: form.venue,
        direction: form.direction,
        // A browser sends a ticked box only; an empty value is a box not ticked.
        support: SUPPORT_GIVEN.filter((code) => Boolean(form[supportField(code)])),
        durationMinutes: form.durationMinutes,
        notes: form.notes,
        saturdayReason: form.saturdayReason,
      },
      now,
      opened.referral.receivedAt,
    );
    if (!checked.ok) return formPage(ctx, caseId, { values: form, errors: checked.errors });
    const key = form[FORM_KEY_FIELD];
    // Drawn again, the form has a new key and keeps what was entered: sending it again logs the contact.
    if (!isFormKey(key))
      return formPage(ctx, caseId, { values: form, errors: [{ field: 'date', text: FORM_KEY_MESSAGE }] });
    try {
      // The form's key is the contact's id: the same form sent twice, even at once, logs one contact.
      await logContact(
        deps,
        { ...checked.details, contactId: key, caseId, by: ctx.session.user, recordedAt: now },
        actorOf(ctx),
      );
    } catch (error) {
      if (error instanceof SupportClosedError) return closedPage(ctx, caseId);
      throw error;
    }
    // A case being worked is reassessed at its next six-month mark, even after one was missed.
    if (deps.owners) await keepReassessing({ ...deps, owners: deps.owners }, caseId, now);
    return redirect(`${contactsPath(caseId)}?saved=contact`);
  }

  return {
    list: listPage,
    form: (ctx: SignedInContext, caseId: string) => formPage(ctx, caseId),
    log: logPost,
  };
}
