import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  type CallAnswer,
  createConnectEmergency,
} from '../../functions/target-hardening/connect-emergency/connect-emergency.ts';
import { executionArnOf } from '../../local/engine/engine.ts';
import { connectEmergencyEvent, localContext } from '../../local/lambda-events.ts';
import { DynamoDbPinAttempts } from '../../shared/adapters/dynamodb/pin-attempts.ts';
import { PIN_LOCKOUT } from '../../shared/domain/referrer-pin.ts';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import type { TargetHardeningStores } from '../../shared/ports/target-hardening.ts';
import { executionOf } from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  definitionsOnce,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

// The connect function as Amazon Connect's contact flow invokes it, on the local system (DynamoDB Local and
// the engine): the seeded referrers' numbers and PINs (local/synthetic/referrers.ts) and referrals made
// through the store.

/** Tuesday 15 December 2026, 21:30 in Leicester: an emergency call in the evening. */
const EVENING = new Date('2026-12-15T21:30:00Z');
const DSA = { referrer: '300001', pin: '246813' };
const VICTIM_FIRST = { referrer: '300002', pin: '135792' };
const CALLER = '+447700900000';
const NOT_RECOGNISED = {
  result: 'wrong-pin',
  message: 'That referrer number and PIN were not recognised.',
  jobId: '',
};
const REFUSED = {
  result: 'refused',
  message:
    'Sorry, this line cannot take your call just now: too many referrer numbers or PINs were not recognised. Please phone Victim First on the normal number.',
  jobId: '',
};

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
const call = (
  keyed: { referrer: string; pin: string },
  reference: string,
  from: string | null = CALLER,
  handler = fresh.system.handlers.connectEmergency,
) =>
  handler(
    connectEmergencyEvent(
      { ...keyed, reference },
      `c0ffee00-0000-4000-8000-${String(++contacts).padStart(12, '0')}`,
      from,
    ),
    localContext('connect-emergency', 8000),
  ) as Promise<CallAnswer>;
const wrongPin = (n: number) => ({ referrer: DSA.referrer, pin: String(100_000 + n) });

/** Every answer is the flat map of strings Connect takes back, whatever happened. */
const expectFlat = (answer: CallAnswer) => {
  expect(Object.keys(answer).sort()).toEqual(['jobId', 'message', 'result']);
  for (const value of Object.values(answer)) expect(typeof value).toBe('string');
};

describe('the emergency line', () => {
  it('creates the emergency job, due in 4 hours, starts its workflow and alerts the contractor', async () => {
    const reference = await anEmergencyReferral();

    const answer = await call(DSA, reference);

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
    await call(DSA, reference);

    const again = await call(DSA, reference);

    expectFlat(again);
    expect(again.result).toBe('existing');
    expect(again.jobId).toBe('TH-1001');
    expect(again.message).toContain('already has emergency job TH-1001');
    expect((await fresh.system.jobs.listJobs()).map((job) => job.jobId)).toEqual(['TH-1001']);
  });

  it('two calls at once make one job', async () => {
    const reference = await anEmergencyReferral();
    const answers = await Promise.all([call(DSA, reference), call(DSA, reference)]);
    expect(answers.map((a) => a.result).sort()).toEqual(['created', 'existing']);
    expect(await fresh.system.jobs.listJobs()).toHaveLength(1);
  });

  it('a wrong PIN is told so and makes nothing', async () => {
    const reference = await anEmergencyReferral();
    for (const pin of ['000000', '12', 'abcdef', '']) {
      const answer = await call({ referrer: DSA.referrer, pin }, reference);
      expectFlat(answer);
      expect(answer).toEqual(NOT_RECOGNISED);
    }
    expect(await fresh.system.jobs.listJobs()).toEqual([]);
  });

  it('an unknown referrer number gets the same answer as a wrong PIN: it reveals nothing', async () => {
    const reference = await anEmergencyReferral();
    const unknownNumber = await call({ referrer: '399999', pin: DSA.pin }, reference);
    const wrongPinAnswer = await call({ referrer: DSA.referrer, pin: '999999' }, reference, '+447700900001');
    // Another referrer's PIN with this referrer's number is just a wrong PIN.
    const mixed = await call({ referrer: DSA.referrer, pin: VICTIM_FIRST.pin }, reference, '+447700900002');
    expect(unknownNumber).toEqual(NOT_RECOGNISED);
    expect(wrongPinAnswer).toEqual(NOT_RECOGNISED);
    expect(mixed).toEqual(NOT_RECOGNISED);
    expect(await fresh.system.jobs.listJobs()).toEqual([]);
  });

  it('an unknown referral number, or one of another service, is answered as unknown', async () => {
    const reference = await anEmergencyReferral();
    const unknown = await call(DSA, '999999');
    expect(unknown.result).toBe('unknown-reference');
    expect(unknown.message).toBe(
      'No referral of yours has the number 9 9 9 9 9 9. Please check it and call again.',
    );
    // Victim First's PIN does not open the domestic and sexual abuse service's referral.
    expect((await call(VICTIM_FIRST, reference)).result).toBe('unknown-reference');
    expect(await fresh.system.jobs.listJobs()).toEqual([]);
  });

  it('a referral number that is not six digits is answered invalid', async () => {
    await anEmergencyReferral();
    const answer = await call(DSA, '12345#');
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
          Parameters: { referrer: 300001, pin: 246813, reference: 100001 },
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
    const slow: TargetHardeningStores = Object.create(fresh.system.jobs, {
      referrerByNumber: {
        value: async (referrerNumber: string) => {
          await new Promise((resolve) => setTimeout(resolve, 3000));
          return fresh.system.jobs.referrerByNumber(referrerNumber);
        },
      },
    });
    const handler = createConnectEmergency({
      referrers: slow,
      referrals: slow,
      jobs: slow,
      attempts: new DynamoDbPinAttempts(fresh.client, fresh.tableName),
      workflows: fresh.system.workflows,
      clock: fresh.clock,
    });
    // A context with 2.5 s left: the answer must come before it runs out.
    const answer = (await handler(
      connectEmergencyEvent({ ...DSA, reference }, 'slow-contact'),
      localContext('connect-emergency', 2500),
    )) as CallAnswer;
    expect(answer.result).toBe('error');
    expect(answer.message).toContain('a repeated call never makes a second job');
  });
});

