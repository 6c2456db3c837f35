import { localDateOf } from '../domain/calendar.ts';
import {
  alertIsDue,
  type Complaint,
  type ComplaintAction,
  type ComplaintAlert,
  type ComplaintChannel,
  type ComplaintClockRules,
  type ComplaintService,
  complaintClockInput,
  complaintDeadlines,
  complaintIdOf,
  type Finding,
  lotOf,
} from '../domain/complaints.ts';
import { complaintAcknowledgedSms } from '../domain/messages/templates.ts';
import { providerSideMessageId, SENDING_LEASE_MS } from '../domain/messaging.ts';
import { RECIPIENT_ALLOWANCE_KEPT_MS, recipientDayKey } from '../domain/recipient-limits.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { ComplaintStore, Once } from '../ports/complaints.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { Messenger } from '../ports/messenger.ts';
import type { RecipientLimits } from '../ports/recipient-limits.ts';
import type { ComplaintClocks } from '../ports/workflows.ts';
import { renderComplaintAcknowledgedEmail } from '../rendering/messages/email.ts';
import type { Actor } from './case-actions.ts';

/**
 * Complaints (docs/complaints.md): every action is keyed (the form's key, the note's id, the alert's name),
 * so a retry after a failure at any step finishes the rest once: the write, the audit entry, the message,
 * the clock. Audit entries and logs carry ids and codes only, never what the complainant wrote.
 */

export interface ComplaintDeps {
  readonly complaints: ComplaintStore;
  readonly audit: Pick<AuditLog, 'record'>;
}

const auditOf = (actor: Actor) => ({
  user: actor.by,
  role: actor.role,
  ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
});

/** The public form's stand-in person in the audit log. */
export const PUBLIC_ACTOR: Actor = { by: 'public', role: 'public' };

/** What a complaint says, as its form gives it, checked. */
export interface ComplaintDetails {
  readonly service: ComplaintService;
  readonly whatWentWrong: string;
  readonly wanted: string;
  readonly caseReference?: string;
  readonly reply: Complaint['reply'];
}

export interface ReceiveComplaintDeps extends ComplaintDeps {
  readonly clocks: ComplaintClocks;
  readonly rules: ComplaintClockRules;
}

/**
 * Receives a complaint (the public form, or keyed in from a phone call or a letter): kept under the id the
 * form's key gives, its clock started (execution name = complaint id) and the receipt audited. The same form
 * sent again finds the first complaint and finishes what it left undone.
 */
export async function receiveComplaint(
  deps: ReceiveComplaintDeps,
  request: { formKey: string; channel: ComplaintChannel; details: ComplaintDetails; at: Date },
  actor: Actor,
): Promise<Complaint> {
  const complaintId = complaintIdOf(request.formKey);
  const fresh: Complaint = {
    complaintId,
    ...request.details,
    lot: lotOf(request.details.service),
    channel: request.channel,
    receivedAt: request.at,
    ...(request.channel === 'public-form' ? {} : { keyedBy: actor.by }),
    ...complaintDeadlines(request.at, deps.rules),
    notes: [],
    alerts: [],
    actions: [],
  };
  await deps.complaints.receive(fresh);
  const complaint = (await deps.complaints.get(complaintId)) ?? fresh;
  await deps.clocks.startComplaintClock(complaintClockInput(complaint, deps.rules));
  await deps.audit.record({
    caseId: complaintId,
    ...auditOf(actor),
    action: 'changed',
    what: `complaint:receive:${complaint.channel}`,
    at: complaint.receivedAt,
    entryId: 'complaint.received',
  });
  return complaint;
}

export interface AcknowledgeDeps extends ComplaintDeps {
  readonly messages: Pick<MessageStore, 'claimSending' | 'recordSent'>;
  readonly messenger: Pick<Messenger, 'sendEmail' | 'sendSms'>;
  /** One message a day to an address, as for self-referrals: the form is public (docs/messages.md). */
  readonly recipientLimits: RecipientLimits;
}

const ACK_MESSAGE_ID = 'message.complaint-acknowledged.1';

/** Sends the acknowledgement on the complainant's chosen channel, once however often this runs. */
async function sendAcknowledgement(
  deps: AcknowledgeDeps,
  complaint: Complaint,
  now: Date,
): Promise<'sent' | 'withheld' | 'none'> {
  const { complaintId, reply } = complaint;
  if (reply.channel === 'none' || reply.address === undefined) return 'none';
  const claim = await deps.messages.claimSending(complaintId, ACK_MESSAGE_ID, now, SENDING_LEASE_MS);
  if (claim === 'sent') return 'sent';
  if (claim === 'in-progress') return 'withheld';
  const granted = await deps.recipientLimits.take({
    recipientDayKey: recipientDayKey(reply.channel, reply.address, localDateOf(now)),
    holder: `${complaintId}/${ACK_MESSAGE_ID}`,
    expiresAt: new Date(now.getTime() + RECIPIENT_ALLOWANCE_KEPT_MS),
  });
  if (granted === 'refused') return 'withheld';
  const common = {
    messageId: providerSideMessageId(complaintId, ACK_MESSAGE_ID),
    caseId: complaintId,
    purpose: 'complaint-acknowledged',
    unsafeChannels: [],
    to: reply.address,
  };
  const sent =
    reply.channel === 'email'
      ? await deps.messenger.sendEmail({
          ...common,
          ...renderComplaintAcknowledgedEmail(complaintId, complaint.respondBy),
        })
      : await deps.messenger.sendSms({
          ...common,
          text: complaintAcknowledgedSms(complaintId, complaint.respondBy),
        });
  await deps.messages.recordSent({
    caseId: complaintId,
    messageId: ACK_MESSAGE_ID,
    channel: reply.channel,
    purpose: 'complaint-acknowledged',
    sentAt: now,
    ...sent,
  });
  return 'sent';
}

