import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMatchCaller } from '../../functions/contact/match-caller/match-caller.ts';
import {
  createRecordPhoneCall,
  PHONE_LINE_NOTE,
  type PhoneCallOutcome,
} from '../../functions/contact/record-phone-call/record-phone-call.ts';
import type { CallerMatch } from '../../functions/contact/victim-phone-line/flow.ts';
import { logger } from '../../functions/logger.ts';
import { LOCAL_CONNECT_INSTANCE_ARN } from '../../infra/app.ts';
import { connectCallEndedEvent, connectCallEvent, localContext } from '../../local/lambda-events.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseOwners } from '../../shared/adapters/dynamodb/case-owners.ts';
import { DynamoDbCaseSearch } from '../../shared/adapters/dynamodb/case-search.ts';
import { DynamoDbContactLog } from '../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbPhoneCalls } from '../../shared/adapters/dynamodb/phone-calls.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { caseIdFor, openCase } from '../../shared/domain/case.ts';
import { aValidatedReferral } from '../fixtures/referrals.ts';
import { fixedClock, freshStore } from '../support/store.ts';

// The 0800 line's two functions on DynamoDB Local, as Amazon Connect invokes the one from the flow and
// EventBridge the other with the call's contact event: the caller's number found under the search key
// intake writes, the match kept, and the ended call logged on the case once.

const TUESDAY_MORNING = '2026-12-15T10:00:00Z';
const CHRISTMAS_DAY = '2026-12-25T10:00:00Z';
const NUMBER = '+447700900036';
const ALEX = '00000000-0000-4000-8000-00000000c001';
const KIT = '00000000-0000-4000-8000-00000000c003';
const AGENTS = { 'caseworker.one': ALEX, 'caseworker.three': KIT };
const agentArn = (id: string) => `${LOCAL_CONNECT_INSTANCE_ARN}/agent/${id}`;

const referral = (reference: string, receivedAt: string, mobile = '07700 900036') =>
  aValidatedReferral(reference, { receivedAt }, { forename: 'Ada', surname: 'Sample', phones: { mobile } });

