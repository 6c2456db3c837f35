import { describe, expect, it } from 'vitest';
import { computeReturn } from '../../../../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../../../../shared/domain/reporting/quarters.ts';
import type { JobLedger } from '../../../../../shared/domain/reporting/return-inputs.ts';
import {
  FITTING_BANDS,
  fittingBandOf,
  median,
} from '../../../../../shared/domain/reporting/target-hardening-measures.ts';

describe('the Lot 2 return’s arithmetic', () => {
  it('takes the median of an odd count as the middle value, of an even count as the middle two’s mean', () => {
    expect(median([30, 2, 7])).toBe(7);
    expect(median([4, 1, 10, 3])).toBe(3.5);
    expect(median([2.25, 2.3])).toBe(2.3); // 2.275 to one decimal
    expect(median([5])).toBe(5);
  });

  it('gives no median when nothing was fitted', () => {
    expect(median([])).toBeNull();
  });

  it('puts each time in one band, a band’s limit in that band', () => {
    expect(fittingBandOf(0)).toBe('up-to-4-hours');
    expect(fittingBandOf(4)).toBe('up-to-4-hours');
    expect(fittingBandOf(4.1)).toBe('4-to-24-hours');
    expect(fittingBandOf(24)).toBe('4-to-24-hours');
    expect(fittingBandOf(25)).toBe('1-to-5-days');
    expect(fittingBandOf(120)).toBe('1-to-5-days');
    expect(fittingBandOf(121)).toBe('5-to-10-days');
    expect(fittingBandOf(240)).toBe('5-to-10-days');
    expect(fittingBandOf(241)).toBe('over-10-days');
    expect(FITTING_BANDS.map((b) => b.id)).toEqual([
      'up-to-4-hours',
      '4-to-24-hours',
      '1-to-5-days',
      '5-to-10-days',
      'over-10-days',
    ]);
  });
});

const HOUR = 3_600_000;
/** A job made at `made`, due `dueHours` later, visited `hours` later with items and labour. */
const fitted = (
  n: number,
  made: string,
  dueHours: number,
  hours: number,
  costPence: number,
  labourPence?: number,
): JobLedger => {
  const createdAt = new Date(made);
  return {
    job: {
      jobId: `TH-${n}`,
      referralNumber: String(100_000 + n),
      kind: dueHours === 4 ? 'emergency' : 'standard',
      service: 'victim-first',
      createdAt,
      attendBy: new Date(createdAt.getTime() + dueHours * HOUR),
      alertAt: createdAt,
      status: 'visited',
      victim: {
        name: 'Ada Example',
        address: { line1: '1 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
        phone: '+447700900123',
        vulnerabilities: [],
      },
      consentToFeedback: false,
      visit: {
        visitedAt: new Date(createdAt.getTime() + hours * HOUR),
        recordedBy: 'contractor.one',
        level: costPence > 0 ? 2 : 1,
        costPence,
        visit: {
          outcome: 'visited',
          assessmentScore: 6,
          items: [],
          ...(labourPence === undefined ? {} : { labourPence }),
          neededMoreThanAllowed: false,
          survey: 'satisfied',
        },
      },
    },
    events: [],
  };
};

describe('the Lot 2 return from jobs', () => {
  const returnOf = (jobs: JobLedger[]) =>
    computeReturn({
      quarter: parseQuarter('2026/27-Q1'),
      cases: [],
      thReferrals: [],
      jobs,
      agencies: [],
      productBudgetPence: 8_000_000,
      producedAt: new Date('2026-07-10T09:00:00Z'),
    });
  const JOBS = [
    fitted(1, '2026-04-06T09:00:00Z', 4, 3, 10_000, 6_000), // in time, 3 hours
    fitted(2, '2026-04-07T09:00:00Z', 120, 50, 20_000, 3_000), // in time, 2 days 2 hours
    fitted(3, '2026-04-08T09:00:00Z', 120, 300, 30_000), // late, 12.5 days; no labour entered
    fitted(4, '2026-04-09T09:00:00Z', 120, 24, 0, 2_000), // advice only: visited, nothing fitted
  ];
  const measures = new Map(returnOf(JOBS).measures.map((m) => [m.id, m]));

  it('counts works done in time of all completed, with their percentage', () => {
    expect(measures.get('th-within-time')).toMatchObject({ value: 3, percentage: 75, denominator: 4 });
  });

  it('takes the median and the bands over the jobs with items fitted only', () => {
    expect(measures.get('th-hours-to-fitting.median')).toMatchObject({ value: 50, denominator: 3 });
    expect(measures.get('th-hours-to-fitting.up-to-4-hours')).toMatchObject({ value: 1, percentage: 33.3 });
    expect(measures.get('th-hours-to-fitting.1-to-5-days')).toMatchObject({ value: 1, percentage: 33.3 });
    expect(measures.get('th-hours-to-fitting.over-10-days')).toMatchObject({ value: 1, percentage: 33.3 });
    expect(measures.get('th-hours-to-fitting.4-to-24-hours')).toMatchObject({ value: 0, percentage: 0 });
  });

  it('gives the cost per property visited with products and labour, labour not entered as £0', () => {
    expect(measures.get('th-labour-per-property-pence')).toMatchObject({ value: 2_750, denominator: 4 });
    expect(measures.get('th-total-cost-per-property-pence')).toMatchObject({ value: 17_750, denominator: 4 });
    // Products per property fitted (three), as before.
    expect(measures.get('th-cost-per-property-pence')).toMatchObject({ value: 20_000, denominator: 3 });
  });

  it('gives the contract’s spend to date against its £90,000', () => {
    expect(measures.get('th-contract-spend-pence')).toMatchObject({
      value: 71_000,
      percentage: 0.8,
      denominator: 9_000_000,
    });
  });

  it('gives null for the median and averages, and no percentages, in a quarter with no visits', () => {
    const none = new Map(returnOf([]).measures.map((m) => [m.id, m]));
    for (const id of [
      'th-hours-to-fitting.median',
      'th-labour-per-property-pence',
      'th-total-cost-per-property-pence',
    ])
      expect(none.get(id)?.value, id).toBeNull();
    expect(none.get('th-within-time')).toMatchObject({ value: 0, percentage: null });
    expect(none.get('th-hours-to-fitting.up-to-4-hours')).toMatchObject({ value: 0, percentage: null });
    expect(none.get('th-contract-spend-pence')).toMatchObject({ value: 0, percentage: 0 });
  });
});
