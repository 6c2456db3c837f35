import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assessmentFormForAge,
  NEEDS_AREA_NAMES,
  NEEDS_AREAS,
  YOUNG_PERSON_AREA_NAMES,
  YOUNG_PERSON_AREAS,
  type YoungPersonAssessment,
} from '../../../../shared/domain/assessment.ts';
import type { CaseSupport, RecordedAssessment } from '../../../../shared/domain/case-support.ts';
import { caseReferencesIn, type GroupSessionRecord } from '../../../../shared/domain/group-session.ts';
import {
  AREA_DOMAINS,
  domainMovements,
  OUTCOME_DOMAIN_NAMES,
  OUTCOME_DOMAINS,
} from '../../../../shared/domain/outcome-domains.ts';
import { measureList } from '../../../../shared/domain/reporting/measure-list.ts';
import { outcomeDomainMeasures } from '../../../../shared/domain/reporting/outcome-domain-measures.ts';
import { parseQuarter } from '../../../../shared/domain/reporting/quarters.ts';
import type { CaseLedger } from '../../../../shared/domain/reporting/return-inputs.ts';
import { youngPeopleMeasures } from '../../../../shared/domain/reporting/young-people-measures.ts';

const young = (scores: Partial<Record<(typeof YOUNG_PERSON_AREAS)[number], 1 | 2 | 3 | 4 | 5>>) =>
  Object.fromEntries(
    YOUNG_PERSON_AREAS.map((area) => [area, { score: scores[area] ?? 3 }]),
  ) as unknown as YoungPersonAssessment;
const recorded = (kind: 'initial' | 'closing', assessment: YoungPersonAssessment): RecordedAssessment => ({
  kind,
  form: 'young-person',
  assessment,
  by: 'caseworker.one',
  at: new Date('2026-08-01T10:00:00Z'),
});

describe("the young people's needs assessment and the outcome domains", () => {
  it('is the form for a victim under 18, and the adults’ otherwise or when the age is not known', () => {
    expect(assessmentFormForAge(17)).toBe('young-person');
    expect(assessmentFormForAge(18)).toBe('adult');
    expect(assessmentFormForAge(undefined)).toBe('adult');
  });

  it('maps every area of both forms to one of the eight domains; the adults’ form reaches all eight', () => {
    for (const area of [...NEEDS_AREAS, ...YOUNG_PERSON_AREAS])
      expect(OUTCOME_DOMAINS, area).toContain(AREA_DOMAINS[area]);
    expect(new Set(NEEDS_AREAS.map((a) => AREA_DOMAINS[a])).size).toBe(8);
    expect(new Set(YOUNG_PERSON_AREAS.map((a) => AREA_DOMAINS[a]))).toEqual(
      new Set([
        'health-and-safety',
        'family-friends-and-children',
        'education-skills-and-employment',
        'social-interactions',
        'outlook-and-attitudes',
      ]),
    );
  });

  it('is the table docs/reporting.md shows, row by row', () => {
    const doc = readFileSync(new URL('../../../../docs/reporting.md', import.meta.url), 'utf8');
    const cells = (areas: readonly string[], names: Readonly<Record<string, string>>, domain: string) =>
      areas
        .filter((a) => AREA_DOMAINS[a as keyof typeof AREA_DOMAINS] === domain)
        .map((a) => names[a]?.toLowerCase())
        .join('; ') || '—';
    for (const domain of OUTCOME_DOMAINS) {
      const row = doc
        .split('\n')
        .find((line) => line.startsWith(`| ${OUTCOME_DOMAIN_NAMES[domain].toLowerCase()} `));
      expect(
        row
          ?.split('|')
          .map((c) => c.trim())
          .slice(2, 4),
        domain,
      ).toEqual([
        cells(NEEDS_AREAS, NEEDS_AREA_NAMES, domain),
        cells(YOUNG_PERSON_AREAS, YOUNG_PERSON_AREA_NAMES, domain),
      ]);
    }
  });

  it('counts distance travelled per domain, a domain at its lowest area, only the domains assessed', () => {
    const first = recorded(
      'initial',
      young({ 'feeling-safe': 1, 'health-wellbeing': 4, 'school-college': 4 }),
    );
    const last = recorded(
      'closing',
      young({ 'feeling-safe': 2, 'health-wellbeing': 2, 'school-college': 2 }),
    );
    expect(domainMovements(first, last)).toEqual({
      'health-and-safety': 'improved', // lowest 1 → lowest 2
      'family-friends-and-children': 'unchanged',
      'education-skills-and-employment': 'worse',
      'social-interactions': 'unchanged',
      'outlook-and-attitudes': 'unchanged',
    });
  });
});

describe('case references typed for a group session', () => {
  it('are read one a line, or separated by commas or spaces, in capitals, each once', () => {
    expect(caseReferencesIn(' vf-aaaaa-00001\r\nVF-AAAAA-00002, VF-AAAAA-00001  \n\n')).toEqual([
      'VF-AAAAA-00001',
      'VF-AAAAA-00002',
    ]);
  });
});

