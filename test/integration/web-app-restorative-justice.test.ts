import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbMhTriageStore, DynamoDbRjProcessStore } from '../../shared/adapters/dynamodb/rj-process.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// Restorative justice as a process and mental health triage through the web app (docs/web-app.md): the
// offer, a team leader's exception decision raised as a task, the stages in order, a referral to the mental
// health nurses and the nurse's outcome; bad input refused naming the field with nothing written, and the
// same form sent twice recorded once.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await served?.close();
});

async function aCase(reference: string, offence: string): Promise<string> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody({ reference, offence })),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { caseId: string }).caseId;
}

const ACCEPTED = {
  result: 'accepted',
  victimInitiated: 'yes',
  offenderAdmitted: 'yes',
  type: 'shuttle-mediation',
  facilitator: 'caseworker.one',
};

/** Sends the page's own form (its csrf and key) with these fields; `fields` again re-sends the same form. */
async function formOf(who: Visitor, path: string) {
  const fields = await who.formFields(path, path);
  return { fields, send: (form: Record<string, string>) => who.post(path, { ...fields, ...form }) };
}

describe('restorative justice as a process', () => {
  it('goes ahead at once for a burglary: the offer once per form, stages in order, refused input writing nothing', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase('DSA-2026-0971', 'burglary-residential');
    const casePath = `/cases/${caseId}`;
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const rj = new DynamoDbRjProcessStore(served.fresh.client, served.fresh.tableName);

    // No admission, not appropriate without a reason, a facilitator not RJ-trained: each named, nothing kept.
    const offer = await formOf(alex, `${casePath}/restorative-justice`);
    const bad = await offer.send({ ...ACCEPTED, offenderAdmitted: 'no', facilitator: 'caseworker.two' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('href="#offenderAdmitted">Restorative justice can be offered only when');
    expect(bad.body).toContain('href="#facilitator">Choose the facilitator from the caseworkers trained');
    expect(bad.body).toMatch(/name="type" type="radio" value="shuttle-mediation" checked/);
    const noReason = await offer.send({
      result: 'not-appropriate',
      victimInitiated: 'no',
      offenderAdmitted: 'no',
    });
    expect(noReason.body).toContain('href="#reason">Say why restorative justice is not appropriate');
    expect(await rj.get(caseId)).toBeUndefined();

    // The same form sent twice: one offer, one timeline event, no task (a burglary needs no exception).
    expect((await offer.send(ACCEPTED)).location).toBe(`${casePath}/support?saved=rj`);
    expect((await offer.send(ACCEPTED)).location).toBe(`${casePath}/support?saved=rj`);
    const another = await formOf(alex, `${casePath}/restorative-justice`).catch(() => undefined);
    expect(another).toBeUndefined(); // the page now says it is recorded already, with no form
    const timeline = await served.fresh.system.store.timeline(caseId);
    expect(timeline.filter((e) => e.type === 'rj-offer-recorded')).toHaveLength(1);
    expect(await served.fresh.system.tasks.listForCase(caseId)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ type: 'rj-exception-decision' })]),
    );
    const support = (await alex.get(`${casePath}/support`)).body;
    expect(support).toContain('Shuttle mediation');
    expect(support).toContain('Alex Example');

    // Stages: only the next in order (or the outcome) is offered; a skipped one is refused naming the field.
    const first = await formOf(alex, `${casePath}/restorative-justice-stage`);
    const skipped = await first.send({ stage: 'contact' });
    expect(skipped.status).toBe(400);
    expect(skipped.body).toContain('href="#stage">Choose the stage reached');
    expect((await first.send({ stage: 'preparation' })).location).toBe(`${casePath}/support?saved=rj-stage`);
    expect((await first.send({ stage: 'preparation' })).location).toBe(`${casePath}/support?saved=rj-stage`);
    for (const stage of ['risk-assessment', 'contact'])
      await (await formOf(alex, `${casePath}/restorative-justice-stage`)).send({ stage });
    const last = await formOf(alex, `${casePath}/restorative-justice-stage`);
    expect((await last.send({ stage: 'outcome' })).body).toContain('href="#outcome">Choose the outcome');
    await last.send({ stage: 'outcome', outcome: 'agreement-reached' });

    expect((await rj.get(caseId))?.stages.map((s) => [s.stage, s.outcome])).toEqual([
      ['preparation', undefined],
      ['risk-assessment', undefined],
      ['contact', undefined],
      ['outcome', 'agreement-reached'],
    ]);
    const events = await served.fresh.system.store.timeline(caseId);
    expect(events.filter((e) => e.type === 'rj-stage-recorded')).toHaveLength(4);
    expect((await alex.get(`${casePath}/restorative-justice-stage`)).body).toContain(
      'No stage can be recorded',
    );
  });

  it("raises a team leader's task for domestic abuse; the decision needs all three criteria, one not met is not approved", async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase('DSA-2026-0972', 'domestic-abuse');
    const casePath = `/cases/${caseId}`;
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const jo = await new Visitor(served.url).signIn('team.leader');
    await (await formOf(alex, `${casePath}/restorative-justice`)).send(ACCEPTED);

    const taskId = `${caseId}.rj-exception-decision.1`;
    const task = await served.fresh.system.tasks.getTask(taskId);
    expect(task).toMatchObject({ queue: 'team-leaders', status: 'open', type: 'rj-exception-decision' });
    // The task page links to the decision page; its own completion is refused for its input.
    const taskPage = (await jo.get(`/tasks/${encodeURIComponent(taskId)}`)).body;
    expect(taskPage).toContain(`href="${casePath}/restorative-justice-decision"`);
    const csrf = await jo.csrf(`/tasks/${encodeURIComponent(taskId)}`);
    const direct = await jo.post(`/tasks/${encodeURIComponent(taskId)}/complete`, {
      csrf,
      outcome: 'approved',
    });
    expect(direct.status).toBe(400);
    expect((await served.fresh.system.tasks.getTask(taskId))?.status).toBe('open');
    // A caseworker neither decides nor records a stage before the decision.
    expect((await alex.get(`${casePath}/restorative-justice-decision`)).status).toBe(403);
    expect((await alex.get(`${casePath}/restorative-justice-stage`)).body).toContain(
      'No stage can be recorded',
    );

    const decision = await formOf(jo, `${casePath}/restorative-justice-decision`);
    const none = await decision.send({});
    expect(none.status).toBe(400);
    for (const [field, text] of [
      ['clear-benefit', 'Say whether there is a clear benefit to the victim'],
      ['no-harm', 'Say whether there is no risk of harm to any participant'],
      ['experienced-facilitator', 'Say whether there is an experienced facilitator'],
      ['clear-benefit-reason', 'Give the reason for your answer on a clear benefit to the victim'],
    ])
      expect(none.body).toContain(`href="#${field}">${text}`);
    const notMet = {
      'clear-benefit': 'yes',
      'clear-benefit-reason': 'The victim asked for it',
      'no-harm': 'no',
      'no-harm-reason': 'Contact could restart the abuse',
      'experienced-facilitator': 'yes',
      'experienced-facilitator-reason': 'Alex is trained',
    };
    expect((await decision.send(notMet)).location).toBe(`${casePath}/support?saved=rj-decision`);
    // Sent again: recorded once. A different answer later is refused.
    expect((await decision.send(notMet)).location).toBe(`${casePath}/support?saved=rj-decision`);
    expect((await decision.send({ ...notMet, 'no-harm': 'yes' })).status).toBe(409);

    const process = await new DynamoDbRjProcessStore(served.fresh.client, served.fresh.tableName).get(caseId);
    expect(process?.exception?.decision).toMatchObject({ approved: false, by: 'team.leader' });
    expect((await served.fresh.system.tasks.getTask(taskId))?.status).toBe('completed');
    const events = await served.fresh.system.store.timeline(caseId);
    expect(events.filter((e) => e.type === 'rj-exception-decided')).toHaveLength(1);
    expect((await jo.get(`${casePath}/support`)).body).toContain('Not approved by team.leader');
    expect((await alex.get(`${casePath}/restorative-justice-stage`)).body).toContain(
      'No stage can be recorded',
    );
  });
});

