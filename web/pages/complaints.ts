import { randomUUID } from 'node:crypto';
import {
  type AcknowledgeDeps,
  acknowledgeComplaint,
  addComplaintNote,
  assignComplaint,
  completeComplaintAction,
  type ReceiveComplaintDeps,
  receiveComplaint,
} from '../../shared/application/complaints.ts';
import { type ComplaintFieldError, validateComplaint } from '../../shared/domain/complaint-form.ts';
import {
  COMPLAINT_TEXT_MAX,
  type Complaint,
  clockAt,
  isComplaintId,
  NOTE_TEXT_MAX,
  statusOf,
} from '../../shared/domain/complaints.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { StaffDirectory } from '../../shared/ports/staff-directory.ts';
import { redirect, type WebResponse } from '../http.ts';
import { COMPLAINT_ERROR_TARGET, SERVICE_ITEMS } from '../public/pages/complaints.ts';
import { localDateTime } from '../views.ts';
import { lotsReadBy, lotsRecordedBy, mayAssign, mayRead, mayRecord } from './complaint-access.ts';
import { complaintClosePages } from './complaint-close.ts';
import {
  ALERT_WORDS,
  CHANNEL_WORDS,
  FINDING_WORDS,
  lastDay,
  REPLY_WORDS,
  SERVICE_WORDS,
  STATUS_WORDS,
} from './complaint-wording.ts';
import { actorOf, type PageKit, type SignedInContext } from './page-kit.ts';

/** What the staff's complaint pages read and write. */
export interface ComplaintPagesDeps extends ReceiveComplaintDeps, AcknowledgeDeps {
  readonly clock: Clock;
  readonly staff?: StaffDirectory;
}

/** The most complaints of a lot each list shows. */
export const COMPLAINTS_SHOWN = 100;

export const complaintPath = (complaintId: string) =>
  `/complaints-received/${encodeURIComponent(complaintId)}`;

/**
 * The staff's complaint pages (docs/complaints.md): each lot's open complaints with their deadlines (overdue
 * shown) and alerts, and those closed; keying in one received by phone or letter; a complaint's page to
 * acknowledge, assign, investigate (notes), close with a finding and actions, and mark each action done.
 * Every complaint opened or changed is audited under its id.
 */
