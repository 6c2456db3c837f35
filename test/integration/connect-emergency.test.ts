import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CallAnswer,
  createConnectEmergency,
} from '../../functions/target-hardening/connect-emergency/connect-emergency.ts';
import { executionArnOf } from '../../local/engine/engine.ts';
import { connectEmergencyEvent, localContext } from '../../local/lambda-events.ts';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import type { TargetHardeningStore } from '../../shared/ports/target-hardening.ts';
import { executionOf } from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  definitionsOnce,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

// The connect function as Amazon Connect's contact flow invokes it, on the local system (DynamoDB Local and
// the engine): the seeded referrers' PINs (local/synthetic/referrers.ts) and referrals made through the store.

/** Tuesday 15 December 2026, 21:30 in Leicester: an emergency call in the evening. */
const EVENING = new Date('2026-12-15T21:30:00Z');
const DSA_PIN = '2468';
const VICTIM_FIRST_PIN = '1357';

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

const sample = () =>
  ThReferralSchema.parse(JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8')));

async function anEmergencyReferral(): Promise<string> {
  fresh = await freshLocalSystem(EVENING);
  const { referral } = await fresh.system.jobs.recordReferral(sample(), EVENING);
  return referral.referralNumber;
}

let contacts = 0;
const call = (pin: string, reference: string, handler = fresh.system.handlers.connectEmergency) =>
  handler(
    connectEmergencyEvent(
      { pin, reference },
      `c0ffee00-0000-4000-8000-${String(++contacts).padStart(12, '0')}`,
    ),
    localContext('connect-emergency', 8000),
  ) as Promise<CallAnswer>;

/** Every answer is the flat map of strings Connect takes back, whatever happened. */
const expectFlat = (answer: CallAnswer) => {
  expect(Object.keys(answer).sort()).toEqual(['jobId', 'message', 'result']);
  for (const value of Object.values(answer)) expect(typeof value).toBe('string');
};

describe('the emergency line', () => {
  it('creates the emergency job, due in 4 hours, starts its workflow and alerts the contractor', async () => {
    const reference = await anEmergencyReferral();

    const answer = await call(DSA_PIN, reference);

    expectFlat(answer);
    expect(answer).toEqual({
      result: 'created',
      message: 'Emergency job TH-1001 created. The contractor has been alerted and will attend by 1:30 am.',
      jobId: 'TH-1001',
    });
    const job = await fresh.system.jobs.getJob('TH-1001');
    expect(job?.kind).toBe('emergency');
    expect(job?.attendBy).toEqual(new Date('2026-12-16T01:30:00Z'));
    const arn = executionArnOf(definitionsOnce().targetHardeningArn, 'TH-1001');
    expect((await executionOf(fresh, arn)).status).toBe('RUNNING');
    await fresh.system.engine.runDue();
    const alerts = await fresh.system.messages.listMessages('TH-1001');
    expect(alerts.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
  });

  it('a repeated call for the same referral reports the job already made and makes no second', async () => {
    const reference = await anEmergencyReferral();
    await call(DSA_PIN, reference);

    const again = await call(DSA_PIN, reference);

    expectFlat(again);
    expect(again.result).toBe('existing');
    expect(again.jobId).toBe('TH-1001');
    expect(again.message).toContain('already has emergency job TH-1001');
    expect((await fresh.system.jobs.listJobs()).map((job) => job.jobId)).toEqual(['TH-1001']);
  });

  it('two calls at once make one job', async () => {
    const reference = await anEmergencyReferral();
    const answers = await Promise.all([call(DSA_PIN, reference), call(DSA_PIN, reference)]);
    expect(answers.map((a) => a.result).sort()).toEqual(['created', 'existing']);
    expect(await fresh.system.jobs.listJobs()).toHaveLength(1);
  });

  it('a wrong PIN is told so and makes nothing', async () => {
    const reference = await anEmergencyReferral();
    for (const pin of ['0000', '12', 'abcd', '']) {
      const answer = await call(pin, reference);
      expectFlat(answer);
      expect(answer).toEqual({ result: 'wrong-pin', message: 'That PIN was not recognised.', jobId: '' });
    }
    expect(await fresh.system.jobs.listJobs()).toEqual([]);
  });

  it('an unknown referral number, or one of another service, is answered as unknown', async () => {
    const reference = await anEmergencyReferral();
    const unknown = await call(DSA_PIN, '999999');
    expect(unknown.result).toBe('unknown-reference');
    expect(unknown.message).toBe(
      'No referral of yours has the number 9 9 9 9 9 9. Please check it and call again.',
    );
    // Victim First's PIN does not open the domestic and sexual abuse service's referral.
    expect((await call(VICTIM_FIRST_PIN, reference)).result).toBe('unknown-reference');
    expect(await fresh.system.jobs.listJobs()).toEqual([]);
  });

  it('a referral number that is not six digits is answered invalid', async () => {
    await anEmergencyReferral();
    const answer = await call(DSA_PIN, '12345#');
    expectFlat(answer);
    expect(answer).toEqual({
      result: 'invalid',
      message: 'A referral number has six digits. Please check it and call again.',
      jobId: '',
    });
  });

  it.each([
    ['no event at all', undefined],
    ['a test event without the flow parameters', { Name: 'ContactFlowEvent', Details: { ContactData: {} } }],
    ['another kind of event', { Records: [{ eventSource: 'aws:s3' }] }],
    [
      'digits that are not strings',
      {
        Name: 'ContactFlowEvent',
        Details: {
          ContactData: { ContactId: 'x', InstanceARN: 'arn' },
          Parameters: { pin: 2468, reference: 100001 },
        },
      },
    ],
  ])('a malformed event (%s) is answered invalid, never thrown', async (_what, event) => {
    fresh = await freshLocalSystem(EVENING);
    const answer = (await fresh.system.handlers.connectEmergency(
      event,
      localContext('connect-emergency', 8000),
    )) as CallAnswer;
    expectFlat(answer);
    expect(answer.result).toBe('invalid');
  });

  it('answers within Connect’s limit when the store is slow: the caller is asked to call again', async () => {
    const reference = await anEmergencyReferral();
    const slow: TargetHardeningStore = Object.create(fresh.system.jobs, {
      referrerByPin: {
        value: async (pin: string) => {
          await new Promise((resolve) => setTimeout(resolve, 3000));
          return fresh.system.jobs.referrerByPin(pin);
        },
      },
    });
    const handler = createConnectEmergency({
      jobs: slow,
      workflows: fresh.system.workflows,
      clock: fresh.clock,
    });
    // A context with 2.5 s left: the answer must come before it runs out.
    const answer = (await handler(
      connectEmergencyEvent({ pin: DSA_PIN, reference }, 'slow-contact'),
      localContext('connect-emergency', 2500),
    )) as CallAnswer;
    expect(answer.result).toBe('error');
    expect(answer.message).toContain('a repeated call never makes a second job');
  });
});
