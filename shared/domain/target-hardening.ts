import * as z from 'zod';
import { dueWithinHours, dueWithinWorkingDays } from './deadlines.ts';
import { type FieldError, shapeErrors } from './field-errors.ts';
import { financialYearOf } from './hardship-fund.ts';
import type { Address } from './person.ts';

/**
 * Target hardening (docs/service-rules.md, rule 12): a contractor improves the security of a victim's home.
 * Referrals come from Victim First and the domestic and sexual abuse service only; the contractor sees only
 * the victim's name, address, phone and vulnerability factors. docs/target-hardening.md has the rules.
 */

/** The only services that may refer for target hardening. */
export const TH_REFERRING_SERVICES = ['victim-first', 'domestic-and-sexual-abuse-service'] as const;
export type ThReferringService = (typeof TH_REFERRING_SERVICES)[number];

export const TH_SERVICE_NAMES: Readonly<Record<ThReferringService, string>> = {
  'victim-first': 'Victim First',
  'domestic-and-sexual-abuse-service': 'the domestic and sexual abuse service',
};

export type JobKind = 'standard' | 'emergency';

/** Standard jobs: the contractor phones the victim and attends within 5 working days of referral. */
export const STANDARD_ATTEND_WORKING_DAYS = 5;
/** Emergency jobs (phoned in): attended within 4 hours of the call. */
export const EMERGENCY_ATTEND_HOURS = 4;
/** How long before an emergency deadline a team leader is alerted if nobody has attended. */
export const EMERGENCY_ALERT_BEFORE_MS = 60 * 60 * 1000;
/** How long before a standard deadline a team leader is alerted if the visit is not recorded. */
export const STANDARD_ALERT_BEFORE_MS = 24 * 60 * 60 * 1000;
/** The follow-up call: 12 months after the visit. */
export const FOLLOW_UP_AFTER_MONTHS = 12;

/** Agreed price per property for products, in pence (configurable: TH_PRICE_CAP_PENCE). */
export const DEFAULT_PRICE_CAP_PENCE = 30_000;
/** Annual product budget, in pence (configurable: TH_PRODUCT_BUDGET_PENCE): £80,000. */
export const DEFAULT_PRODUCT_BUDGET_PENCE = 8_000_000;
/** The contract's whole value, products and labour, in pence: £90,000 (the Lot 2 return's spend to date). */
export const CONTRACT_VALUE_PENCE = 9_000_000;
/** The most labour a visit may record, in pence: £2,000. */
export const LABOUR_MAX_PENCE = 200_000;

/** The money rules a job's items are checked against. */
export interface ProductLimits {
  readonly priceCapPence: number;
  readonly annualBudgetPence: number;
}

export const DEFAULT_PRODUCT_LIMITS: ProductLimits = Object.freeze({
  priceCapPence: DEFAULT_PRICE_CAP_PENCE,
  annualBudgetPence: DEFAULT_PRODUCT_BUDGET_PENCE,
});

/** Product limits from the environment (TH_PRICE_CAP_PENCE, TH_PRODUCT_BUDGET_PENCE), else the defaults. */
export function productLimitsFrom(env: Record<string, string | undefined>): ProductLimits {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d{1,10}$/.test(raw)) throw new Error(`${name} must be a whole number of pence`);
    return Number(raw);
  };
  return {
    priceCapPence: read('TH_PRICE_CAP_PENCE', DEFAULT_PRICE_CAP_PENCE),
    annualBudgetPence: read('TH_PRODUCT_BUDGET_PENCE', DEFAULT_PRODUCT_BUDGET_PENCE),
  };
}

/** When the contractor must attend, and when a team leader is alerted if they have not. */
export function jobDeadlines(kind: JobKind, referredAt: Date): { attendBy: Date; alertAt: Date } {
  const attendBy =
    kind === 'emergency'
      ? dueWithinHours(referredAt, EMERGENCY_ATTEND_HOURS)
      : dueWithinWorkingDays(referredAt, STANDARD_ATTEND_WORKING_DAYS);
  const before = kind === 'emergency' ? EMERGENCY_ALERT_BEFORE_MS : STANDARD_ALERT_BEFORE_MS;
  return { attendBy, alertAt: new Date(Math.max(referredAt.getTime(), attendBy.getTime() - before)) };
}