export function createComplaintPages(kit: PageKit, deps: ComplaintPagesDeps) {
  const now = () => deps.clock.now();

  const notFound = (ctx: SignedInContext) =>
    kit.message(ctx, 404, 'Complaint not found', ['There is no complaint at this address.'], {
      href: '/complaints-received',
      text: 'Back to complaints',
    });
  const refused = (ctx: SignedInContext) =>
    kit.message(ctx, 403, 'You cannot do this', ['This complaint is not one your role works on.'], {
      href: '/complaints-received',
      text: 'Back to complaints',
    });

  /** The complaint, when the person may read it: else the page to show instead. */
  async function opened(
    ctx: SignedInContext,
    complaintId: string,
    need: 'read' | 'record' | 'assign' = 'read',
  ): Promise<Complaint | WebResponse> {
    const complaint = isComplaintId(complaintId) ? await deps.complaints.get(complaintId) : undefined;
    if (!complaint) return notFound(ctx);
    const roles = ctx.session.roles;
    const allowed =
      mayRead(roles, complaint) &&
      (need === 'read' || (need === 'record' ? mayRecord(roles, complaint) : mayAssign(roles, complaint)));
    if (!allowed) {
      await kit.audit(ctx, complaintId, 'refused', `complaint:${need}`);
      return refused(ctx);
    }
    return complaint;
  }
  const isPage = (value: Complaint | WebResponse): value is WebResponse => !('complaintId' in value);

  /** The people a lot's complaint may be assigned to, or an action owned by. */
  async function peopleFor(ctx: SignedInContext, complaint: Complaint) {
    if (complaint.lot === 2) return [{ id: ctx.session.user, name: `${ctx.session.user} (you)` }];
    const [caseworkers, leaders] = await Promise.all([
      deps.staff?.caseworkers() ?? [],
      deps.staff?.teamLeaders?.() ?? [],
    ]);
    // Where there is no staff directory (the web app in AWS, as yet), the person themself and the assignee.
    const people = [...leaders, ...caseworkers].map((p) => ({ id: p.id, name: p.name }));
    for (const id of [ctx.session.user, complaint.assignee])
      if (id !== undefined && !people.some((p) => p.id === id))
        people.push({ id, name: id === ctx.session.user ? `${id} (you)` : id });
    return people;
  }

  function rowOf(c: Complaint, at: Date) {
    const clock = clockAt(c, at);
    return {
      href: complaintPath(c.complaintId),
      reference: c.complaintId,
      service: SERVICE_WORDS[c.service],
      received: localDateTime(c.receivedAt),
      channel: CHANNEL_WORDS[c.channel],
      status: STATUS_WORDS[statusOf(c)],
      due: clock.due && lastDay(clock.due),
      dueWhat: clock.stage === 'acknowledge' ? 'Acknowledge by' : 'Respond by',
      overdue: clock.overdue,
      alerts: c.alerts.map((a) => ALERT_WORDS[a.alert]),
      assignee: c.assignee,
      finding: c.closed && FINDING_WORDS[c.closed.finding],
      actionsOpen: c.actions.filter((a) => !a.done).length,
    };
  }

  async function list(ctx: SignedInContext): Promise<WebResponse> {
    const at = now();
    const lots = await Promise.all(
      lotsReadBy(ctx.session.roles).map(async (lot) => {
        const [open, closed] = await Promise.all([
          deps.complaints.listOpen(lot, COMPLAINTS_SHOWN),
          deps.complaints.listClosed(lot, COMPLAINTS_SHOWN),
        ]);
        return {
          lot,
          title: lot === 1 ? 'Victim First support' : 'The home-security service',
          open: open.map((c) => rowOf(c, at)),
          closed: closed.map((c) => rowOf(c, at)),
          needAttention: open.filter((c) => clockAt(c, at).overdue || c.alerts.length > 0).length,
        };
      }),
    );
    return kit.render(ctx, 'complaints', {
      title: 'Complaints',
      lots,
      shown: COMPLAINTS_SHOWN,
      mayKeyIn: lotsRecordedBy(ctx.session.roles).length > 0,
      banner: ctx.request.query.done,
    });
  }

  function keyInForm(
    ctx: SignedInContext,
    entered?: { values: Readonly<Record<string, unknown>>; errors: readonly ComplaintFieldError[] },
  ): WebResponse {
    const values = entered?.values ?? {};
    const lots = lotsRecordedBy(ctx.session.roles);
    const errors = Object.fromEntries((entered?.errors ?? []).map((e) => [e.field, e.text]));
    const viaError =
      values.via === 'phone' || values.via === 'letter' || !entered
        ? undefined
        : 'Select how the complaint reached you';
    const summary = [
      ...(viaError ? [{ text: viaError, href: '#via' }] : []),
      ...(entered?.errors ?? []).map((e) => ({ text: e.text, href: `#${COMPLAINT_ERROR_TARGET[e.field]}` })),
    ];
    return kit.render(
      ctx,
      'complaint-new',
      {
        title: 'Key in a complaint',
        action: '/complaints-received/new',
        formKey: randomUUID(),
        values,
        errors: { ...errors, ...(viaError ? { via: viaError } : {}) },
        services: SERVICE_ITEMS.filter((s) => lots.includes(s.value === 'target-hardening' ? 2 : 1)).map(
          (s) => ({
            ...s,
            hint: { text: s.hint },
            checked: values.service === s.value,
          }),
        ),
        textMax: COMPLAINT_TEXT_MAX,
        ...(summary.length ? { errorSummary: summary } : {}),
      },
      summary.length ? 400 : 200,
    );
  }

  async function keyIn(ctx: SignedInContext): Promise<WebResponse> {
    const values = { ...ctx.request.form, unsafe: ctx.request.formLists?.unsafe ?? [] };
    const checked = validateComplaint(values);
    const { via: given } = ctx.request.form;
    const via = given === 'phone' || given === 'letter' ? given : undefined;
    if (!checked.ok || !via) return keyInForm(ctx, { values, errors: checked.ok ? [] : checked.errors });
    if (!lotsRecordedBy(ctx.session.roles).includes(checked.complaint.service === 'target-hardening' ? 2 : 1))
      return keyInForm(ctx, {
        values,
        errors: [{ field: 'service', text: 'Select a service whose complaints you work on' }],
      });
    const key = ctx.request.form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return keyInForm(ctx, { values, errors: [{ field: 'service', text: FORM_KEY_MESSAGE }] });
    const complaint = await receiveComplaint(
      deps,
      { formKey: key, channel: via, details: checked.complaint, at: now() },
      actorOf(ctx),
    );
    return redirect(complaintPath(complaint.complaintId));
  }

  async function complaintPage(
    ctx: SignedInContext,
    complaint: Complaint,
    problem?: { form: 'note'; values: Record<string, string>; error: string },
  ): Promise<WebResponse> {
    const roles = ctx.session.roles;
    const clock = clockAt(complaint, now());
    return kit.render(
      ctx,
      'complaint',
      {
        title: `Complaint ${complaint.complaintId}`,
        c: {
          ...rowOf(complaint, now()),
          whatWentWrong: complaint.whatWentWrong,
          wanted: complaint.wanted,
          caseReference: complaint.caseReference,
          reply: REPLY_WORDS[complaint.reply.channel],
          replyAddress: complaint.reply.address,
          keyedBy: complaint.keyedBy,
          acknowledgeBy: lastDay(complaint.acknowledgeBy),
          respondBy: lastDay(complaint.respondBy),
          acknowledged: complaint.acknowledged && {
            by: complaint.acknowledged.by,
            at: localDateTime(complaint.acknowledged.at),
            message: complaint.acknowledged.message,
          },
          notes: complaint.notes.map((n) => ({ ...n, at: localDateTime(n.at) })),
          alertsAt: complaint.alerts.map((a) => ({ text: ALERT_WORDS[a.alert], at: localDateTime(a.at) })),
          closed: complaint.closed && {
            finding: FINDING_WORDS[complaint.closed.finding],
            summary: complaint.closed.summary,
            by: complaint.closed.by,
            at: localDateTime(complaint.closed.at),
          },
          actions: complaint.actions.map((a) => ({
            ...a,
            due: lastDay(new Date(`${a.due}T12:00:00Z`)),
            done: a.done && { by: a.done.by, at: localDateTime(a.done.at) },
            action: `${complaintPath(complaint.complaintId)}/actions/${a.number}/done`,
          })),
          stage: clock.stage,
        },
        path: complaintPath(complaint.complaintId),
        mayRecord: mayRecord(roles, complaint),
        mayAssign: mayAssign(roles, complaint) && !complaint.closed,
        people: mayAssign(roles, complaint) ? await peopleFor(ctx, complaint) : [],
        formKey: randomUUID(),
        noteMax: NOTE_TEXT_MAX,
        banner: ctx.request.query.done,
        values: problem?.values ?? {},
        errors: problem ? { note: problem.error } : {},
        ...(problem ? { errorSummary: [{ text: problem.error, href: '#note' }] } : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function page(ctx: SignedInContext, complaintId: string): Promise<WebResponse> {
    const complaint = await opened(ctx, complaintId);
    if (isPage(complaint)) return complaint;
    await kit.audit(ctx, complaint.complaintId, 'viewed', 'complaint');
    return complaintPage(ctx, complaint);
  }

  const done = (complaintId: string, what: string) =>
    redirect(`${complaintPath(complaintId)}?done=${encodeURIComponent(what)}`);

  async function acknowledge(ctx: SignedInContext, complaintId: string): Promise<WebResponse> {
    const complaint = await opened(ctx, complaintId, 'record');
    if (isPage(complaint)) return complaint;
    await acknowledgeComplaint(deps, complaint.complaintId, now(), actorOf(ctx));
    return done(complaint.complaintId, 'acknowledged');
  }

  async function assign(ctx: SignedInContext, complaintId: string): Promise<WebResponse> {
    const complaint = await opened(ctx, complaintId, 'assign');
    if (isPage(complaint)) return complaint;
    const assignee = ctx.request.form.assignee ?? '';
    const key = ctx.request.form[FORM_KEY_FIELD];
    const people = await peopleFor(ctx, complaint);
    if (!people.some((p) => p.id === assignee) || !isFormKey(key))
      return kit.message(ctx, 400, 'Choose a person', ['Choose who will investigate the complaint.'], {
        href: complaintPath(complaint.complaintId),
        text: 'Back to the complaint',
      });
    await assignComplaint(
      deps,
      { complaintId: complaint.complaintId, assignee, formKey: key, at: now() },
      actorOf(ctx),
    );
    return done(complaint.complaintId, 'assigned');
  }

  async function note(ctx: SignedInContext, complaintId: string): Promise<WebResponse> {
    const complaint = await opened(ctx, complaintId, 'record');
    if (isPage(complaint)) return complaint;
    const { form } = ctx.request;
    const text = (form.note ?? '').trim();
    const error =
      text === ''
        ? 'Enter a note'
        : text.length > NOTE_TEXT_MAX
          ? `The note must be ${NOTE_TEXT_MAX} characters or fewer`
          : !isFormKey(form[FORM_KEY_FIELD])
            ? FORM_KEY_MESSAGE
            : undefined;
    if (error) return complaintPage(ctx, complaint, { form: 'note', values: form, error });
    await addComplaintNote(
      deps,
      { complaintId: complaint.complaintId, noteId: form[FORM_KEY_FIELD] as string, text, at: now() },
      actorOf(ctx),
    );
    return done(complaint.complaintId, 'noted');
  }

  async function actionDone(ctx: SignedInContext, complaintId: string, number: string): Promise<WebResponse> {
    const complaint = await opened(ctx, complaintId, 'record');
    if (isPage(complaint)) return complaint;
    const n = Number(number);
    if (!complaint.actions.some((a) => a.number === n)) return notFound(ctx);
    await completeComplaintAction(
      deps,
      { complaintId: complaint.complaintId, number: n, at: now() },
      actorOf(ctx),
    );
    return done(complaint.complaintId, 'action-done');
  }

  const close = complaintClosePages(kit, deps, { opened, isPage, peopleFor, done, now });

  return {
    list,
    newForm: (ctx: SignedInContext) => Promise.resolve(keyInForm(ctx)),
    keyIn,
    page,
    acknowledge,
    assign,
    note,
    actionDone,
    closeForm: close.form,
    close: close.close,
    /** The complaint a refusal is audited against: only an id that can be one. */
    complaintIdOf: (complaintId: string) => (isComplaintId(complaintId) ? complaintId : undefined),
  };
}
