import { randomUUID } from 'node:crypto';
import {
  PUBLIC_ACTOR,
  type ReceiveComplaintDeps,
  receiveComplaint,
} from '../../../shared/application/complaints.ts';
import { type ComplaintFieldError, validateComplaint } from '../../../shared/domain/complaint-form.ts';
import { COMPLAINT_TEXT_MAX } from '../../../shared/domain/complaints.ts';
import { FORM_KEY_FIELD, isFormKey } from '../../../shared/domain/form-key.ts';
import { formatDate } from '../../../shared/domain/messages/format.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { WebResponse } from '../../http.ts';
import { publicPage } from '../layout.ts';
import type { PublicRequest, PublicRoute } from '../routes.ts';

/** What the public complaint page writes: the complaints, their clocks and the audit log. */
export interface ComplaintPagesDeps {
  readonly clock: Clock;
  readonly complaints: ReceiveComplaintDeps;
}

const FORM_PATH = '/complaints';

/** The services, in the complainant's words. */
export const SERVICE_ITEMS = [
  {
    value: 'victim-first',
    text: 'Victim First support',
    hint: 'Calls, visits, support and referrals from our team',
  },
  {
    value: 'target-hardening',
    text: 'The home-security service',
    hint: 'Locks, alarms and other security fitted at a home',
  },
] as const;

/** Where each field's error links to (a set of radios: its first item). */
export const COMPLAINT_ERROR_TARGET: Readonly<Record<ComplaintFieldError['field'], string>> = {
  service: 'service',
  whatWentWrong: 'whatWentWrong',
  wanted: 'wanted',
  replyBy: 'replyBy',
  email: 'email',
  mobile: 'mobile',
  caseReference: 'caseReference',
};

/**
 * The public complaint page (docs/complaints.md): which service, what went wrong, what they would like, how
 * to reply on a safe channel, an optional reference. Sending it keeps the complaint and starts its clock; the
 * confirmation shows only its reference. Nothing sent here is ever shown to another visitor.
 */
export function createComplaintPages(deps: ComplaintPagesDeps): PublicRoute[] {
  const { rules } = deps.complaints;
  function form(
    request: PublicRequest,
    entered?: { values: Readonly<Record<string, unknown>>; errors: readonly ComplaintFieldError[] },
  ): WebResponse {
    const values = entered?.values ?? {};
    return publicPage(
      request,
      'complaint',
      {
        title: 'Make a complaint',
        serviceUrl: FORM_PATH,
        action: FORM_PATH,
        // A new key for every drawing of the form: the complaint is kept once however often it is sent.
        formKey: randomUUID(),
        formKeyField: FORM_KEY_FIELD,
        values,
        errors: Object.fromEntries((entered?.errors ?? []).map((e) => [e.field, e.text])),
        services: SERVICE_ITEMS.map((s) => ({
          ...s,
          hint: { text: s.hint },
          checked: values.service === s.value,
        })),
        textMax: COMPLAINT_TEXT_MAX,
        acknowledgeDays: rules.acknowledgeWorkingDays,
        respondDays: rules.respondWorkingDays,
        ...(entered?.errors.length
          ? {
              errorSummary: entered.errors.map((e) => ({
                text: e.text,
                href: `#${COMPLAINT_ERROR_TARGET[e.field]}`,
              })),
            }
          : {}),
      },
      entered?.errors.length ? 400 : 200,
    );
  }

  async function send(request: PublicRequest): Promise<WebResponse> {
    const values = { ...request.form, unsafe: request.formLists.unsafe ?? [] };
    const checked = validateComplaint(values);
    if (!checked.ok) return form(request, { values, errors: checked.errors });
    const key = request.form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return form(request, {
        values,
        errors: [
          {
            field: 'service',
            text: 'This form could not be matched to the page it came from. Send it again',
          },
        ],
      });
    const complaint = await receiveComplaint(
      deps.complaints,
      { formKey: key, channel: 'public-form', details: checked.complaint, at: deps.clock.now() },
      PUBLIC_ACTOR,
    );
    const channel = complaint.reply.channel;
    return publicPage(request, 'complaint-sent', {
      title: 'Complaint sent',
      serviceUrl: FORM_PATH,
      reference: complaint.complaintId,
      replying: channel === 'email' ? 'email you' : channel === 'sms' ? 'text you' : undefined,
      acknowledgeDays: rules.acknowledgeWorkingDays,
      respondBy: formatDate(new Date(complaint.respondBy.getTime() - 1)),
    });
  }

  return [
    { method: 'GET', path: FORM_PATH, handler: async (request) => form(request) },
    { method: 'POST', path: FORM_PATH, handler: send },
  ];
}
