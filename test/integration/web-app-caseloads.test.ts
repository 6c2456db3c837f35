import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskIdFor } from '../../shared/domain/task.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// Every case has an owner (docs/service-rules.md, "Allocation"), on the served local system: a contact path
// ending in further support lists the case as waiting; a team leader allocates it (the suggestion taken),
// the caseworker sees it in My cases, the team leader moves it with a reason (refused without one), and the
// caseloads page counts each caseworker's open cases and tasks. Other roles are refused.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const HOUR = 3_600_000;

let served: ServedLocalSystem;
let caseId = '';
const people = {} as Record<'jo' | 'alex' | 'sam' | 'kit' | 'chris' | 'pat' | 'robin', Visitor>;

/** Runs the engine until the check holds (or gives up, and the test's own assertion says why). */
async function runUntil(check: () => Promise<boolean>) {
  for (let tries = 0; tries < 200 && !(await check()); tries++) await served.fresh.system.engine.runDue();
}

/** The numbers in a caseworker's row of the caseloads page: open cases, open tasks, overdue tasks. */
function countsOf(body: string, user: string): number[] {
  const row = new RegExp(`<tr[^>]*data-caseworker="${user.replace('.', '\\.')}"[^>]*>([\\s\\S]*?)</tr>`).exec(
    body,
  )?.[1];
  return [...(row ?? '').matchAll(/>(\d+)<span class="govuk-visually-hidden">/g)].map((m) => Number(m[1]));
}

beforeAll(async () => {
  definitionsOnce();
  served = await startServedLocalSystem(TUESDAY_10AM);
  const signedIn = async (user: string) => new Visitor(served.url).signIn(user);
  people.jo = await signedIn('team.leader');
  people.alex = await signedIn('caseworker.one');
  people.sam = await signedIn('caseworker.two');
  people.kit = await signedIn('caseworker.three');
  people.chris = await signedIn('contractor.one');
  people.pat = await signedIn('analyst.one');
  people.robin = await signedIn('admin.one');

  // A victim in Melton who asked for a caseworker of the same sex.
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      aPartnerReferralBody({
        reference: 'DSA-2026-1101',
        npa: 'melton',
        equality: { sex: 'female', caseworkerMatch: ['sex'] },
      }),
    ),
  });
  caseId = ((await response.json()) as { caseId: string }).caseId;
  const { tasks } = served.fresh.system;
  const call = taskIdFor(caseId, 'call-attempt', 1);
  await runUntil(async () => (await tasks.getTask(call)) !== undefined);

  // First contact leads to further support, and the needs assessment is booked: the path ends.
  const callPath = `/tasks/${encodeURIComponent(call)}`;
  const spoke = await people.alex.post(`${callPath}/complete`, {
    csrf: await people.alex.csrf(callPath),
    outcome: 'spoke-to-victim',
    firstContact: 'further-support',
  });
  expect(spoke.status).toBe(303);
  const booking = taskIdFor(caseId, 'book-needs-assessment', 1);
  await runUntil(async () => (await tasks.getTask(booking)) !== undefined);
  const bookingPath = `/tasks/${encodeURIComponent(booking)}`;
  const booked = await people.alex.post(`${bookingPath}/complete`, {
    csrf: await people.alex.csrf(bookingPath),
    'appointment-day': '17',
    'appointment-month': '12',
    'appointment-year': '2026',
    appointmentTime: '14:00',
  });
  expect(booked.status).toBe(303);
  await runUntil(async () => (await served.fresh.system.owners.getOwner(caseId)) !== undefined);
}, 180_000);

afterAll(async () => {
  await served?.close();
});

