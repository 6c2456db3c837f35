import type { Measure, QuarterlyReturn } from '../../../../../shared/domain/reporting/quarterly-return.ts';

/** Weekly referral counts by source for 2026/27-Q2, made up but plausible: 14 weeks, the first and last partial. */
const WEEKS = [
  ['2026-07-01', 14, 3, 2, 1],
  ['2026-07-06', 27, 5, 3, 2],
  ['2026-07-13', 31, 4, 2, 3],
  ['2026-07-20', 25, 6, 4, 1],
  ['2026-07-27', 29, 3, 1, 2],
  ['2026-08-03', 33, 7, 2, 4],
  ['2026-08-10', 24, 2, 3, 1],
  ['2026-08-17', 22, 4, 2, 2],
  ['2026-08-24', 26, 5, 0, 3],
  ['2026-08-31', 30, 3, 2, 2],
  ['2026-09-07', 28, 6, 3, 1],
  ['2026-09-14', 32, 4, 2, 2],
  ['2026-09-21', 27, 5, 1, 3],
  ['2026-09-28', 12, 1, 1, 0],
] as const;

export const FORMULA_LABEL = '=HYPERLINK("http://example.org/x","click")';
export const AWKWARD_LABEL = 'Passed to other services, "onward"\nincluding Rutland';
export const SCRIPT_LABEL = 'Complaints <script>alert("x")</script> received';

/** Every kind of figure the return can hold: counts, percentages (one with no denominator), pence, suppressed, null, negative. */
export const MEASURES: readonly Measure[] = [
  { id: 'referrals-received', label: 'Referrals received', lot: 1, section: 'Referrals', value: 412 },
  {
    id: 'referrals-by-source.police',
    label: 'Referrals received from the police',
    lot: 1,
    section: 'Referrals',
    value: 360,
  },
  {
    id: 'referrals-by-source.self',
    label: 'Self-referrals',
    lot: 1,
    section: 'Referrals',
    value: 58,
  },
  {
    id: 'initial-calls-within-48h',
    label: 'Initial calls made within 48 hours',
    lot: 1,
    section: 'Deadlines',
    value: 371,
    percentage: 92.3,
    denominator: 402,
  },
  {
    id: 'written-on-the-day',
    label: 'Letters, emails and texts sent on the day of referral',
    lot: 1,
    section: 'Deadlines',
    value: 398,
    percentage: 99,
    denominator: 402,
  },
  {
    id: 'home-visits-within-5-days',
    label: 'Home visits made within 5 working days',
    lot: 1,
    section: 'Deadlines',
    value: 0,
    percentage: null,
    denominator: 0,
    note: 'no home visits were due in the quarter',
  },
  {
    id: 'passed-to-other-services',
    label: AWKWARD_LABEL,
    lot: 1,
    section: 'Outcomes, onward',
    value: 23,
  },
  { id: 'onward-referrals.formula', label: FORMULA_LABEL, lot: 1, section: 'Outcomes, onward', value: 4 },
  { id: 'cases-closed', label: 'Cases closed', lot: 1, section: 'Outcomes, onward', value: 298 },
  {
    id: 'equality.sex.female',
    label: 'Victims recorded as female',
    lot: 1,
    section: 'Equality: sex',
    value: 231,
  },
  {
    id: 'equality.sex.intersex',
    label: 'Victims recorded as intersex',
    lot: 1,
    section: 'Equality: sex',
    value: null,
    suppressed: true,
  },
  {
    id: 'distance-travelled.safety',
    label: 'Distance travelled: feeling safe',
    lot: 1,
    section: 'Distance travelled',
    value: -0.4,
  },
  {
    id: 'restorative-justice.outcomes',
    label: '-2 restorative justice conferences cancelled',
    lot: 1,
    section: 'Restorative justice',
    value: 2,
  },
  {
    id: 'th-completed',
    label: 'Target-hardening jobs completed',
    lot: 2,
    section: 'Jobs',
    value: 57,
  },
  {
    id: 'th-hours-to-fitting',
    label: 'Average time from referral to fitting (hours)',
    lot: 2,
    section: 'Jobs',
    value: 52.5,
  },
  {
    id: 'th-cost-per-property-pence',
    label: 'Average cost per property',
    lot: 2,
    section: 'Spend',
    value: 18450,
  },
  {
    id: 'th-spend-to-date-pence',
    label: 'Product spend to date against budget',
    lot: 2,
    section: 'Spend',
    value: 1_733_125,
    percentage: 43.3,
    denominator: 4_000_000,
  },
  { id: 'th-complaints', label: SCRIPT_LABEL, lot: 2, section: 'Complaints', value: 1 },
  {
    id: 'th-refusals-reason-unknown',
    label: 'Refusals with no reason given',
    lot: 2,
    section: 'Complaints',
    value: null,
    note: 'not recorded by the system',
  },
];