async function aLine() {
  const { store, client, tableName } = await freshStore();
  const clock = fixedClock(TUESDAY_MORNING);
  const owners = new DynamoDbCaseOwners(client, tableName);
  const contacts = new DynamoDbContactLog(client, tableName);
  const support = new DynamoDbSupportStore(client, tableName);
  const audit = new DynamoDbAuditLog(client, tableName);
  const calls = new DynamoDbPhoneCalls(client, tableName);
  const match = createMatchCaller({
    search: new DynamoDbCaseSearch(client, tableName),
    owners,
    calls,
    clock,
    agents: AGENTS,
  });
  const record = createRecordPhoneCall({ calls, contacts, support, audit, store, clock, agents: AGENTS });
  let n = 0;
  const ring = async (from = NUMBER) => {
    const contactId = `c0ffee00-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const answer = (await match(
      connectCallEvent(contactId, from),
      localContext('match-caller', 8000),
    )) as CallerMatch;
    return { contactId, answer };
  };
  const end = (contactId: string, taker = ALEX, minutes = 7) => {
    const at = clock.now();
    return record(
      connectCallEndedEvent({
        contactId,
        initiatedAt: at,
        endedAt: new Date(at.getTime() + minutes * 60_000 + 20_000),
        agent: { agentArn: agentArn(taker), connectedAt: at },
      }),
      localContext('record-phone-call'),
    ) as Promise<PhoneCallOutcome>;
  };
  return { store, client, tableName, clock, owners, contacts, audit, support, match, record, ring, end };
}

/** A case for Ada Sample (mobile 07700 900036), received a week before, allocated to Alex when asked. */
async function adaOn(line: Awaited<ReturnType<typeof aLine>>, allocated = true) {
  const ada = referral('LP-0000036', '2026-12-08T09:00:00Z');
  await line.store.createCases([
    {
      opened: openCase(ada, [], new Date('2026-12-08T09:00:00Z')),
      origin: { channel: 'police-download', file: 'd.csv', row: 37 },
    },
  ]);
  const caseId = caseIdFor('police', 'LP-0000036');
  if (allocated)
    await line.owners.allocate({
      caseId,
      n: 1,
      to: 'caseworker.one',
      by: 'team.leader',
      at: new Date('2026-12-09T11:00:00Z'),
      suggested: true,
    });
  return caseId;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the 0800 line's caller match", () => {
  it("finds the caller's case by their number and routes the call to its caseworker's agent queue", async () => {
    const line = await aLine();
    const caseId = await adaOn(line);

    const { answer } = await line.ring();

    expect(answer).toEqual({ route: 'caseworker', caseId, agentArn: agentArn(ALEX) });
  });

  it('routes to the call-takers, with the case, while the case waits for allocation', async () => {
    const line = await aLine();
    const caseId = await adaOn(line, false);

    expect((await line.ring()).answer).toEqual({ route: 'call-takers', caseId, agentArn: '' });
  });

  it('takes the newest of the number’s cases that is not closed', async () => {
    const line = await aLine();
    const older = await adaOn(line);
    const newer = referral('LP-0000037', '2026-12-14T09:00:00Z');
    await line.store.createCases([
      {
        opened: openCase(newer, [], new Date('2026-12-14T09:00:00Z')),
        origin: { channel: 'police-download', file: 'e.csv', row: 2 },
      },
    ]);
    const newerId = caseIdFor('police', 'LP-0000037');
    expect((await line.ring()).answer.caseId).toBe(newerId);

    await line.owners.awaitAllocation(newerId, new Date('2026-12-14T12:00:00Z'));
    await line.owners.markClosed(newerId, new Date('2026-12-14T13:00:00Z'));

    expect((await line.ring()).answer.caseId).toBe(older);
  });

  it('answers unmatched for a number no case has, or a withheld one, and closed on a bank holiday', async () => {
    const line = await aLine();
    await adaOn(line);

    expect((await line.ring('+447700900999')).answer).toEqual({
      route: 'unmatched',
      caseId: '',
      agentArn: '',
    });
    expect((await line.ring('anonymous')).answer.route).toBe('unmatched');
    line.clock.set(CHRISTMAS_DAY);
    expect((await line.ring()).answer).toEqual({ route: 'closed', caseId: '', agentArn: '' });
  });

  it('logs ids only, never the number', async () => {
    const line = await aLine();
    await adaOn(line);
    const logged = (['info', 'warn', 'error'] as const).map((level) => vi.spyOn(logger, level));

    await line.ring();
    await line.ring('+447700900999');
    const { contactId } = await line.ring();
    await line.end(contactId);

    const lines = JSON.stringify(logged.flatMap((spy) => spy.mock.calls));
    expect(lines).toContain('victim line: call matched');
    expect(lines).toContain('victim line: call logged');
    expect(lines).not.toMatch(/7700\s?900|Sample|Ada/);
  });
});

describe("the 0800 line's ended calls", () => {
  it('log a telephone contact from the victim on the case, with its length and who took it, once however often the event comes', async () => {
    const line = await aLine();
    const caseId = await adaOn(line);
    const { contactId } = await line.ring();

    const first = await line.end(contactId);
    const again = await line.end(contactId);

    expect(first).toEqual({ status: 'logged', caseId, contactId, by: 'caseworker.one' });
    expect(again).toEqual(first);
    expect(await line.contacts.listForCase(caseId)).toEqual([
      {
        contactId,
        caseId,
        at: new Date(TUESDAY_MORNING),
        channel: 'telephone',
        direction: 'from-victim',
        support: [],
        durationMinutes: 8,
        notes: PHONE_LINE_NOTE,
        by: 'caseworker.one',
        recordedAt: new Date(TUESDAY_MORNING),
      },
    ]);
    const timeline = await line.store.timeline(caseId);
    expect(timeline.filter((event) => event.type === 'contact-logged')).toHaveLength(1);
    const { Items = [] } = await line.client.send(new ScanCommand({ TableName: line.tableName }));
    expect(
      Items.filter((item) => String(item.sk).startsWith('AUDIT#') && item.what === 'contact:log'),
    ).toHaveLength(1);
  });

  it('name a call-taker who took the call, and log nothing for a call no one took or matched to no case', async () => {
    const line = await aLine();
    const caseId = await adaOn(line);
    const taken = await line.ring();
    expect(await line.end(taken.contactId, KIT)).toMatchObject({ status: 'logged', by: 'caseworker.three' });

    const unanswered = await line.ring();
    const noOne = await line.record(
      connectCallEndedEvent({
        contactId: unanswered.contactId,
        initiatedAt: line.clock.now(),
        endedAt: new Date(line.clock.now().getTime() + 90_000),
      }),
      localContext('record-phone-call'),
    );
    expect(noOne).toEqual({ status: 'ignored', reason: 'not-answered' });

    const stranger = await line.ring('+447700900999');
    expect(await line.end(stranger.contactId)).toEqual({ status: 'ignored', reason: 'no-case' });
    expect(await line.contacts.listForCase(caseId)).toHaveLength(1);
  });

  it('ignore contact events that are not a voice call ending', async () => {
    const line = await aLine();
    await adaOn(line);
    const { contactId } = await line.ring();
    const ended = connectCallEndedEvent({
      contactId,
      initiatedAt: line.clock.now(),
      endedAt: line.clock.now(),
      agent: { agentArn: agentArn(ALEX), connectedAt: line.clock.now() },
    }) as { detail: Record<string, unknown> };

    for (const detail of [{ eventType: 'CONNECTED_TO_AGENT' }, { channel: 'CHAT' }])
      expect(
        await line.record(
          { ...ended, detail: { ...ended.detail, ...detail } },
          localContext('record-phone-call'),
        ),
      ).toEqual({ status: 'ignored', reason: 'not-a-call-ending' });
  });
});