/** A case as the young people's measures read it: under 18 or not, received, and its closures. */
const ledger = (
  caseId: string,
  child: boolean,
  receivedAt: string,
  support: Partial<CaseSupport> = {},
): CaseLedger =>
  ({
    case: { caseId, triage: { childOrYoungPerson: child }, referral: { receivedAt: new Date(receivedAt) } },
    events: [],
    support: { plan: [], ...support },
  }) as unknown as CaseLedger;

const session = (sessionId: string, date: string, caseIds: string[]): GroupSessionRecord => ({
  session: {
    sessionId,
    date,
    venue: 'Youth centre',
    title: 'Theme',
    recordedBy: 'caseworker.one',
    recordedAt: new Date(),
  },
  attendees: caseIds.map((caseId) => ({
    sessionId,
    caseId,
    date,
    recordedBy: 'caseworker.one',
    recordedAt: new Date(),
  })),
});

describe("the return's children and young people", () => {
  const Q2 = parseQuarter('2026/27-Q2'); // 1 July to 30 September 2026
  const values = (ledgers: CaseLedger[], sessions: GroupSessionRecord[]) => {
    const list = measureList();
    youngPeopleMeasures(list, ledgers, Q2, sessions);
    return Object.fromEntries(list.measures.map((m) => [m.id, [m.value, m.percentage]]));
  };

  it('counts the sessions held in the quarter and the young people attending, each once', () => {
    const v = values(
      [],
      [
        session('s1', '2026-07-01', ['VF-A', 'VF-B', 'VF-C']),
        session('s2', '2026-09-30', ['VF-A', 'VF-D']),
        session('s3', '2026-06-30', ['VF-E']),
        session('s4', '2026-10-01', ['VF-F']),
      ],
    );
    expect(v['young-peoples-group-sessions']).toEqual([2, undefined]);
    expect(v['young-peoples-group-sessions.attendance']).toEqual([4, undefined]);
  });

  it('counts children supported this quarter against the same quarter a year before', () => {
    const closed = (at: string) => ({ closed: { by: 'caseworker.one', at: new Date(at) } });
    const v = values(
      [
        ledger('VF-1', true, '2026-07-10T10:00:00Z'), // received in Q2
        ledger('VF-2', true, '2026-03-01T10:00:00Z', closed('2026-07-02T10:00:00Z')), // open on 1 July
        ledger('VF-3', true, '2026-03-01T10:00:00Z', closed('2026-06-02T10:00:00Z')), // closed before Q2
        ledger('VF-4', true, '2026-10-01T10:00:00Z'), // after Q2
        ledger('VF-5', false, '2026-07-10T10:00:00Z'), // an adult
        ledger('VF-6', true, '2025-08-10T10:00:00Z', closed('2025-09-01T10:00:00Z')), // 2025/26-Q2 only
        ledger('VF-7', true, '2025-05-10T10:00:00Z', {
          reopened: {
            by: 'caseworker.one',
            at: new Date('2026-08-01T10:00:00Z'),
            reason: 'Wants support again',
          },
          earlier: [{ change: 'closed', by: 'caseworker.one', at: new Date('2025-06-01T10:00:00Z') }],
        }), // closed through 2025/26-Q2, reopened in Q2
      ],
      [],
    );
    expect(v['children-and-young-people.supported']).toEqual([3, undefined]); // VF-1, VF-2, VF-7
    expect(v['children-and-young-people.supported.last-year']).toEqual([1, undefined]); // VF-6
    expect(v['children-and-young-people.supported.change']).toEqual([2, 200]);
  });
});

describe('distance travelled by outcome domain in the return', () => {
  it("counts a young person's assessments in the domains their form covers, for cases closed in the quarter", () => {
    const Q2 = parseQuarter('2026/27-Q2');
    const closedOn = (at: string) => ({ closed: { by: 'caseworker.one', at: new Date(at) } });
    const assessed = (closedAt: string) =>
      ledger('VF-Y', true, '2026-06-01T10:00:00Z', {
        initial: recorded('initial', young({ 'school-college': 4 })),
        closing: recorded('closing', young({ 'school-college': 2, 'feelings-behaviour': 5 })),
        ...closedOn(closedAt),
      });
    const list = measureList();
    outcomeDomainMeasures(list, [assessed('2026-08-15T10:00:00Z'), assessed('2026-10-02T10:00:00Z')], Q2);
    const m = (id: string) => list.measures.find((x) => x.id === `distance-travelled-domain.${id}`);
    expect(m('education-skills-and-employment.worse')).toMatchObject({
      value: 1,
      percentage: 100,
      denominator: 1,
    });
    expect(m('outlook-and-attitudes.improved')).toMatchObject({ value: 1, denominator: 1 });
    expect(m('health-and-safety.unchanged')).toMatchObject({ value: 1, denominator: 1 });
    // Not on the young people's form: nothing to count, no percentage.
    expect(m('shelter-and-accommodation.unchanged')).toMatchObject({
      value: 0,
      percentage: null,
      denominator: 0,
    });
    expect(list.measures).toHaveLength(24);
  });
});
