import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { DynamoDbGroupSessions } from '../../shared/adapters/dynamodb/group-sessions.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { gatherReturnInputs } from '../../shared/application/gather-return-inputs.ts';
import { NEEDS_AREAS, YOUNG_PERSON_AREAS } from '../../shared/domain/assessment.ts';
import type { GroupSession } from '../../shared/domain/group-session.ts';
import { computeReturn } from '../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../shared/domain/reporting/quarters.ts';
import { aPartnerReferralBody, aPartnerVictim } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// Children and young people on the served local system: a young people's group session recorded with the
// young people who attended (open cases of victims under 18, by case reference), every bad input named in
// the GOV.UK error summary with nothing written, the same form sent twice recording one session, a young
// person added twice attending once, the attendance on each case's timeline and in the quarterly return;
// and the age-appropriate needs assessment chosen for a victim under 18.

/** Thursday 10 December 2026, 09:00 in Leicester: the referrals arrive. */
const RECEIVED = new Date('2026-12-10T09:00:00Z');
/** Monday 14 December 2026, 10:00: the session of Saturday 12 December is recorded. */
const MONDAY_10AM = new Date('2026-12-14T10:00:00Z');

let served: ServedLocalSystem;
let alex: Visitor;
const children: string[] = [];
let adult: string;
let closedChild: string;

async function refer(reference: string, forename: string, dateOfBirth: string): Promise<string> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      aPartnerReferralBody({ reference, victim: aPartnerVictim({ forename, dateOfBirth }) }),
    ),
  });
  return ((await response.json()) as { caseId: string }).caseId;
}

beforeAll(async () => {
  served = await startServedLocalSystem(RECEIVED);
  children.push(await refer('DSA-2026-0101', 'Rowan', '2011-03-04'));
  children.push(await refer('DSA-2026-0102', 'Kai', '2010-06-30'));
  children.push(await refer('DSA-2026-0103', 'Jude', '2009-12-20')); // 16 on the day
  adult = await refer('DSA-2026-0104', 'Morgan', '1990-01-01');
  closedChild = await refer('DSA-2026-0105', 'Sasha', '2012-02-02');
  await new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName).closeSupport(
    closedChild,
    'caseworker.one',
    RECEIVED,
    { reason: 'declined' },
  );
  served.fresh.clock.set(MONDAY_10AM);
  alex = await new Visitor(served.url).signIn('caseworker.one');
}, 180_000);

afterAll(async () => {
  await served?.close();
});

const sessions = () => new DynamoDbGroupSessions(served.fresh.client, served.fresh.tableName);

