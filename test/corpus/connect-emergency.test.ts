import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CallAnswer,
  createConnectEmergency,
} from '../../functions/target-hardening/connect-emergency/connect-emergency.ts';
import { connectEmergencyEvent, localContext } from '../../local/lambda-events.ts';
import { LOCAL_REFERRERS } from '../../local/synthetic/referrers.ts';
import { dynamoDbTargetHardeningStores } from '../../shared/adapters/dynamodb/target-hardening-stores.ts';
import { InMemoryPinAttempts } from '../../shared/adapters/local/memory-pin-attempts.ts';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import type { TargetHardeningStores } from '../../shared/ports/target-hardening.ts';
import { RecordingWorkflows } from '../support/recording-workflows.ts';
import { fixedClock, freshStore } from '../support/store.ts';
import { snapshotOf, type TableSnapshot, writesBetween } from './support.ts';

// The bad-input corpus for the emergency target-hardening line: events as Amazon Connect's contact
// flow (or anything else) might invoke the connect function with, on DynamoDB Local with the seeded
// referrers and one emergency referral waiting. Every answer is the flat map of strings Connect takes back,
// `invalid`, `wrong-pin` or `unknown-reference`, never a throw, and no job is made.

const logLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return previous;
});

const EVENING = '2026-12-15T21:30:00Z';
const DSA = '300001';
const DSA_PIN = '246813';
const VICTIM_FIRST = '300002';
const VICTIM_FIRST_PIN = '135792';
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';

type Result = 'invalid' | 'wrong-pin' | 'unknown-reference';

interface CallCase {
  readonly name: string;
  /** The event, given the waiting referral's number. */
  readonly event: (reference: string) => unknown;
  readonly result: Result;
}

const keyed = (referrer: unknown, pin: unknown, reference: unknown) => {
  const event = connectEmergencyEvent({ referrer: '', pin: '', reference: '' }, CONTACT) as {
    Details: { Parameters: Record<string, unknown> };
  };
  event.Details.Parameters = { referrer, pin, reference };
  return event;
};
/** A well-formed call from the domestic and sexual abuse service's referrer with the keyed digits given. */
const call = (
  name: string,
  pin: unknown,
  reference: unknown,
  result: Result,
  referrer: unknown = DSA,
): CallCase => ({
  name,
  event: (waiting) =>
    keyed(referrer, pin === '<waiting>' ? waiting : pin, reference === '<waiting>' ? waiting : reference),
  result,
});
/** The flow's event with one part of it replaced. */
const reshaped = (name: string, change: (event: Record<string, unknown>) => unknown): CallCase => ({
  name,
  event: (waiting) =>
    change(structuredClone(keyed(DSA, DSA_PIN, waiting)) as unknown as Record<string, unknown>),
  result: 'invalid',
});
const details = (event: Record<string, unknown>) => event.Details as Record<string, Record<string, unknown>>;