/** Service levels: 1 advice; 2 advice and items the victim fits; 3 advice and items a fitter installs. */
export type ServiceLevel = 1 | 2 | 3;

export const SERVICE_LEVEL_NAMES: Readonly<Record<ServiceLevel, string>> = {
  1: 'Level 1 – advice',
  2: 'Level 2 – advice and items the victim fits',
  3: 'Level 3 – advice and items fitted',
};

/** The home security assessment: 0 (secure) to 10 (no security at all), from the contractor's checklist. */
export const ASSESSMENT_SCORE_MAX = 10;
/** Each vulnerability factor adds this much to the assessment score when setting the level, up to 3 factors. */
export const VULNERABILITY_WEIGHT = 2;

/**
 * The service level from the home security assessment score and the victim's vulnerability: the score plus
 * 2 for each vulnerability factor (at most 3 counted); 0–4 → level 1, 5–8 → level 2, 9 or more → level 3.
 */
export function serviceLevelFor(assessmentScore: number, vulnerabilityCount: number): ServiceLevel {
  const need = assessmentScore + VULNERABILITY_WEIGHT * Math.min(3, vulnerabilityCount);
  if (need >= 9) return 3;
  if (need >= 5) return 2;
  return 1;
}

/** The details a referrer gives and the contractor may see, and nothing else. */
export interface ContractorView {
  readonly name: string;
  readonly address: Address;
  /** E.164. */
  readonly phone: string;
  readonly vulnerabilities: readonly string[];
}

// --- What the contractor records ----------------------------------------------------------------------

const money = (field: string) =>
  z
    .int({ error: `${field} must be a whole number of pence` })
    .min(0, 'must be £0 or more')
    .max(100_000, 'must be at most £1,000.00');

export const ItemSchema = z.strictObject({
  product: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(120, 'must be at most 120 characters')
    .regex(
      /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ,.'’/&()+-]*$/u,
      'may contain only letters, digits and simple punctuation',
    ),
  quantity: z
    .int({ error: 'must be a whole number' })
    .min(1, 'must be at least 1')
    .max(20, 'must be at most 20'),
  unitCostPence: money('unit cost'),
  /** Meets the approved standard (e.g. British Standard locks, Secured by Design). */
  approvedStandard: z.boolean({ error: 'must be true or false' }),
});
export type Item = z.output<typeof ItemSchema>;

export const SATISFACTION = [
  'very-satisfied',
  'satisfied',
  'neither',
  'dissatisfied',
  'very-dissatisfied',
] as const;

const notes = z.string().trim().max(2000, 'must be at most 2000 characters').optional();

export const BookingSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('booked'),
      visitAt: z.iso.datetime({ offset: true, error: 'must be a date and time' }),
    }),
    z.strictObject({ outcome: z.literal('refused'), notes }),
  ],
  { error: 'must be booked or refused' },
);
export type Booking = z.output<typeof BookingSchema>;

export const VisitSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('visited'),
      assessmentScore: z
        .int({ error: 'must be a whole number from 0 to 10' })
        .min(0, 'must be from 0 to 10')
        .max(ASSESSMENT_SCORE_MAX, 'must be from 0 to 10'),
      items: z.array(ItemSchema).max(20, 'must be at most 20 items').default([]),
      /**
       * The contractor's labour for the visit, in pence: outside the price per property and the product
       * budget, inside the contract's value. Absent when none was entered (counted as £0).
       */
      labourPence: z
        .int({ error: 'must be a whole number of pence' })
        .min(0, 'must be £0 or more')
        .max(LABOUR_MAX_PENCE, 'must be at most £2,000.00')
        .optional(),
      /** The home needed more than the price cap or the year's budget allows: a team leader is told. */
      neededMoreThanAllowed: z.boolean().default(false),
      survey: z.union([z.enum(SATISFACTION), z.literal('declined')], {
        error: `must be one of ${SATISFACTION.join(', ')} or declined`,
      }),
      /** The survey's other question: the victim feels safer now (absent: declined or not answered). */
      feelsSafer: z.boolean({ error: 'must be true or false' }).optional(),
      /** Other needs the contractor saw, passed back to the referrer only with the victim's consent. */
      additionalNeeds: notes,
      notes,
    }),
    z.strictObject({ outcome: z.literal('refused'), notes }),
  ],
  { error: 'must be visited or refused' },
);
export type Visit = z.output<typeof VisitSchema>;