/** A hand-built return for 2026/27-Q2 (1 July to 30 September 2026), produced at 9:05am on 14 October 2026. */
export function quarterlyReturn(measures: readonly Measure[] = MEASURES): QuarterlyReturn {
  return {
    quarter: '2026/27-Q2',
    from: '2026-06-30T23:00:00.000Z',
    to: '2026-09-30T23:00:00.000Z',
    producedAt: '2026-10-14T08:05:00.000Z',
    measures,
    charts: {
      outcomesAgainstTargets: [
        {
          measure: 'survey.satisfied',
          label: 'Victims satisfied with the support (police survey)',
          target: 85,
          quarters: [
            { quarter: '2026/27-Q1', percentage: 82.4, of: 34 },
            { quarter: '2026/27-Q2', percentage: 88.9, of: 45 },
          ],
        },
        {
          measure: 'survey.coped-and-recovered',
          label: 'Victims enabled to cope and recover (police survey)',
          target: null,
          quarters: [
            { quarter: '2026/27-Q1', percentage: 76.5, of: 34 },
            { quarter: '2026/27-Q2', percentage: null, of: 0 },
          ],
        },
      ],
      referralsBySourceAndWeek: WEEKS.map(([weekStarting, police, self, partner, asb]) => ({
        weekStarting,
        counts: { police, self, partner, 'sentinel-asb': asb },
      })),
      deadlinesByRule: [
        { rule: 'initial-call', label: 'Initial call within 48 hours', met: 371, breached: 31 },
        { rule: 'written-contact', label: 'Letter, email or text on the day', met: 398, breached: 4 },
        { rule: 'home-visit', label: 'Home visit within 5 working days', met: 0, breached: 0 },
        {
          rule: 'needs-assessment',
          label: 'Needs assessment within 10 working days',
          met: 143,
          breached: 12,
        },
        { rule: 'fitting', label: 'Target-hardening fitting within 5 working days', met: 49, breached: 8 },
      ],
      distanceTravelled: [
        { area: 'safety', label: 'Feeling safe', average: -0.4, cases: 212 },
        { area: 'health', label: 'Health and wellbeing', average: 1.3, cases: 198 },
        { area: 'housing', label: 'Housing', average: 0.8, cases: 120 },
        { area: 'finance', label: 'Money and finance', average: 0.5, cases: 96 },
        { area: 'justice', label: 'Understanding the justice process', average: 2.1, cases: 187 },
        { area: 'relationships', label: 'Family and relationships', average: -1.2, cases: 44 },
        { area: 'education', label: 'Education, training and work', average: 0, cases: 31 },
        { area: 'substance', label: 'Drugs and alcohol', average: null, cases: 0 },
        { area: 'independence', label: 'Independence and coping', average: 1.0, cases: 176 },
      ],
      targetHardeningSpend: {
        financialYear: '2026/27',
        budgetPence: 4_000_000,
        spentPence: 1_733_125,
        byMonth: [
          { month: '2026-04', spentPence: 281_250 },
          { month: '2026-05', spentPence: 312_400 },
          { month: '2026-06', spentPence: 265_975 },
          { month: '2026-07', spentPence: 301_500 },
          { month: '2026-08', spentPence: 288_000 },
          { month: '2026-09', spentPence: 284_000 },
        ],
      },
    },
  };
}