const CASES: readonly CallCase[] = [
  // Not the contact flow's event at all.
  { name: 'no event', event: () => undefined, result: 'invalid' },
  { name: 'null', event: () => null, result: 'invalid' },
  { name: 'a number', event: () => 42, result: 'invalid' },
  { name: 'a string', event: () => 'ContactFlowEvent', result: 'invalid' },
  { name: 'an array', event: () => [], result: 'invalid' },
  { name: 'an empty object', event: () => ({}), result: 'invalid' },
  { name: 'an S3 event', event: () => ({ Records: [{ eventSource: 'aws:s3' }] }), result: 'invalid' },
  {
    name: 'an HTTP API event',
    event: () => ({ version: '2.0', routeKey: 'POST /connect', body: '{}' }),
    result: 'invalid',
  },
  // The flow's event, broken.
  reshaped('another event name', (e) => ({ ...e, Name: 'ContactFlowEvent2' })),
  reshaped('no Details', ({ Details: _d, ...rest }) => rest),
  reshaped('Details as a string', (e) => ({ ...e, Details: 'x' })),
  reshaped('no ContactData', (e) => ({ ...e, Details: { Parameters: details(e).Parameters } })),
  reshaped('an empty ContactId', (e) => {
    details(e).ContactData = { ...details(e).ContactData, ContactId: '' };
    return e;
  }),
  reshaped('no InstanceARN', (e) => {
    const { InstanceARN: _arn, ...data } = details(e).ContactData as Record<string, unknown>;
    details(e).ContactData = data;
    return e;
  }),
  reshaped('no Parameters', (e) => {
    delete details(e).Parameters;
    return e;
  }),
  reshaped('Parameters as a list', (e) => {
    (details(e) as Record<string, unknown>).Parameters = [DSA, DSA_PIN, '100001'];
    return e;
  }),
  // The keyed digits of the wrong type or shape.
  call('the PIN as a number', 246813, '<waiting>', 'invalid'),
  call('the referrer number as a number', DSA_PIN, '<waiting>', 'invalid', 300001),
  reshaped('no referrer number', (e) => {
    delete (details(e).Parameters as Record<string, unknown>).referrer;
    return e;
  }),
  call('the reference as a number', DSA_PIN, 100001, 'invalid'),
  call('no PIN', undefined, '<waiting>', 'invalid'),
  call('no reference', DSA_PIN, undefined, 'invalid'),
  call('the PIN as a list of digits', ['2', '4', '6', '8', '1', '3'], '<waiting>', 'invalid'),
  call('a null reference', DSA_PIN, null, 'invalid'),
  call('a reference of five digits', DSA_PIN, '10000', 'invalid'),
  call('a reference of seven digits', DSA_PIN, '1000011', 'invalid'),
  call('a reference in letters', DSA_PIN, 'abcdef', 'invalid'),
  call('a reference ending in the hash key', DSA_PIN, '10000#', 'invalid'),
  call('a reference with a trailing space', DSA_PIN, '100001 ', 'invalid'),
  call('a reference in full-width digits', DSA_PIN, '１００００１', 'invalid'),
  call('a reference of a million digits', DSA_PIN, '1'.repeat(1_000_000), 'invalid'),
  call('markup as the reference', DSA_PIN, '<script>alert(1)</script>', 'invalid'),
  call('an empty reference', DSA_PIN, '', 'invalid'),
  // Referrer numbers and PINs: wrong, malformed, another service's.
  call('a wrong PIN', '000000', '<waiting>', 'wrong-pin'),
  call('the old four-digit PIN', '2468', '<waiting>', 'wrong-pin'),
  call('the PIN without a referrer number', DSA_PIN, '<waiting>', 'wrong-pin', ''),
  call('an unknown referrer number', DSA_PIN, '<waiting>', 'wrong-pin', '399999'),
  call("the other referrer's number with this PIN", DSA_PIN, '<waiting>', 'wrong-pin', VICTIM_FIRST),
  call('a referrer number of five digits', DSA_PIN, '<waiting>', 'wrong-pin', '30000'),
  call('markup as the referrer number', DSA_PIN, '<waiting>', 'wrong-pin', '<script>'),
  call('a PIN of two digits', '12', '<waiting>', 'wrong-pin'),
  call('a PIN in letters', 'abcd', '<waiting>', 'wrong-pin'),
  call('an empty PIN', '', '<waiting>', 'wrong-pin'),
  call('the right PIN then the star key', `${DSA_PIN}*`, '<waiting>', 'wrong-pin'),
  call('a PIN of 100 digits', '2'.repeat(100), '<waiting>', 'wrong-pin'),
  call('markup as the PIN', '<script>', '<waiting>', 'wrong-pin'),
  call('a formula as the PIN', '=1+1', '<waiting>', 'wrong-pin'),
  call('nine digits as the PIN', '246813246', '<waiting>', 'wrong-pin'),
  // The referral: unknown, or another service's.
  call('an unknown referral number', DSA_PIN, '999999', 'unknown-reference'),
  call('a referral number of zeros', DSA_PIN, '000000', 'unknown-reference'),
  call(
    "Victim First's PIN for the other service's referral",
    VICTIM_FIRST_PIN,
    '<waiting>',
    'unknown-reference',
    VICTIM_FIRST,
  ),
];

let jobs: TargetHardeningStores;
let waiting: string;
let before: TableSnapshot;
let client: Awaited<ReturnType<typeof freshStore>>['client'];
let tableName: string;
const workflows = new RecordingWorkflows();

beforeAll(async () => {
  ({ client, tableName } = await freshStore());
  jobs = dynamoDbTargetHardeningStores(client, tableName);
  for (const { pin, ...referrer } of LOCAL_REFERRERS) await jobs.putReferrer(referrer, pin);
  const sample = ThReferralSchema.parse(
    JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8')),
  );
  ({
    referral: { referralNumber: waiting },
  } = await jobs.recordReferral(sample, new Date(EVENING)));
  before = await snapshotOf(client, tableName);
});

afterAll(() => {
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
});

describe('the emergency line corpus: every bad call is answered plainly and makes no job', () => {
  it('has a distinct input for every case', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, corpus) => {
    // Each call has a counter of its own, so no case is refused for the failures of the ones before it.
    const handler = createConnectEmergency({
      referrers: jobs,
      referrals: jobs,
      jobs,
      attempts: new InMemoryPinAttempts(),
      workflows,
      clock: fixedClock(EVENING),
    });
    const answer = (await handler(
      corpus.event(waiting),
      localContext('connect-emergency', 8000),
    )) as CallAnswer;

    // The flat map of strings the contact flow branches on, with something to say to the caller.
    expect(Object.keys(answer).sort()).toEqual(['jobId', 'message', 'result']);
    for (const value of Object.values(answer)) expect(typeof value).toBe('string');
    expect(answer.result).toBe(corpus.result);
    expect(answer.jobId).toBe('');
    expect(answer.message.length).toBeGreaterThan(10);
    expect(answer.message).not.toContain('<script>');
    expect(workflows.jobsStarted).toEqual([]);
  });

  it('made no job and wrote nothing for any of them', async () => {
    expect(await jobs.listJobs()).toEqual([]);
    expect(writesBetween(before, await snapshotOf(client, tableName))).toEqual([]);
  });
});
