import { randomUUID } from 'node:crypto';
import { closeComplaint } from '../../shared/application/complaints.ts';
import {
  ACTION_TEXT_MAX,
  ACTIONS_MAX,
  type Complaint,
  type ComplaintAction,
  FINDINGS,
  type Finding,
  NOTE_TEXT_MAX,
} from '../../shared/domain/complaints.ts';
import { readDateInput } from '../../shared/domain/date-input.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { ComplaintStore } from '../../shared/ports/complaints.ts';
import type { WebResponse } from '../http.ts';
import { FINDING_WORDS } from './complaint-wording.ts';
import { actorOf, type PageKit, type SignedInContext } from './page-kit.ts';

/** The rows of actions the closing form draws. */
export const ACTION_ROWS = 3;

interface Shared {
  opened(ctx: SignedInContext, id: string, need: 'record'): Promise<Complaint | WebResponse>;
  isPage(value: Complaint | WebResponse): value is WebResponse;
  peopleFor(ctx: SignedInContext, c: Complaint): Promise<{ id: string; name: string }[]>;
  done(complaintId: string, what: string): WebResponse;
  now(): Date;
}

type Problem = { field: string; text: string };

/** Reads the closing form: the finding, what was found, and each action row filled in (text, owner, due). */
export function readClosing(
  form: Readonly<Record<string, string>>,
  owners: readonly string[],
):
  | { ok: true; finding: Finding; summary: string; actions: ComplaintAction[] }
  | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const finding = form.finding as Finding;
  if (!FINDINGS.includes(finding)) problems.push({ field: 'finding', text: 'Select the finding' });
  const summary = (form.summary ?? '').trim();
  if (summary === '')
    problems.push({ field: 'summary', text: 'Enter what you found and told the complainant' });
  else if (summary.length > NOTE_TEXT_MAX)
    problems.push({ field: 'summary', text: `What you found must be ${NOTE_TEXT_MAX} characters or fewer` });
  const actions: ComplaintAction[] = [];
  for (let row = 1; row <= Math.min(ACTION_ROWS, ACTIONS_MAX); row++) {
    const p = `action${row}`;
    const text = (form[`${p}-text`] ?? '').trim();
    const owner = form[`${p}-owner`] ?? '';
    const parts = { day: form[`${p}-day`], month: form[`${p}-month`], year: form[`${p}-year`] };
    const blank = text === '' && [parts.day, parts.month, parts.year].every((v) => (v ?? '').trim() === '');
    if (blank) continue;
    const before = problems.length;
    if (text === '') problems.push({ field: `${p}-text`, text: `Enter action ${row}` });
    else if (text.length > ACTION_TEXT_MAX)
      problems.push({
        field: `${p}-text`,
        text: `Action ${row} must be ${ACTION_TEXT_MAX} characters or fewer`,
      });
    if (!owners.includes(owner))
      problems.push({ field: `${p}-owner`, text: `Select who owns action ${row}` });
    const due = readDateInput(parts, { what: `the date action ${row} is due`, example: '8 1 2027' });
    if ('problem' in due) problems.push({ field: `${p}-day`, text: due.problem });
    if (problems.length === before && 'date' in due)
      actions.push({ number: actions.length + 1, text, owner, due: due.date.toISODate() as string });
  }
  if (problems.length === 0 && (finding === 'upheld' || finding === 'partly-upheld') && actions.length === 0)
    problems.push({
      field: 'action1-text',
      text: 'Enter at least one action for a complaint upheld or partly upheld',
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, finding, summary, actions };
}

/** The closing page of a complaint: its finding, what was found, and the actions taken, each with an owner and a due date. */
export function complaintClosePages(
  kit: PageKit,
  deps: { readonly complaints: ComplaintStore; readonly audit: Pick<AuditLog, 'record'> },
  shared: Shared,
) {
  async function draw(
    ctx: SignedInContext,
    complaint: Complaint,
    entered?: { values: Readonly<Record<string, string>>; problems: readonly Problem[] },
  ): Promise<WebResponse> {
    const people = await shared.peopleFor(ctx, complaint);
    return kit.render(
      ctx,
      'complaint-close',
      {
        title: `Close complaint ${complaint.complaintId}`,
        back: `/complaints-received/${complaint.complaintId}`,
        action: `/complaints-received/${complaint.complaintId}/close`,
        formKey: randomUUID(),
        findings: FINDINGS.map((f) => ({
          value: f,
          text: FINDING_WORDS[f],
          checked: entered?.values.finding === f,
        })),
        rows: Array.from({ length: ACTION_ROWS }, (_, i) => i + 1),
        people,
        values: entered?.values ?? {},
        errors: Object.fromEntries((entered?.problems ?? []).map((p) => [p.field, p.text])),
        ...(entered
          ? { errorSummary: entered.problems.map((p) => ({ text: p.text, href: `#${p.field}` })) }
          : {}),
      },
      entered ? 400 : 200,
    );
  }

  async function form(ctx: SignedInContext, complaintId: string): Promise<WebResponse> {
    const complaint = await shared.opened(ctx, complaintId, 'record');
    if (shared.isPage(complaint)) return complaint;
    if (complaint.closed) return shared.done(complaint.complaintId, 'already-closed');
    return draw(ctx, complaint);
  }

  async function close(ctx: SignedInContext, complaintId: string): Promise<WebResponse> {
    const complaint = await shared.opened(ctx, complaintId, 'record');
    if (shared.isPage(complaint)) return complaint;
    const values = ctx.request.form;
    const people = await shared.peopleFor(ctx, complaint);
    const read = readClosing(
      values,
      people.map((p) => p.id),
    );
    if (!read.ok) return draw(ctx, complaint, { values, problems: read.problems });
    if (!isFormKey(values[FORM_KEY_FIELD]))
      return draw(ctx, complaint, { values, problems: [{ field: 'finding', text: FORM_KEY_MESSAGE }] });
    const outcome = await closeComplaint(
      deps,
      {
        complaintId: complaint.complaintId,
        finding: read.finding,
        summary: read.summary,
        actions: read.actions,
        at: shared.now(),
      },
      actorOf(ctx),
    );
    return shared.done(complaint.complaintId, outcome === 'done' ? 'closed' : 'already-closed');
  }

  return { form, close };
}
