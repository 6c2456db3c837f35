import { DateTime } from 'luxon';
import type { FieldError } from '../field-errors.ts';
import type { TargetMeasure } from './targets.ts';

/**
 * A plan to bring a missed target back (docs/outcomes.md): raised when a quarter's return shows an outcome
 * below its target, written by a team leader as actions, each with an owner and a date, tracked to done.
 */
export interface ImprovementPlan {
  readonly planId: string;
  readonly quarter: string;
  readonly measure: TargetMeasure;
  /** The quarter's figure and the target it missed, percentages. */
  readonly value: number;
  readonly target: number;
  readonly raisedAt: Date;
  /** The team leader's task that asks for the plan. */
  readonly taskId: string;
}

export interface PlanAction {
  readonly actionId: string;
  readonly planId: string;
  readonly description: string;
  readonly owner: string;
  /** `YYYY-MM-DD`: when it is to be done by. */
  readonly due: string;
  readonly addedBy: string;
  readonly addedAt: Date;
  readonly doneBy?: string;
  readonly doneAt?: Date;
}

/** The short code of each measure in a plan's id (a plan id is a task's case reference: short capitals). */
const MEASURE_CODES: Readonly<Record<TargetMeasure, string>> = {
  satisfied: 'SATISFIED',
  'cope-and-recover': 'COPERECOVER',
  'th-works-in-time': 'THINTIME',
};

/** A plan's id: one per quarter and measure, `PLAN-202627-Q1-SATISFIED`, so raising it twice makes one. */
export function planIdFor(quarter: string, measure: TargetMeasure): string {
  return `PLAN-${quarter.replace('/', '')}-${MEASURE_CODES[measure]}`;
}

/** Whether an id could be a plan's (anything else is no plan, without asking the store). */
export const isPlanId = (value: string) =>
  new RegExp(`^PLAN-\\d{6}-Q[1-4]-(?:${Object.values(MEASURE_CODES).join('|')})$`).test(value);

/** An action's form: what is to be done, by whom, by when (a date from today on). */
export function readActionForm(
  form: Readonly<Record<string, string>>,
  today: string,
): { ok: true; description: string; owner: string; due: string } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const description = (form.description ?? '').trim();
  const owner = (form.owner ?? '').trim();
  if (description === '') errors.push({ field: 'description', message: 'Enter what is to be done' });
  else if (description.length > 500)
    errors.push({ field: 'description', message: 'Action must be 500 characters or fewer' });
  if (owner === '') errors.push({ field: 'owner', message: 'Enter who will do it' });
  else if (owner.length > 100)
    errors.push({ field: 'owner', message: 'Owner must be 100 characters or fewer' });
  const [d, m, y] = ['due-day', 'due-month', 'due-year'].map((k) => (form[k] ?? '').trim());
  const date = DateTime.fromObject({ year: Number(y), month: Number(m), day: Number(d) });
  if (!d || !m || !y) errors.push({ field: 'due', message: 'Enter the date it is due by' });
  else if (!/^\d{4}$/.test(y ?? '') || !date.isValid)
    errors.push({ field: 'due', message: 'Date it is due by must be a real date' });
  else if ((date.toISODate() as string) < today)
    errors.push({ field: 'due', message: 'Date it is due by must be today or in the future' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, description, owner, due: date.toISODate() as string };
}