describe('mental health triage', () => {
  it('refers to the nurses once per form, refuses bad input, and keeps the first triage outcome', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase('DSA-2026-0973', 'violence-with-injury');
    const casePath = `/cases/${caseId}`;
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const triage = new DynamoDbMhTriageStore(served.fresh.client, served.fresh.tableName);

    expect((await alex.get(`${casePath}/support`)).body).toContain(`href="${casePath}/mental-health-triage"`);
    const refer = await formOf(alex, `${casePath}/mental-health-triage`);
    const bad = await refer.send({ reason: 'trauma-symptoms' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('href="#urgency">Say whether the referral is urgent');
    expect(bad.body).toMatch(/name="reason" type="radio" value="trauma-symptoms" checked/);
    expect(await triage.listForCase(caseId)).toEqual([]);

    const good = { reason: 'trauma-symptoms', urgency: 'urgent' };
    expect((await refer.send(good)).location).toBe(`${casePath}/support?saved=mh-triage`);
    expect((await refer.send(good)).location).toBe(`${casePath}/support?saved=mh-triage`);
    const [referral, ...more] = await triage.listForCase(caseId);
    expect(more).toEqual([]);
    const outcomePath = `${casePath}/mental-health-triage/${referral?.referralId}`;
    expect((await alex.get(`${casePath}/support`)).body).toContain(`href="${outcomePath}"`);

    const outcome = await formOf(alex, outcomePath);
    const none = await outcome.send({ outcome: 'cured' });
    expect(none.status).toBe(400);
    expect(none.body).toContain('href="#outcome">Choose the nurse&#39;s triage outcome');
    expect((await outcome.send({ outcome: 'referred-to-secondary-care' })).status).toBe(303);
    await outcome.send({ outcome: 'did-not-attend' });
    expect((await triage.get(caseId, referral?.referralId ?? ''))?.triage?.outcome).toBe(
      'referred-to-secondary-care',
    );
    expect((await alex.get(`${casePath}/mental-health-triage/not-a-referral`)).status).toBe(404);
    const events = await served.fresh.system.store.timeline(caseId);
    expect(events.filter((e) => e.type === 'mh-triage-referred')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'mh-triage-outcome')).toHaveLength(1);
    expect((await alex.get(`${casePath}/support`)).body).toContain(
      'Referred to secondary mental health care',
    );
  });
});