export const FollowUpSchema = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      outcome: z.literal('spoke-to-victim'),
      stillSecure: z.boolean({ error: 'must be true or false' }),
      satisfaction: z.enum(SATISFACTION, { error: `must be one of ${SATISFACTION.join(', ')}` }),
      // The year's outcomes (docs/outcomes.md); absent when the victim did not say.
      feelsSafer: z.boolean({ error: 'must be true or false' }).optional(),
      /** No repeat burglary or attack reported since the visit. */
      isSafer: z.boolean({ error: 'must be true or false' }).optional(),
      productsInUse: z.boolean({ error: 'must be true or false' }).optional(),
      notes,
    }),
    z.strictObject({ outcome: z.literal('no-contact'), notes }),
  ],
  { error: 'must be spoke-to-victim or no-contact' },
);
export type FollowUp = z.output<typeof FollowUpSchema>;

// An unknown key (a misspelt field) is named by its own path, as the partner JSON names it.
const issuesOf = (error: z.ZodError): FieldError[] => shapeErrors(error.issues, '(body)');

export function validateWith<S extends z.ZodType>(
  schema: S,
  candidate: unknown,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldError[] } {
  const result = schema.safeParse(candidate);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: issuesOf(result.error) };
}

/** Why the items of a visit cannot be recorded as they are. */
export class ItemsRefusedError extends Error {
  override name = 'ItemsRefusedError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const itemsCostPence = (items: readonly Item[]) =>
  items.reduce((sum, item) => sum + item.quantity * item.unitCostPence, 0);

/**
 * Checks a visit's items against its service level and the agreed price per property: level 1 is advice
 * only; at level 3 every fitted item meets the approved standard. The annual budget is checked by the store,
 * in the same transaction that spends it.
 */
export function checkItems(level: ServiceLevel, items: readonly Item[], limits: ProductLimits): number {
  if (level === 1 && items.length > 0)
    throw new ItemsRefusedError('items', 'must be empty: level 1 is advice only');
  if (level === 3) {
    const index = items.findIndex((item) => !item.approvedStandard);
    if (index >= 0)
      throw new ItemsRefusedError(
        `items.${index}.approvedStandard`,
        'must be true: a fitter installs only items of the approved standard',
      );
  }
  const cost = itemsCostPence(items);
  if (cost > limits.priceCapPence)
    throw new ItemsRefusedError(
      'items',
      `come to ${poundsOf(cost)}, over the ${poundsOf(limits.priceCapPence)} agreed per property`,
    );
  return cost;
}

export const poundsOf = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The product budget's year: the UK financial year of the visit (`2026-27`). */
export const productBudgetYearOf = (visitedAt: Date) => financialYearOf(visitedAt);

// --- References ---------------------------------------------------------------------------------------

/** A job's reference, e.g. `TH-1042`. */
export const jobIdOf = (n: number) => `TH-${n}`;
export const JOB_ID = /^TH-\d{1,9}$/;

/** Referral numbers are six digits, so a referrer can key one in on a telephone keypad. */
export const REFERRAL_NUMBER = /^\d{6}$/;
export const referralNumberOf = (n: number) => String(100_000 + n);

/**
 * A referrer is identified on the phone by their six-digit referrer number and a PIN of 6 to 8 digits:
 * guessing both at once is a million times harder than a short PIN alone (docs/target-hardening.md).
 */
export const REFERRER_NUMBER = /^\d{6}$/;
export const PIN = /^\d{6,8}$/;
