import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { FieldError } from '../../shared/domain/field-errors.ts';
import { type SATISFACTION, VisitSchema, validateWith } from '../../shared/domain/target-hardening.ts';
import type { JobStatus } from '../../shared/domain/target-hardening-jobs.ts';
import type { FieldErrors } from './page-kit.ts';

/** Rows for items on the visit form; a visit rarely needs more (the schema allows 20). */
export const ITEM_ROWS = 5;

/** A job's status as the contractor and team leaders say it. */
export const JOB_STATUS_NAMES: Readonly<Record<JobStatus, string>> = {
  'awaiting-booking': 'Awaiting the booking call',
  booked: 'Visit booked',
  'awaiting-visit': 'Awaiting the visit',
  visited: 'Visited',
  refused: 'Refused by the victim',
  'not-attended': 'Not attended',
  'follow-up-due': 'Follow-up call due',
  closed: 'Closed',
};

/** Still waiting for the contractor (a call, a visit or the follow-up); the rest have ended or wait a year. */
export const OPEN_STATUSES: ReadonlySet<JobStatus> = new Set([
  'awaiting-booking',
  'booked',
  'awaiting-visit',
  'follow-up-due',
]);

/** The survey's answers in words. */
export const SATISFACTION_NAMES: Readonly<Record<(typeof SATISFACTION)[number] | 'declined', string>> = {
  'very-satisfied': 'Very satisfied',
  satisfied: 'Satisfied',
  neither: 'Neither satisfied nor dissatisfied',
  dissatisfied: 'Dissatisfied',
  'very-dissatisfied': 'Very dissatisfied',
  declined: 'Declined the survey',
};

/** What the form described, for the domain to validate, and what the form itself could not read. */
export interface FromForm {
  readonly input: Record<string, unknown>;
  /** Fields the web form could not turn into a value (an amount that is not pounds, say). */
  readonly errors: readonly FieldError[];
  /** The form row of each item the input holds (blank rows are left out, so item 0 may be row 2). */
  readonly itemRows: readonly number[];
}

type Form = Readonly<Record<string, string>>;

const entered = (form: Form, name: string) => {
  const v = form[name]?.trim();
  return v ? v : undefined;
};