describe('every case has an owner', () => {
  const allocationPath = () => `/cases/${caseId}/allocation`;
  const send = async (who: Visitor, fields: Record<string, string>) =>
    who.post(allocationPath(), {
      ...(await who.formFields(allocationPath(), allocationPath())),
      ...fields,
    });

  it('lists a case whose contact path ended in further support as waiting for allocation', async () => {
    expect(await served.fresh.system.owners.getOwner(caseId)).toMatchObject({ caseId, allocations: 0 });
    const page = await people.jo.get('/caseloads');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Waiting for allocation (1)');
    expect(page.body).toContain(`href="/cases/${caseId}/allocation"`);
    expect(page.body).toContain('href="/caseloads"');
    // Nobody owns it yet.
    expect(countsOf(page.body, 'caseworker.two')).toEqual([0, 0, 0]);
    expect((await people.sam.get('/cases/mine')).body).not.toContain(caseId);
  });

  it('lets the team leader allocate it, taking the suggestion, and the caseworker sees it in My cases', async () => {
    const page = await people.jo.get(allocationPath());
    expect(page.status).toBe(200);
    expect(page.body).toContain('Allocate the case');
    // Sam covers Melton and recorded the answer the victim asked to be matched on: first, and said why.
    const suggested =
      /<label[^>]*for="to"[^>]*>\s*([^<]+?)\s*<\/label>\s*<div[^>]*>\s*([^<]+?)\s*<\/div>/.exec(page.body);
    expect(suggested?.[1]).toBe('Sam Sample (suggested)');
    expect(suggested?.[2]).toBe('Same sex as the victim asked for, covers Melton, 0 open cases');
    expect(page.body).not.toContain('Why is the case moving');

    const nobody = await send(people.jo, {});
    expect(nobody.status).toBe(400);
    expect(nobody.body).toContain('There is a problem');
    expect(nobody.body).toContain('href="#to"');

    const allocated = await send(people.jo, { to: 'caseworker.two' });
    expect(allocated.status).toBe(303);
    expect(allocated.location).toBe(`/caseloads?allocated=${caseId}&to=caseworker.two`);
    const after = await people.jo.get(allocated.location as string);
    expect(after.body).toContain(`Case ${caseId} allocated to Sam Sample.`);
    expect(after.body).toContain('Waiting for allocation (0)');
    expect(countsOf(after.body, 'caseworker.two')).toEqual([1, 0, 0]);

    const mine = await people.sam.get('/cases/mine');
    expect(mine.status).toBe(200);
    expect(mine.body).toContain(`href="/cases/${caseId}"`);
    expect(mine.body).toContain('Ada Example');
    expect(mine.body).toContain('Today');
    expect(mine.body).toContain('href="/cases/mine"');
    expect((await people.alex.get('/cases/mine')).body).not.toContain(caseId);

    const [allocation] = await served.fresh.system.owners.allocations(caseId);
    expect(allocation).toMatchObject({ n: 1, to: 'caseworker.two', by: 'team.leader', suggested: true });
    const events = (await served.fresh.system.store.timeline(caseId)).filter(
      (e) => e.type === 'case-allocated',
    );
    expect(events.map((e) => e.detail)).toEqual([
      { to: 'caseworker.two', by: 'team.leader', reason: 'none', suggested: true },
    ]);
  });

  it("shows each open case's next task and when it is due, and counts the caseworker's open and overdue tasks", async () => {
    const { tasks } = served.fresh.system;
    const now = served.fresh.clock.now();
    for (const [type, due] of [
      ['plan-review', new Date(now.getTime() + 26 * HOUR)],
      ['onward-referral', new Date(now.getTime() - 2 * HOUR)],
    ] as const) {
      const taskId = taskIdFor(caseId, type, 1);
      await tasks.createTask({
        taskId,
        caseId,
        type,
        queue: 'caseworkers',
        priority: 2,
        due,
        attempt: 1,
        token: `caseloads-token-${type}`,
        createdAt: now,
      });
      await tasks.assign(taskId, 'caseworker.two', now);
    }

    const mine = (await people.sam.get('/cases/mine')).body;
    expect(mine).toContain(`href="/tasks/${encodeURIComponent(taskIdFor(caseId, 'onward-referral', 1))}"`);
    expect(mine).toContain('overdue by 2 hours');

    const caseloads = await people.jo.get('/caseloads');
    expect(countsOf(caseloads.body, 'caseworker.two')).toEqual([1, 2, 1]);
    expect(countsOf(caseloads.body, 'caseworker.one')).toEqual([0, 0, 0]);
    const overdue = await people.jo.get('/caseloads/caseworker.two?tasks=overdue');
    expect(overdue.status).toBe(200);
    expect(overdue.body).toContain('Overdue tasks assigned to Sam Sample (1)');
    expect(overdue.body).toContain('Ada Example');
    expect((await people.jo.get('/caseloads/nobody.here')).status).toBe(404);
  });

  it('moves the case to another caseworker only with a reason, keeping the reason off the timeline', async () => {
    const page = await people.jo.get(allocationPath());
    expect(page.body).toContain('Reallocate the case');
    expect(page.body).toContain('Why is the case moving to another caseworker?');
    expect(page.body).toContain('Sam Sample (has the case now)');

    const withoutReason = await send(people.jo, { to: 'caseworker.one' });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body).toContain('href="#reason"');
    expect(withoutReason.body).toContain('Enter why the case is moving to another caseworker');
    const toTheSame = await send(people.jo, { to: 'caseworker.two', reason: 'No change' });
    expect(toTheSame.status).toBe(400);
    expect(toTheSame.body).toContain('href="#to"');
    expect((await served.fresh.system.owners.getOwner(caseId))?.owner).toBe('caseworker.two');
    expect(await served.fresh.system.owners.allocations(caseId)).toHaveLength(1);

    const fields = await people.jo.formFields(allocationPath(), allocationPath());
    const form = { ...fields, to: 'caseworker.one', reason: 'Sam is on long-term leave' };
    const moved = await people.jo.post(allocationPath(), form);
    expect(moved.status).toBe(303);
    // The same form sent again (a double click) allocates once.
    expect((await people.jo.post(allocationPath(), form)).status).toBe(303);
    // The same page's form sent for someone else now meets an allocation already made.
    const stale = await people.jo.post(allocationPath(), { ...form, to: 'caseworker.three' });
    expect(stale.status).toBe(409);
    expect(stale.body).toContain('Someone else allocated this case');

    const allocations = await served.fresh.system.owners.allocations(caseId);
    expect(allocations.map((a) => [a.n, a.to, a.from, a.reason])).toEqual([
      [1, 'caseworker.two', undefined, undefined],
      [2, 'caseworker.one', 'caseworker.two', 'Sam is on long-term leave'],
    ]);
    const events = (await served.fresh.system.store.timeline(caseId)).filter(
      (e) => e.type === 'case-allocated',
    );
    expect(events.map((e) => [e.eventId, e.detail.to, e.detail.reason])).toEqual([
      ['allocation.1', 'caseworker.two', 'none'],
      ['allocation.2', 'caseworker.one', 'reallocated'],
    ]);
    expect(JSON.stringify(events)).not.toContain('leave');

    expect((await people.alex.get('/cases/mine')).body).toContain(`href="/cases/${caseId}"`);
    expect((await people.sam.get('/cases/mine')).body).not.toContain(`href="/cases/${caseId}"`);
    const caseloads = await people.jo.get('/caseloads');
    expect(countsOf(caseloads.body, 'caseworker.one')).toEqual([1, 0, 0]);
    // Sam keeps the tasks assigned to Sam.
    expect(countsOf(caseloads.body, 'caseworker.two')).toEqual([0, 2, 1]);
    const history = (await people.jo.get(allocationPath())).body;
    expect(history).toContain('Sam is on long-term leave');
  });

  it('audits the allocations and each case a caseworker sees listed', async () => {
    const entries = (await served.fresh.system.audit.forCase(caseId, { limit: 200 })).entries;
    const lines = entries.map((e) => `${e.user} ${e.action} ${e.what}`);
    expect(lines.filter((l) => l === 'team.leader changed case:allocate')).toHaveLength(2);
    expect(entries.filter((e) => e.what === 'case:allocate').map((e) => e.entryId)).toEqual(
      expect.arrayContaining(['allocation.1', 'allocation.2']),
    );
    expect(lines).toContain('team.leader viewed allocation');
    expect(lines).toContain('caseworker.two viewed caseload');
    expect(lines).toContain('team.leader viewed caseload');
  });

  it('refuses the caseloads and allocation to everyone but team leaders, and My cases to those who work no case', async () => {
    const path = allocationPath();
    for (const who of [people.alex, people.chris, people.pat, people.robin]) {
      expect((await who.get('/caseloads')).status).toBe(403);
      expect((await who.get('/caseloads/caseworker.two')).status).toBe(403);
      expect((await who.get(path)).status).toBe(403);
    }
    const refused = await people.alex.get(path);
    expect(refused.body).toContain('Allocating cases and the caseworkers’ caseloads are for team leaders.');
    const csrf = await people.alex.csrf('/cases/mine');
    expect((await people.alex.post(path, { csrf, allocation: '3', to: 'caseworker.one' })).status).toBe(403);
    for (const who of [people.chris, people.pat, people.robin])
      expect((await who.get('/cases/mine')).status).toBe(403);
    expect((await served.fresh.system.owners.allocations(caseId)).map((a) => a.n)).toEqual([1, 2]);
    const lines = (await served.fresh.system.audit.forCase(caseId, { limit: 200 })).entries.map(
      (e) => `${e.user} ${e.action} ${e.what}`,
    );
    expect(lines).toContain('caseworker.one refused case');
    expect(lines).toContain('contractor.one refused case');
  });
});
