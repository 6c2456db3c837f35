import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskIdFor } from '../../shared/domain/task.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// Volunteers (docs/web-app.md, "Volunteers"), on the served local system: a team leader assigns a volunteer
// to a case in support for over a month (refused, with the error summary, before the month is out and on a
// closed case), once however often the form is sent; the volunteer sees that case's overview and contacts
// and logs a contact on it, and is refused every other case and every other page, each refusal on a case
// audited on it; ending the assignment takes the case away from them.

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const DAY = 86_400_000;

let served: ServedLocalSystem;
const ids = { assigned: '', other: '' };
const people = {} as Record<'jo' | 'alex' | 'val', Visitor>;

async function aCase(reference: string): Promise<string> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody({ reference })),
  });
  return ((await response.json()) as { caseId: string }).caseId;
}

/** Runs the engine until the check holds (or gives up, and the test's own assertion says why). */
async function runUntil(check: () => Promise<boolean>) {
  for (let tries = 0; tries < 200 && !(await check()); tries++) await served.fresh.system.engine.runDue();
}

/** First contact leads to further support and the needs assessment is booked: the path ends, support begins. */
async function intoFurtherSupport(caseId: string, alex: Visitor) {
  const { tasks } = served.fresh.system;
  const call = taskIdFor(caseId, 'call-attempt', 1);
  await runUntil(async () => (await tasks.getTask(call)) !== undefined);
  const callPath = `/tasks/${encodeURIComponent(call)}`;
  const spoke = await alex.post(`${callPath}/complete`, {
    csrf: await alex.csrf(callPath),
    outcome: 'spoke-to-victim',
    firstContact: 'further-support',
  });
  expect(spoke.status).toBe(303);
  const booking = taskIdFor(caseId, 'book-needs-assessment', 1);
  await runUntil(async () => (await tasks.getTask(booking)) !== undefined);
  const bookingPath = `/tasks/${encodeURIComponent(booking)}`;
  const booked = await alex.post(`${bookingPath}/complete`, {
    csrf: await alex.csrf(bookingPath),
    'appointment-day': '17',
    'appointment-month': '12',
    'appointment-year': '2026',
    appointmentTime: '14:00',
  });
  expect(booked.status).toBe(303);
  await runUntil(async () => (await served.fresh.system.owners.getOwner(caseId)) !== undefined);
}

const volunteersPath = (caseId: string) => `/cases/${caseId}/volunteers`;
const assign = async (who: Visitor, caseId: string, fields: Record<string, string>) =>
  who.post(volunteersPath(caseId), {
    ...(await who.formFields(volunteersPath(caseId), volunteersPath(caseId))),
    ...fields,
  });

