import { DateTime } from 'luxon';
import type { DraftAnswer } from '../../shared/ports/form-drafts.ts';

/**
 * The GOV.UK "question pages" pattern for the public forms (docs/public-pages.md): each question is a page
 * of one or a few fields, read and checked on its own, its error summary naming the field; the answers
 * are kept in a draft between pages and shown on "Check your answers".
 */

export type Answers = Readonly<Record<string, DraftAnswer>>;

/** One choice of a set of radios or checkboxes; `reveals` are fields shown (and read) only when it is chosen. */
export interface Choice {
  readonly value: string;
  readonly text: string;
  readonly hint?: string;
  readonly reveals?: readonly Field[];
  /** A checkbox that clears the others ("None of these"). */
  readonly exclusive?: true;
  /** A divider ("or") drawn before this choice. */
  readonly dividerBefore?: true;
}

interface FieldBase {
  readonly name: string;
  readonly label: string;
  /** The field's name on "Check your answers", when not its label ("Area" for "Where do you live?"). */
  readonly key?: string;
  readonly hint?: string;
  /** Left blank is an answer (nothing); otherwise `missing` is the error. */
  readonly optional?: true;
  /** "Enter your first name": the error when it is left blank. */
  readonly missing: string;
  /** How a value reads on "Check your answers", when not a choice's words. */
  readonly describe?: (value: string) => string;
  /** A further check of a given value: its error, or nothing. */
  readonly check?: (value: string, answers: Answers) => string | undefined;
}

export type Field =
  | (FieldBase & {
      readonly kind: 'text';
      readonly inputType?: 'email' | 'tel';
      readonly autocomplete?: string;
      readonly width?: 5 | 10 | 20 | 30;
      readonly spellcheck?: false;
    })
  | (FieldBase & { readonly kind: 'textarea'; readonly maxLength: number })
  | (FieldBase & { readonly kind: 'radios'; readonly choices: readonly Choice[] })
  | (FieldBase & { readonly kind: 'checkboxes'; readonly choices: readonly Choice[] })
  | (FieldBase & { readonly kind: 'date'; readonly past?: true });