const summaryOf = (body: string) =>
  [...(/govuk-error-summary[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(/href="#([^"]+)">([^<]*)</g)].map(
    (m) => [m[1], m[2]],
  );

const SESSION = {
  title: 'Feeling safe online',
  'date-day': '12',
  'date-month': '12',
  'date-year': '2026',
  venue: 'Example Street youth centre',
};

describe("young people's group sessions", () => {
  it('names every bad input, writes nothing, then records the session once with its young people', async () => {
    const list = await alex.get('/group-sessions');
    expect(list.status).toBe(200);
    expect(list.body).toContain('No group sessions have been recorded in the last 12 months.');
    const fields = await alex.formFields('/group-sessions/new', '/group-sessions');

    const empty = await alex.post('/group-sessions', {
      ...fields,
      title: ' ',
      'date-day': '',
      'date-month': '',
      'date-year': '',
      venue: '',
      attendees: '',
    });
    expect(empty.status).toBe(400);
    expect(summaryOf(empty.body)).toEqual([
      ['date-day', 'Enter the date the session was held'],
      ['title', 'Enter the session’s title or theme'],
      ['venue', 'Enter the session’s venue'],
      ['attendees', 'Enter the case reference of each young person who attended'],
    ]);

    const wrong = await alex.post('/group-sessions', {
      ...fields,
      ...SESSION,
      'date-day': '15',
      attendees: `${children[0]}\n${adult}\nVF-NOT-A-CASE`,
    });
    expect(wrong.status).toBe(400);
    expect(summaryOf(wrong.body)).toEqual([
      ['date-day', 'The date the session was held must be today or in the past'],
    ]);
    const refused = await alex.post('/group-sessions', {
      ...fields,
      ...SESSION,
      attendees: `${children[0]}\n${adult}\nVF-NOT-A-CASE`,
    });
    expect(refused.status).toBe(400);
    expect(summaryOf(refused.body)).toEqual([
      ['attendees', `${adult} is not a victim under 18 on the day of the session`],
      ['attendees', 'VF-NOT-A-CASE is not a case reference of this service'],
    ]);
    // What was typed is kept; nothing is written.
    expect(refused.body).toContain('Example Street youth centre');
    expect(await sessions().listHeld('2026-01-01', '2027-01-01')).toEqual([]);

    const form = { ...fields, ...SESSION, attendees: `${children[0]}\n${children[1]?.toLowerCase()}` };
    const recorded = await alex.post('/group-sessions', form);
    expect(recorded.status, recorded.body.slice(0, 300)).toBe(303);
    expect(recorded.location).toBe(`/group-sessions/${fields.idempotencyKey}?saved=session`);
    // Sent again: the same session.
    expect((await alex.post('/group-sessions', form)).location).toBe(recorded.location);
    const held = await sessions().listHeld('2026-12-01', '2027-01-01');
    expect(held).toHaveLength(1);
    expect(held[0]?.attendees.map((a) => a.caseId)).toEqual([children[0], children[1]].sort());

    const page = await alex.get(recorded.location ?? '');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Group session recorded.');
    expect(page.body).toContain('Saturday 12 December 2026');
  });

  it('adds young people to a session once each, refusing a closed or adult case, and puts it on their timelines', async () => {
    const [held] = await sessions().listHeld('2026-12-01', '2027-01-01');
    const session = held?.session as GroupSession;
    const path = `/group-sessions/${session.sessionId}/attendance`;
    const fields = await alex.formFields(`/group-sessions/${session.sessionId}`, path);
    const bad = await alex.post(path, { ...fields, attendees: `${adult}\n${closedChild}\n${children[2]}` });
    expect(bad.status).toBe(400);
    expect(summaryOf(bad.body)).toEqual([
      ['attendees', `${adult} is not a victim under 18 on the day of the session`],
      ['attendees', `${closedChild} is a closed case`],
    ]);
    // Nothing written, not even the one who could attend.
    expect((await sessions().get(session.sessionId))?.attendees).toHaveLength(2);
    const added = await alex.post(path, { ...fields, attendees: `${children[2]}, ${children[0]}` });
    expect(added.status).toBe(303);
    expect((await sessions().get(session.sessionId))?.attendees).toHaveLength(3);

    const timeline = await served.fresh.system.store.timeline(children[0] as string);
    const attended = timeline.filter((e) => e.type === 'group-session-attended');
    expect(attended).toHaveLength(1);
    expect(attended[0]?.detail).toEqual({
      sessionId: session.sessionId,
      date: '2026-12-12',
      by: 'caseworker.one',
    });
    const list = await alex.get('/group-sessions');
    expect(list.body).toContain('Feeling safe online');

    const inputs = await gatherReturnInputs(
      {
        store: served.fresh.system.store,
        support: new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName),
        referrals: served.fresh.system.jobs,
        jobs: served.fresh.system.jobs,
        agencies: new DynamoDbAgencyList(served.fresh.client, served.fresh.tableName),
        groupSessions: sessions(),
      },
      parseQuarter('2026/27-Q3'),
      8_000_000,
      MONDAY_10AM,
    );
    const value = (id: string) => computeReturn(inputs).measures.find((m) => m.id === id)?.value;
    expect(value('young-peoples-group-sessions')).toBe(1);
    expect(value('young-peoples-group-sessions.attendance')).toBe(3);
    // The four children referred in the quarter, the one closed since included.
    expect(value('children-and-young-people.supported')).toBe(4);
  });
});

describe("the young people's needs assessment", () => {
  it('is the form for a victim under 18, its areas named when missing, and kept as the young people’s', async () => {
    const child = children[0] as string;
    const path = `/cases/${child}/assessment?kind=initial`;
    const page = await alex.get(path);
    expect(page.status).toBe(200);
    expect(page.body).toContain('The young people’s form');
    expect(page.body).toContain('Feeling safe');
    expect(page.body).not.toContain('Personal safety');
    const fields = await alex.formFields(path, path);
    const missing = await alex.post(path, { ...fields, 'feeling-safe-score': '2' });
    expect(missing.status).toBe(400);
    expect(summaryOf(missing.body).map(([href]) => href)).toEqual(
      YOUNG_PERSON_AREAS.filter((a) => a !== 'feeling-safe').map((a) => `${a}-score`),
    );
    const scored = Object.fromEntries(YOUNG_PERSON_AREAS.map((a) => [`${a}-score`, '2']));
    // A post with the adults' areas as well is read as the young people's form: the service chooses.
    const adultAreas = Object.fromEntries(NEEDS_AREAS.map((a) => [`${a}-score`, '5']));
    const saved = await alex.post(path, { ...fields, ...adultAreas, ...scored });
    expect(saved.status).toBe(303);
    const support = await new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName).getSupport(
      child,
    );
    expect(support.initial?.form).toBe('young-person');
    expect(Object.keys(support.initial?.assessment ?? {}).sort()).toEqual([...YOUNG_PERSON_AREAS].sort());
    // The closing assessment follows the first one's form.
    expect((await alex.get(`/cases/${child}/assessment?kind=closing`)).body).toContain('Feeling safe');
    // An adult's is the nine areas.
    const adults = await alex.get(`/cases/${adult}/assessment?kind=initial`);
    expect(adults.body).toContain('Personal safety');
    expect(adults.body).not.toContain('Feeling safe');
  });
});