/** The error summary's links: each field's anchor and what it says. */
const summaryOf = (body: string) =>
  [...(/govuk-error-summary[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(/href="#([^"]+)">([^<]*)</g)].map(
    (m) => [m[1], m[2]],
  );

const auditOf = async (caseId: string) =>
  (await served.fresh.system.audit.forCase(caseId, { limit: 200 })).entries;

beforeAll(async () => {
  definitionsOnce();
  served = await startServedLocalSystem(TUESDAY_10AM);
  ids.assigned = await aCase('DSA-2026-2201');
  ids.other = await aCase('DSA-2026-2202');
  // Both cases go into further support today.
  const alex = await new Visitor(served.url).signIn('caseworker.one');
  for (const caseId of [ids.assigned, ids.other]) await intoFurtherSupport(caseId, alex);
}, 180_000);

/** Moves the clock on to `days` after the cases arrived, and signs everyone in then (sessions time out). */
async function daysLater(days: number) {
  served.fresh.clock.set(new Date(TUESDAY_10AM.getTime() + days * DAY));
  people.jo = await new Visitor(served.url).signIn('team.leader');
  people.alex = await new Visitor(served.url).signIn('caseworker.one');
  people.val = await new Visitor(served.url).signIn('volunteer.one');
}

afterAll(async () => {
  await served?.close();
});

describe('volunteers', () => {
  it('refuses to assign a volunteer to a case in support for less than a month, naming why, nothing written', async () => {
    await daysLater(20);
    const page = await people.jo.get(volunteersPath(ids.assigned));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Val Volunteer');

    const refused = await assign(people.jo, ids.assigned, { volunteer: 'volunteer.one' });

    expect(refused.status).toBe(400);
    expect(summaryOf(refused.body)).toEqual([
      ['volunteer', 'The case has been in support for less than a month: a volunteer takes on a longer case'],
    ]);
    expect(await served.fresh.system.volunteers.forCase(ids.assigned)).toEqual([]);
  });

  it('assigns the volunteer once a month has passed, once however often the form is sent, audited and on the timeline', async () => {
    await daysLater(34);
    const fields = await people.jo.formFields(volunteersPath(ids.assigned), volunteersPath(ids.assigned));
    const nobody = await people.jo.post(volunteersPath(ids.assigned), fields);
    expect(nobody.status).toBe(400);
    expect(summaryOf(nobody.body)).toEqual([['volunteer', 'Choose a volunteer']]);

    const first = await people.jo.post(volunteersPath(ids.assigned), {
      ...fields,
      volunteer: 'volunteer.one',
    });
    const again = await people.jo.post(volunteersPath(ids.assigned), {
      ...fields,
      volunteer: 'volunteer.one',
    });

    expect(first.status, summaryOf(first.body).join(' | ')).toBe(303);
    expect(again.status).toBe(303);
    expect(await served.fresh.system.volunteers.forCase(ids.assigned)).toEqual([
      expect.objectContaining({ volunteer: 'volunteer.one', by: 'team.leader' }),
    ]);
    const timeline = await served.fresh.system.store.timeline(ids.assigned);
    expect(timeline.filter((e) => e.type === 'volunteer-assigned')).toEqual([
      expect.objectContaining({ detail: { volunteer: 'volunteer.one', by: 'team.leader' } }),
    ]);
    expect((await auditOf(ids.assigned)).filter((e) => e.what === 'volunteer:assign')).toHaveLength(1);
    const shown = await people.jo.get(volunteersPath(ids.assigned));
    expect(shown.body).toContain('Assigned now');
    expect(shown.body).toContain('End assignment');
  });

  it('refuses a closed case with the error summary, and a caseworker the volunteers page', async () => {
    const closePath = `/cases/${ids.other}/close`;
    const closed = await people.alex.post(closePath, {
      ...(await people.alex.formFields(closePath, closePath)),
      reason: 'moved-away',
    });
    expect(closed.status).toBe(303);

    const refused = await assign(people.jo, ids.other, { volunteer: 'volunteer.one' });

    expect(refused.status).toBe(400);
    expect(summaryOf(refused.body)).toEqual([
      ['volunteer', 'The case is closed: a volunteer cannot be assigned to it'],
    ]);
    expect((await people.alex.get(volunteersPath(ids.assigned))).status).toBe(403);
    expect(await served.fresh.system.volunteers.forCase(ids.other)).toEqual([]);
  });

  it('lets the volunteer see their case in My cases, open its overview and contacts, and log a contact', async () => {
    const home = await people.val.get('/');
    expect(home.location).toBe('/cases/mine');
    const mine = await people.val.get('/cases/mine');
    expect(mine.status).toBe(200);
    expect(mine.body).toContain(ids.assigned);
    expect(mine.body).not.toContain(ids.other);
    // Their navigation: My cases only.
    expect(mine.body).toContain('href="/cases/mine"');
    expect(mine.body).not.toContain('href="/tasks');

    const overview = await people.val.get(`/cases/${ids.assigned}`);
    expect(overview.status).toBe(200);
    expect(overview.body).toContain('Ada');
    expect(overview.body).toContain(`href="/cases/${ids.assigned}/contacts"`);
    expect(overview.body).not.toContain(`href="/cases/${ids.assigned}/timeline"`);
    expect(overview.body).not.toContain('Open tasks');

    const contactsPath = `/cases/${ids.assigned}/contacts`;
    expect((await people.val.get(contactsPath)).status).toBe(200);
    const logged = await people.val.post(contactsPath, {
      ...(await people.val.formFields(`${contactsPath}/new`, contactsPath)),
      'date-day': '18',
      'date-month': '1',
      'date-year': '2027',
      time: '09:30',
      channel: 'telephone',
      direction: 'to-victim',
      'support-emotional-support': 'yes',
      durationMinutes: '25',
      notes: 'Weekly call.',
    });
    expect(logged.status).toBe(303);
    const contacts = await served.fresh.system.store.timeline(ids.assigned);
    expect(contacts.filter((e) => e.type === 'contact-logged')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ by: 'volunteer.one' }) }),
    ]);
  });

  it('refuses the volunteer every other case and page, auditing each refusal on a case', async () => {
    for (const path of [
      `/cases/${ids.other}`,
      `/cases/${ids.other}/contacts`,
      `/cases/${ids.other}/contacts/new`,
      `/cases/${ids.assigned}/support`,
      `/cases/${ids.assigned}/timeline`,
      `/cases/${ids.assigned}/milestones`,
      `/cases/${ids.assigned}/volunteers`,
      '/tasks',
      '/cases',
      '/caseloads',
      '/returns',
      '/jobs',
      '/agencies',
      '/outbox',
    ]) {
      const response = await people.val.get(path);
      expect(response.status, path).toBe(403);
      expect(response.body, path).not.toContain('Example Street');
    }
    const post = await people.val.post(`/cases/${ids.other}/contacts`, {
      csrf: await people.val.csrf('/cases/mine'),
    });
    expect(post.status).toBe(403);
    const refusedOnOther = (await auditOf(ids.other)).filter(
      (e) => e.user === 'volunteer.one' && e.action === 'refused',
    );
    expect(refusedOnOther.length).toBeGreaterThanOrEqual(4);
    expect(
      (await auditOf(ids.assigned)).some((e) => e.user === 'volunteer.one' && e.action === 'viewed'),
    ).toBe(true);
  });

  it('ends the assignment once: the volunteer no longer opens the case', async () => {
    const [assignment] = await served.fresh.system.volunteers.forCase(ids.assigned);
    const form = {
      csrf: await people.jo.csrf(volunteersPath(ids.assigned)),
      volunteer: 'volunteer.one',
      assignment: assignment?.assignmentId ?? '',
    };
    const first = await people.jo.post(`${volunteersPath(ids.assigned)}/unassign`, form);
    const again = await people.jo.post(`${volunteersPath(ids.assigned)}/unassign`, form);

    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect((await people.val.get(`/cases/${ids.assigned}`)).status).toBe(403);
    expect((await people.val.get('/cases/mine')).body).not.toContain(ids.assigned);
    const timeline = await served.fresh.system.store.timeline(ids.assigned);
    expect(timeline.filter((e) => e.type === 'volunteer-unassigned')).toHaveLength(1);
    expect((await auditOf(ids.assigned)).filter((e) => e.what === 'volunteer:unassign')).toHaveLength(1);
    const wrong = await people.jo.post(`${volunteersPath(ids.assigned)}/unassign`, {
      ...form,
      assignment: 'not-one',
    });
    expect(wrong.status).toBe(404);
  });

  it('ends the assignment when the case is closed: the volunteer no longer opens it', async () => {
    const again = await assign(people.jo, ids.assigned, { volunteer: 'volunteer.one' });
    expect(again.status).toBe(303);
    expect((await people.val.get(`/cases/${ids.assigned}`)).status).toBe(200);

    const closePath = `/cases/${ids.assigned}/close`;
    const closeForm = {
      ...(await people.alex.formFields(closePath, closePath)),
      reason: 'moved-away',
    };
    expect((await people.alex.post(closePath, closeForm)).status).toBe(303);
    // The same form sent again ends nothing more.
    expect((await people.alex.post(closePath, closeForm)).status).toBe(303);

    expect((await people.val.get(`/cases/${ids.assigned}`)).status).toBe(403);
    expect((await people.val.get('/cases/mine')).body).not.toContain(ids.assigned);
    expect(await served.fresh.system.volunteers.forCase(ids.assigned)).toEqual([]);
    const ended = (await served.fresh.system.store.timeline(ids.assigned)).filter(
      (e) => e.type === 'volunteer-unassigned',
    );
    expect(ended).toHaveLength(2);
    // The team leader's earlier ending and the closure's may share an instant on the still clock: find it by who.
    expect(ended.map((e) => e.detail)).toContainEqual({ volunteer: 'volunteer.one', by: 'caseworker.one' });
  });
});