export interface Question {
  /** The page's address under the form's path. */
  readonly slug: string;
  /** The page's heading; with one field, that field's label or legend is the heading. */
  readonly title: string;
  /** Words under the heading. */
  readonly lead?: readonly string[];
  /** Questions answered again when this one's answer changes (a web chat's time after its day). */
  readonly resets?: readonly string[];
  /** Whether the question is asked, given the answers so far (asked unless said). */
  readonly asked?: (answers: Answers) => boolean;
  /** The page's fields, drawn from the answers so far and the time (choices that depend on them). */
  readonly fields: (answers: Answers, now: Date) => readonly Field[] | Promise<readonly Field[]>;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A date field's three inputs. */
export const dateParts = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`] as const;

const postedValue = (form: Readonly<Record<string, readonly string[]>>, name: string): string =>
  (form[name]?.[0] ?? '').trim();

/** Reads a date field's three inputs: the ISO date, or what is wrong, in GOV.UK's words. */
function readDate(
  field: Field & { kind: 'date' },
  form: Readonly<Record<string, readonly string[]>>,
  today: Date,
): { value?: string; error?: string } {
  const [d, m, y] = dateParts(field.name).map((part) => postedValue(form, part)) as [string, string, string];
  if (!d && !m && !y) return field.optional ? {} : { error: field.missing };
  if (!d || !m || !y) return { error: `${field.label} must include a day, month and year` };
  if (![d, m, y].every((part) => /^\d+$/.test(part)) || y.length !== 4)
    return { error: `${field.label} must be a real date` };
  const date = DateTime.fromObject({ year: Number(y), month: Number(m), day: Number(d) });
  if (!date.isValid) return { error: `${field.label} must be a real date` };
  const iso = date.toISODate() as string;
  if (field.past && iso >= (DateTime.fromJSDate(today).toISODate() as string))
    return { error: `${field.label} must be in the past` };
  if (Number(y) < 1900) return { error: `${field.label} must be after 1900` };
  return { value: iso };
}

/**
 * Reads a question's posted fields (revealed fields only under the chosen choice): the answers it gives,
 * keyed by field name, and an error per field that is wrong. What was posted is what the page shows again.
 */
export function readFields(
  fields: readonly Field[],
  form: Readonly<Record<string, readonly string[]>>,
  answers: Answers,
  now: Date,
): { readonly answers: Record<string, DraftAnswer>; readonly errors: FieldError[] } {
  const read: Record<string, DraftAnswer> = {};
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  for (const field of fields) {
    switch (field.kind) {
      case 'text':
      case 'textarea': {
        const value = postedValue(form, field.name);
        if (!value) {
          if (!field.optional) fail(field.name, field.missing);
          break;
        }
        if (field.kind === 'textarea' && value.length > field.maxLength) {
          fail(field.name, `${field.label} must be ${field.maxLength} characters or fewer`);
          break;
        }
        const wrong = field.check?.(value, { ...answers, ...read });
        if (wrong) fail(field.name, wrong);
        else read[field.name] = value;
        break;
      }
      case 'radios': {
        const value = postedValue(form, field.name);
        const choice = field.choices.find((c) => c.value === value);
        if (!choice) {
          if (!(field.optional && !value)) fail(field.name, field.missing);
          break;
        }
        read[field.name] = value;
        const revealed = readFields(choice.reveals ?? [], form, { ...answers, ...read }, now);
        Object.assign(read, revealed.answers);
        errors.push(...revealed.errors);
        if (revealed.errors.length === 0) {
          const wrong = field.check?.(value, { ...answers, ...read });
          if (wrong) fail(field.name, wrong);
        }
        break;
      }
      case 'checkboxes': {
        const known = new Set(field.choices.map((c) => c.value));
        const values = [...new Set(form[field.name] ?? [])].filter((v) => known.has(v));
        if (values.length === 0) {
          if (field.optional) read[field.name] = [];
          else fail(field.name, field.missing);
          break;
        }
        const exclusive = field.choices.find((c) => c.exclusive && values.includes(c.value));
        if (exclusive && values.length > 1) {
          fail(field.name, `Select “${exclusive.text}” or the others, not both`);
          break;
        }
        const wrong = field.check?.(values.join(','), { ...answers, ...read });
        if (wrong) fail(field.name, wrong);
        else read[field.name] = values;
        break;
      }
      case 'date': {
        const { value, error } = readDate(field, form, now);
        if (error) fail(field.name, error);
        else if (value) read[field.name] = value;
        break;
      }
    }
  }
  return { answers: read, errors };
}

/** The id of the input an error summary's link goes to (a date's day, a set's first choice). */
export const inputIdOf = (field: string, kind: Field['kind'] | undefined): string =>
  kind === 'date' ? `${field}-day` : field;

/** Every field of a question, those revealed under its choices too. */
export function allFields(fields: readonly Field[]): Field[] {
  return fields.flatMap((field) => [
    field,
    ...('choices' in field ? allFields(field.choices.flatMap((c) => c.reveals ?? [])) : []),
  ]);
}

/** How an answer reads on "Check your answers": a choice's words, a date in full, a list one a line. */
export function answerText(field: Field, answer: DraftAnswer | undefined): string[] {
  if (answer === undefined || answer === '') return [];
  if ('choices' in field && !(field.describe && typeof answer === 'string')) {
    const values = typeof answer === 'string' ? [answer] : answer;
    return values.map((v) => field.choices.find((c) => c.value === v)?.text ?? v);
  }
  if (field.describe && typeof answer === 'string') return [field.describe(answer)];
  if (field.kind === 'date' && typeof answer === 'string')
    return [DateTime.fromISO(answer).toFormat('d LLLL yyyy')];
  return typeof answer === 'string' ? [answer] : [...answer];
}

/** A page's values as its template draws them: each field's answer, a date's three parts apart. */
export function valuesFor(fields: readonly Field[], answers: Answers): Record<string, DraftAnswer> {
  const values: Record<string, DraftAnswer> = {};
  for (const field of allFields(fields)) {
    const answer = answers[field.name];
    if (field.kind === 'date' && typeof answer === 'string') {
      const date = DateTime.fromISO(answer);
      const [d, m, y] = dateParts(field.name);
      values[d] = String(date.day);
      values[m] = String(date.month);
      values[y] = String(date.year);
    } else if (answer !== undefined) values[field.name] = answer;
  }
  return values;
}

/** What was posted, as the template draws it again after an error (values kept). */
export function postedValues(
  fields: readonly Field[],
  form: Readonly<Record<string, readonly string[]>>,
): Record<string, DraftAnswer> {
  const values: Record<string, DraftAnswer> = {};
  for (const field of allFields(fields)) {
    if (field.kind === 'date') for (const part of dateParts(field.name)) values[part] = form[part]?.[0] ?? '';
    else if (field.kind === 'checkboxes') values[field.name] = form[field.name] ?? [];
    else values[field.name] = form[field.name]?.[0] ?? '';
  }
  return values;
}
