import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbContactLog } from '../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { logContact } from '../../shared/application/log-contact.ts';
import { type Assessment, NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import { SupportClosedError } from '../../shared/domain/case-support.ts';
import type { Contact } from '../../shared/domain/contact-log.ts';
import { freshStore } from '../support/store.ts';

// Logging a contact writes three records — the contact, its audit entry, its timeline event — each keyed
// by the contact's id. Each write is failed in turn, before it and after it landed with its answer lost,
// and the contact sent again: every record is there exactly once, as the first attempt meant it.

const CASE = 'VF-CNT00-00003';
const ACTOR = { role: 'caseworker', requestId: 'req-1' };
const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand']);

const CONTACT: Contact = {
  contactId: '0d9c8a56-8a0e-4c3e-9d3f-5f6c2b1a7e44',
  caseId: CASE,
  at: new Date('2026-12-14T15:00:00Z'),
  channel: 'face-to-face',
  venue: 'Victim First office, Leicester',
  direction: 'to-victim',
  support: ['advocacy', 'victim-personal-statement'],
  durationMinutes: 50,
  notes: 'Ada Example wrote her statement with help; she will read it at court.',
  by: 'caseworker.one',
  recordedAt: new Date('2026-12-15T10:00:00Z'),
};

/** The document client, with its writes counted and the nth failed once, before it or after it lands. */
function failing(client: DynamoDBDocumentClient, n: number, when: 'before' | 'after') {
  let count = 0;
  const send = async (command: { constructor: { name: string } }) => {
    if (!WRITES.has(command.constructor.name)) return client.send(command as never);
    count += 1;
    if (count === n && when === 'before') throw new Error(`step ${n} failed`);
    const result = await client.send(command as never);
    if (count === n) throw new Error(`step ${n}'s answer was lost`);
    return result;
  };
  return { client: { send } as unknown as DynamoDBDocumentClient, writes: () => count };
}

async function aService(n: number, when: 'before' | 'after') {
  const { client, tableName, store } = await freshStore();
  const flaky = failing(client, n, when);
  const deps = {
    contacts: new DynamoDbContactLog(flaky.client, tableName),
    support: new DynamoDbSupportStore(flaky.client, tableName),
    audit: new DynamoDbAuditLog(flaky.client, tableName),
    store: new DynamoDbCaseStore(flaky.client, tableName),
  };
  return { client, tableName, store, deps, writes: flaky.writes };
}

const audited = async (client: DynamoDBDocumentClient, tableName: string) =>
  (await new DynamoDbAuditLog(client, tableName).forCase(CASE, { limit: 200 })).entries.filter(
    (e) => e.what === 'contact:log',
  );

describe('logging a contact, retried after a failure at each step', () => {
  it('logs one contact, one audit entry and one timeline event whichever step failed', async () => {
    const clean = await aService(0, 'before');
    expect(await logContact(clean.deps, CONTACT, ACTOR)).toEqual(CONTACT);
    const steps = clean.writes();
    expect(steps).toBe(3);

    for (let n = 1; n <= steps; n++)
      for (const when of ['before', 'after'] as const) {
        const { client, tableName, store, deps } = await aService(n, when);
        await expect(logContact(deps, CONTACT, ACTOR)).rejects.toThrow(/step \d/);
        // Sent again (the same form: the same key), by a retry with its own request.
        const again = await logContact(
          deps,
          { ...CONTACT, recordedAt: new Date('2026-12-15T10:05:00Z') },
          {
            ...ACTOR,
            requestId: 'req-2',
          },
        );

        // The contact as the first attempt logged it, unless that attempt failed before its first write.
        const recordedAt =
          n === 1 && when === 'before' ? new Date('2026-12-15T10:05:00Z') : CONTACT.recordedAt;
        expect(again, `${n} ${when}`).toEqual({ ...CONTACT, recordedAt });
        expect(await new DynamoDbContactLog(client, tableName).listForCase(CASE)).toEqual([again]);
        expect(await audited(client, tableName)).toEqual([
          expect.objectContaining({
            user: 'caseworker.one',
            action: 'changed',
            at: recordedAt,
            entryId: `contact.${CONTACT.contactId}`,
          }),
        ]);
        const events = (await store.timeline(CASE)).filter((e) => e.type === 'contact-logged');
        expect(events).toEqual([
          {
            eventId: `contact.${CONTACT.contactId}`,
            caseId: CASE,
            type: 'contact-logged',
            at: CONTACT.at,
            detail: {
              channel: 'face-to-face',
              direction: 'to-victim',
              support: 'advocacy,victim-personal-statement',
              minutes: 50,
              by: 'caseworker.one',
            },
          },
        ]);
      }
  });

  it('puts nothing of the notes, the venue or a Saturday reason on the timeline or in the audit', async () => {
    const { client, tableName, store, deps } = await aService(0, 'before');
    await logContact(deps, { ...CONTACT, saturdayReason: 'Works weekdays at Example Mills' }, ACTOR);

    const written = JSON.stringify([await store.timeline(CASE), await audited(client, tableName)]);
    for (const secret of ['Ada Example', 'statement with help', 'Victim First office', 'Example Mills'])
      expect(written).not.toContain(secret);
  });

  it('refuses a contact on a closed case and writes nothing, but finishes one logged before it closed', async () => {
    const { client, tableName, store, deps } = await aService(0, 'before');
    const support = new DynamoDbSupportStore(client, tableName);
    const scores = Object.fromEntries(
      NEEDS_AREAS.map((area) => [area, { score: 4 }]),
    ) as unknown as Assessment;
    // Logged, but its audit entry and event not yet written when the case closed.
    await new DynamoDbContactLog(client, tableName).record(CONTACT);
    await support.saveAssessment(CASE, {
      kind: 'closing',
      assessment: scores,
      by: 'caseworker.one',
      at: CONTACT.recordedAt,
    });
    await support.closeSupport(CASE, 'caseworker.one', new Date('2026-12-15T11:00:00Z'));

    const later = { ...CONTACT, contactId: '7a1f3c2e-9b4d-4e8f-a6c5-1d2e3f4a5b6c' };
    await expect(logContact(deps, later, ACTOR)).rejects.toBeInstanceOf(SupportClosedError);
    expect(await logContact(deps, CONTACT, ACTOR)).toEqual(CONTACT);

    expect(
      (await new DynamoDbContactLog(client, tableName).listForCase(CASE)).map((c) => c.contactId),
    ).toEqual([CONTACT.contactId]);
    expect(await audited(client, tableName)).toHaveLength(1);
    expect((await store.timeline(CASE)).filter((e) => e.type === 'contact-logged')).toHaveLength(1);
  });
});