/** "12.50", "£12.50", "1,200" → pence; undefined when it is not an amount in pounds. */
export function penceOf(text: string): number | undefined {
  const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/^£\s*/, '').replaceAll(',', ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** The day, month, year and time fields as one instant in Leicester time; `not a date` when they are not one. */
function instantOf(form: Form, prefix: string): string | undefined {
  const [day, month, year, time] = [
    `${prefix}-day`,
    `${prefix}-month`,
    `${prefix}-year`,
    `${prefix}-time`,
  ].map((name) => entered(form, name));
  if (!day && !month && !year && !time) return undefined;
  const at = DateTime.fromFormat(
    `${year ?? ''}-${month ?? ''}-${day ?? ''} ${(time ?? '').replace('.', ':')}`,
    'yyyy-M-d H:mm',
    { zone: SERVICE_TIME_ZONE },
  );
  return at.isValid ? (at.toUTC().toISO() ?? 'not a date') : 'not a date';
}

/** The booking call: a visit booked for a date and time (Leicester time), or refused with notes. */
export function bookingFromForm(form: Form): FromForm {
  const outcome = entered(form, 'outcome');
  const input: Record<string, unknown> = outcome ? { outcome } : {};
  if (outcome === 'booked') {
    const visitAt = instantOf(form, 'visitAt');
    if (visitAt) input.visitAt = visitAt;
  } else if (outcome === 'refused') {
    const notes = entered(form, 'refusedNotes');
    if (notes) input.notes = notes;
  }
  return { input, errors: [], itemRows: [] };
}

/**
 * The visit: refused at the door (with notes), or visited with the home security score, up to ITEM_ROWS items
 * (unit costs in pounds become pence), the survey answer and what else the contractor saw.
 */
export function visitFromForm(form: Form): FromForm {
  const outcome = entered(form, 'outcome');
  if (outcome !== 'visited') {
    const notes = entered(form, 'refusalNotes');
    return {
      input: { ...(outcome ? { outcome } : {}), ...(notes ? { notes } : {}) },
      errors: [],
      itemRows: [],
    };
  }
  const errors: FieldError[] = [];
  const input: Record<string, unknown> = { outcome };
  const score = entered(form, 'assessmentScore');
  if (score !== undefined) input.assessmentScore = /^\d{1,2}$/.test(score) ? Number(score) : score;
  const items: Record<string, unknown>[] = [];
  const itemRows: number[] = [];
  for (let row = 0; row < ITEM_ROWS; row++) {
    const [product, quantity, unitCost] = ['product', 'quantity', 'unitCost'].map((f) =>
      entered(form, `items-${row}-${f}`),
    );
    if (!product && !quantity && !unitCost) continue;
    const index = items.length;
    const item: Record<string, unknown> = {
      approvedStandard: form[`items-${row}-approvedStandard`] === 'yes',
    };
    item.product = product ?? '';
    if (quantity !== undefined) {
      if (/^\d{1,3}$/.test(quantity)) item.quantity = Number(quantity);
      else errors.push({ field: `items.${index}.quantity`, message: 'must be a whole number' });
    } else errors.push({ field: `items.${index}.quantity`, message: 'is required' });
    const pence = unitCost === undefined ? undefined : penceOf(unitCost);
    if (pence !== undefined) item.unitCostPence = pence;
    else
      errors.push({
        field: `items.${index}.unitCostPence`,
        message: unitCost === undefined ? 'is required' : 'must be an amount in pounds, like 12.50',
      });
    items.push(item);
    itemRows.push(row);
  }
  input.items = items;
  const labour = entered(form, 'labour');
  if (labour !== undefined) {
    const pence = penceOf(labour);
    if (pence === undefined)
      errors.push({ field: 'labourPence', message: 'must be an amount in pounds, like 45.00' });
    else input.labourPence = pence;
  }
  input.neededMoreThanAllowed = form.neededMoreThanAllowed === 'yes';
  const survey = entered(form, 'survey');
  if (survey) input.survey = survey;
  yesNo(form, input, 'feelsSafer');
  for (const name of ['additionalNeeds', 'notes']) {
    const v = entered(form, name);
    if (v) input[name] = v;
  }
  return { input, errors, itemRows };
}

/** A yes-or-no question left unanswered stays absent; anything else is passed on for the schema to name. */
function yesNo(form: Form, input: Record<string, unknown>, name: string): void {
  const answer = entered(form, name);
  if (answer !== undefined) input[name] = answer === 'yes' ? true : answer === 'no' ? false : answer;
}

/** The follow-up call: spoke to the victim (still secure? satisfied?) or could not reach them. */
export function followUpFromForm(form: Form): FromForm {
  const outcome = entered(form, 'outcome');
  const input: Record<string, unknown> = outcome ? { outcome } : {};
  if (outcome === 'spoke-to-victim') {
    const secure = entered(form, 'stillSecure');
    if (secure === 'yes' || secure === 'no') input.stillSecure = secure === 'yes';
    const satisfaction = entered(form, 'satisfaction');
    if (satisfaction) input.satisfaction = satisfaction;
    // The year's outcomes (docs/outcomes.md): each optional, the victim may not say.
    for (const name of ['feelsSafer', 'isSafer', 'productsInUse']) yesNo(form, input, name);
  }
  const notes = entered(form, 'notes');
  if (notes) input.notes = notes;
  return { input, errors: [], itemRows: [] };
}

/**
 * Everything wrong with a visit the form could not wholly read: what it could not read, and what the domain's
 * schema says of the rest (a field already named is not named twice), so one submit shows every problem.
 */
export function visitErrorsOf(parsed: FromForm): FieldError[] {
  const named = new Set(parsed.errors.map((e) => e.field));
  const checked = validateWith(VisitSchema, parsed.input);
  return [...parsed.errors, ...(checked.ok ? [] : checked.errors.filter((e) => !named.has(e.field)))];
}

const ITEM_FIELD_IDS: Readonly<Record<string, string>> = {
  product: 'product',
  quantity: 'quantity',
  unitCostPence: 'unitCost',
  approvedStandard: 'approvedStandard',
};
const ITEM_FIELD_NAMES: Readonly<Record<string, string>> = {
  product: 'product',
  quantity: 'quantity',
  unitCostPence: 'unit cost',
  approvedStandard: 'approved standard',
};
const FIELD_NAMES: Readonly<Record<string, string>> = {
  visitAt: 'Date and time of the visit',
  assessmentScore: 'Home security score',
  items: 'Items',
  labourPence: 'Cost of labour',
  survey: 'Satisfaction survey',
  additionalNeeds: 'Other needs',
  notes: 'Notes',
  stillSecure: 'Still secure',
  feelsSafer: 'Feels safer',
  isSafer: 'Is safer',
  productsInUse: 'Products still in use',
  satisfaction: 'Satisfaction',
  outcome: 'What happened',
};

/** The form field (its element id) that an error names, and the words for it. */
function fieldOf(
  error: FieldError,
  itemRows: readonly number[],
  notesId: string,
): { id: string; text: string } {
  const item = /^items\.(\d+)\.(\w+)$/.exec(error.field);
  if (item) {
    const row = itemRows[Number(item[1])] ?? Number(item[1]);
    const field = item[2] ?? '';
    return {
      id: `items-${row}-${ITEM_FIELD_IDS[field] ?? 'product'}`,
      text: `Item ${row + 1} ${ITEM_FIELD_NAMES[field] ?? field} ${error.message}`,
    };
  }
  const messages: Readonly<Record<string, string | undefined>> = {
    outcome: 'Choose what happened',
    stillSecure: 'Say whether the victim’s home is still secure',
    satisfaction: 'Choose how satisfied the victim is',
    survey: 'Choose the victim’s answer to the satisfaction survey, or that they declined it',
    assessmentScore: 'Choose the home security score, from 0 to 10',
    visitAt:
      error.message === 'must be a date and time'
        ? 'Enter the date and time of the visit, for example 17 12 2026 and 14:30'
        : undefined,
  };
  const ids: Readonly<Record<string, string>> = {
    visitAt: 'visitAt-day',
    items: 'items-0-product',
    notes: notesId,
  };
  const field = error.field;
  return {
    id: ids[field] ?? field,
    text: messages[field] ?? `${FIELD_NAMES[field] ?? field} ${error.message}`,
  };
}

/**
 * The errors as the page shows them: beside each field (by its element id) and in the GOV.UK error summary,
 * each in words ("Item 2 unit cost must be at most £1,000.00"). `notesId` is where the form's notes are.
 */
export function fieldErrorsOf(
  errors: readonly FieldError[],
  itemRows: readonly number[] = [],
  notesId = 'notes',
): FieldErrors {
  if (errors.length === 0) return { errors: {} };
  const shown = errors.map((error) => fieldOf(error, itemRows, notesId));
  const byId: Record<string, string> = {};
  for (const { id, text } of shown) byId[id] = byId[id] ? `${byId[id]}. ${text}` : text;
  return { errors: byId, errorSummary: shown.map(({ id, text }) => ({ text, href: `#${id}` })) };
}