describe('the emergency line cannot be guessed', () => {
  it('refuses the right PIN after many wrong ones: guessing cannot reach the job', async () => {
    // The attack: 168 wrong PINs in a row against one referrer, then the right one, which used to make the job.
    const reference = await anEmergencyReferral();
    const answers: CallAnswer[] = [];
    for (let n = 0; n < 168; n++) answers.push(await call(wrongPin(n), reference));

    const right = await call(DSA, reference);

    expect(answers.slice(0, PIN_LOCKOUT.maxFailures)).toEqual(
      Array.from({ length: PIN_LOCKOUT.maxFailures }, () => NOT_RECOGNISED),
    );
    expect(new Set(answers.slice(PIN_LOCKOUT.maxFailures).map((a) => a.result))).toEqual(
      new Set(['refused']),
    );
    expect(right).toEqual(REFUSED);
    expect(await fresh.system.jobs.listJobs()).toEqual([]);
  });

  it('refuses the referrer from any phone after too many failures against their number', async () => {
    const reference = await anEmergencyReferral();
    for (let n = 0; n < PIN_LOCKOUT.maxFailures; n++) await call(wrongPin(n), reference, `+44770090010${n}`);

    expect(await call(DSA, reference, '+447700900199')).toEqual(REFUSED);
    // Another referrer is not locked out by it.
    const { referral: other } = await fresh.system.jobs.recordReferral(
      { ...sample(), service: 'victim-first', reference: 'VF-GUESS-0001' },
      EVENING,
    );
    expect((await call(VICTIM_FIRST, other.referralNumber, '+447700900199')).result).toBe('created');
  });

  it('refuses a calling number after too many failures from it, whatever referrer number it keys', async () => {
    const reference = await anEmergencyReferral();
    for (let n = 0; n < PIN_LOCKOUT.maxFailures; n++)
      await call({ referrer: String(390_000 + n), pin: DSA.pin }, reference);

    expect(await call(DSA, reference)).toEqual(REFUSED);
    // The referrer's own number was never guessed at: from another phone they get through.
    expect((await call(DSA, reference, '+447700900150')).result).toBe('created');
  });

  it('counts unknown referrer numbers like known ones, so the lockout reveals nothing either', async () => {
    const reference = await anEmergencyReferral();
    const unknown = { referrer: '399999', pin: '123456' };
    for (let n = 0; n < PIN_LOCKOUT.maxFailures; n++) await call(unknown, reference, `+44770090020${n}`);
    expect(await call(unknown, reference, '+447700900299')).toEqual(REFUSED);
  });

  it('lets a referrer who mistyped a few times through, and opens again when the window ends', async () => {
    const reference = await anEmergencyReferral();
    for (let n = 0; n < PIN_LOCKOUT.maxFailures - 1; n++) await call(wrongPin(n), reference);
    expect((await call(DSA, reference)).result).toBe('created');

    const { referral: second } = await fresh.system.jobs.recordReferral(
      { ...sample(), reference: 'DSA-GUESS-0002' },
      EVENING,
    );
    await call(wrongPin(99), second.referralNumber);
    expect(await call(DSA, second.referralNumber)).toEqual(REFUSED);
    fresh.clock.set(new Date(EVENING.getTime() + PIN_LOCKOUT.windowMinutes * 60_000));
    expect((await call(DSA, second.referralNumber)).result).toBe('created');
  });

  it('counts withheld numbers together', async () => {
    const reference = await anEmergencyReferral();
    for (let n = 0; n < PIN_LOCKOUT.maxFailures; n++)
      await call({ referrer: String(390_000 + n), pin: DSA.pin }, reference, null);
    expect(await call(DSA, reference, null)).toEqual(REFUSED);
    expect((await call(DSA, reference, CALLER)).result).toBe('created');
  });

  it('keeps neither the PIN nor the calling number in what it writes', async () => {
    const reference = await anEmergencyReferral();
    await call({ referrer: DSA.referrer, pin: '975310' }, reference, '+447700900321');
    const written = JSON.stringify(
      await fresh.client.send(new ScanCommand({ TableName: fresh.tableName, ConsistentRead: true })),
    );
    expect(written).toContain('THPINFAIL#');
    expect(written).not.toContain('975310');
    expect(written).not.toContain('7700900321');
    expect(written).not.toContain(DSA.pin);
  });
});