/** Acknowledges a complaint: the message on its safe channel (once), then the mark and its audit entry. */
export async function acknowledgeComplaint(
  deps: AcknowledgeDeps,
  complaintId: string,
  at: Date,
  actor: Actor,
): Promise<Once> {
  const complaint = await deps.complaints.get(complaintId);
  if (!complaint) return 'not-found';
  if (complaint.acknowledged) return 'already';
  const message = await sendAcknowledgement(deps, complaint, at);
  const outcome = await deps.complaints.acknowledge(complaintId, { by: actor.by, at, message });
  const kept = (await deps.complaints.get(complaintId))?.acknowledged;
  if (kept && kept.by === actor.by)
    await deps.audit.record({
      caseId: complaintId,
      ...auditOf(actor),
      action: 'changed',
      what: 'complaint:acknowledge',
      at: kept.at,
      entryId: 'complaint.acknowledged',
    });
  return outcome;
}

/** Assigns a complaint to a person, audited (each assignment its own entry, keyed by the form). */
export async function assignComplaint(
  deps: ComplaintDeps,
  request: { complaintId: string; assignee: string; formKey: string; at: Date },
  actor: Actor,
): Promise<Once> {
  const outcome = await deps.complaints.assign(request.complaintId, request.assignee);
  if (outcome === 'done')
    await deps.audit.record({
      caseId: request.complaintId,
      ...auditOf(actor),
      action: 'changed',
      what: 'complaint:assign',
      at: request.at,
      entryId: `complaint.assign.${request.formKey}`,
    });
  return outcome;
}

/** Adds an investigation note, kept once by the form's key. */
export async function addComplaintNote(
  deps: ComplaintDeps,
  request: { complaintId: string; noteId: string; text: string; at: Date },
  actor: Actor,
): Promise<Once> {
  const outcome = await deps.complaints.addNote(request.complaintId, {
    noteId: request.noteId,
    text: request.text,
    by: actor.by,
    at: request.at,
  });
  if (outcome === 'not-found') return outcome;
  const note = (await deps.complaints.get(request.complaintId))?.notes.find(
    (n) => n.noteId === request.noteId,
  );
  if (note)
    await deps.audit.record({
      caseId: request.complaintId,
      ...auditOf({ ...actor, by: note.by }),
      action: 'changed',
      what: 'complaint:note',
      at: note.at,
      entryId: `complaint.note.${request.noteId}`,
    });
  return outcome;
}

/** Closes a complaint with its finding and actions, once; audited. */
export async function closeComplaint(
  deps: ComplaintDeps,
  request: {
    complaintId: string;
    finding: Finding;
    summary: string;
    actions: readonly ComplaintAction[];
    at: Date;
  },
  actor: Actor,
): Promise<Once> {
  const outcome = await deps.complaints.close(
    request.complaintId,
    { finding: request.finding, summary: request.summary, by: actor.by, at: request.at },
    request.actions,
  );
  if (outcome === 'not-found') return outcome;
  const closed = (await deps.complaints.get(request.complaintId))?.closed;
  if (closed && closed.by === actor.by)
    await deps.audit.record({
      caseId: request.complaintId,
      ...auditOf(actor),
      action: 'changed',
      what: `complaint:close:${closed.finding}`,
      at: closed.at,
      entryId: 'complaint.closed',
    });
  return outcome;
}

/** Marks one of a closed complaint's actions done, once; audited. */
export async function completeComplaintAction(
  deps: ComplaintDeps,
  request: { complaintId: string; number: number; at: Date },
  actor: Actor,
): Promise<Once> {
  const outcome = await deps.complaints.completeAction(request.complaintId, request.number, {
    by: actor.by,
    at: request.at,
  });
  if (outcome === 'not-found') return outcome;
  const done = (await deps.complaints.get(request.complaintId))?.actions.find(
    (a) => a.number === request.number,
  )?.done;
  if (done)
    await deps.audit.record({
      caseId: request.complaintId,
      ...auditOf({ ...actor, by: done.by }),
      action: 'changed',
      what: 'complaint:action-done',
      at: done.at,
      entryId: `complaint.action.${request.number}`,
    });
  return outcome;
}

/**
 * The complaint clock's step (workflows/complaint-clock): raises the alert when the stage it warns of is not
 * done, once; `closed` tells the clock to stop.
 */
export async function raiseComplaintAlert(
  complaints: Pick<ComplaintStore, 'get' | 'raiseAlert'>,
  complaintId: string,
  alert: ComplaintAlert,
  at: Date,
): Promise<'raised' | 'not-due' | 'closed' | 'not-found'> {
  const complaint = await complaints.get(complaintId);
  if (!complaint) return 'not-found';
  if (complaint.closed) return 'closed';
  if (!alertIsDue(complaint, alert)) return 'not-due';
  await complaints.raiseAlert(complaintId, alert, at);
  return 'raised';
}
