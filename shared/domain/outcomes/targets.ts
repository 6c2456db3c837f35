import type { FieldError } from '../field-errors.ts';

/**
 * The outcomes the contracts set targets for (docs/outcomes.md): each is a percentage measure of the
 * quarterly return, and its target a percentage held per financial year.
 */
export const TARGET_MEASURES = ['satisfied', 'cope-and-recover', 'th-works-in-time'] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

/** Each target's words, its lot and the return measure whose percentage it is set against. */
export const TARGET_DEFINITIONS: Readonly<
  Record<TargetMeasure, { readonly lot: 1 | 2; readonly label: string; readonly measureId: string }>
> = {
  satisfied: {
    lot: 1,
    label: 'Victims satisfied with the support (police survey)',
    measureId: 'survey.satisfied',
  },
  'cope-and-recover': {
    lot: 1,
    label: 'Victims enabled to cope and recover (police survey)',
    measureId: 'survey.coped-and-recovered',
  },
  'th-works-in-time': {
    lot: 2,
    label: 'Target-hardening works carried out within the specified time',
    measureId: 'th-within-time',
  },
};

/**
 * The contract's targets where no one has set the year's own: 85% satisfied. Coping and recovering has no
 * figure in the first year, which sets its baseline; works in time is set by the commissioner's office.
 */
export const DEFAULT_TARGETS: Readonly<Partial<Record<TargetMeasure, number>>> = { satisfied: 85 };

/** A target as held for one financial year (`2026-27`, as quarters name it). */
export interface Target {
  readonly year: string;
  readonly measure: TargetMeasure;
  /** 0–100; absent: no target this year (a baseline year). */
  readonly percentage?: number;
  readonly setBy?: string;
  readonly setAt?: Date;
}

/** One change to a target: who made it, when, and the figure before and after (absent: none). */
export interface TargetChange {
  readonly changeId: string;
  readonly year: string;
  readonly measure: TargetMeasure;
  readonly from?: number;
  readonly to?: number;
  readonly by: string;
  readonly at: Date;
}

const YEAR = /^(\d{4})-(\d{2})$/;

/** Whether a financial year is written as `2026-27` (the second year following the first). */
export function isFinancialYear(value: string): boolean {
  const match = YEAR.exec(value);
  return match !== null && (Number(match[1]) + 1) % 100 === Number(match[2]);
}

/** The year's targets: each measure's own if set, else the contract's default, else none. */
export function targetsForYear(year: string, held: readonly Target[]): Target[] {
  return TARGET_MEASURES.map((measure) => {
    const own = held.find((t) => t.year === year && t.measure === measure);
    if (own) return own;
    const percentage = DEFAULT_TARGETS[measure];
    return { year, measure, ...(percentage === undefined ? {} : { percentage }) };
  });
}

/** A target form: the measure and its percentage (blank: no target this year, a baseline year). */
export function readTargetForm(
  form: Readonly<Record<string, string>>,
): { ok: true; measure: TargetMeasure; percentage?: number } | { ok: false; errors: FieldError[] } {
  const measure = TARGET_MEASURES.find((m) => m === form.measure);
  if (!measure) return { ok: false, errors: [{ field: 'measure', message: 'Choose a target' }] };
  const text = (form.percentage ?? '').trim().replace(/%$/, '');
  if (text === '') return { ok: true, measure };
  if (!/^\d{1,3}(\.\d)?$/.test(text))
    return {
      ok: false,
      errors: [{ field: 'percentage', message: 'Enter the target as a percentage, like 85 or 92.5' }],
    };
  const percentage = Number(text);
  if (percentage > 100)
    return { ok: false, errors: [{ field: 'percentage', message: 'Enter a percentage from 0 to 100' }] };
  return { ok: true, measure, percentage };
}

/** Whether a measured percentage misses its target (a measure with no figure or no target misses nothing). */
export const missesTarget = (value: number | null | undefined, target: number | undefined) =>
  value !== null && value !== undefined && target !== undefined && value < target;
