import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import type { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbMessageStore } from '../../shared/adapters/dynamodb/message-store.ts';
import type { AuditEntry } from '../../shared/domain/audit.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-ADT00-00001';
const OTHER_CASE = 'VF-ADT00-00002';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  caseId: CASE,
  user: 'caseworker.one',
  role: 'caseworker',
  action: 'viewed',
  what: 'case',
  at: new Date('2026-12-15T10:00:00Z'),
  ...overrides,
});

const minutes = (n: number) => new Date(Date.UTC(2026, 11, 15, 10, n));

describe('the audit log on DynamoDB Local', () => {
  let audit: DynamoDbAuditLog;
  let store: DynamoDbCaseStore;
  let client: DynamoDBDocumentClient;
  let tableName: string;
  beforeEach(async () => {
    const fresh = await freshStore();
    ({ store, client, tableName } = fresh);
    audit = new DynamoDbAuditLog(client, tableName);
  });

  it("records who saw or changed a case and lists the case's entries newest first", async () => {
    await audit.record(entry({ at: minutes(0) }));
    await audit.record(
      entry({ at: minutes(5), action: 'changed', what: 'task:complete', requestId: 'req-1' }),
    );
    await audit.record(entry({ at: minutes(2), user: 'lead.two', role: 'team-leader', action: 'refused' }));

    const page = await audit.forCase(CASE);

    expect(page).toEqual({
      entries: [
        entry({ at: minutes(5), action: 'changed', what: 'task:complete', requestId: 'req-1' }),
        entry({ at: minutes(2), user: 'lead.two', role: 'team-leader', action: 'refused' }),
        entry({ at: minutes(0) }),
      ],
    });
  });

  it('keeps two entries at the same instant, and keeps no expiry on them', async () => {
    await audit.record(entry());
    await audit.record(entry());

    const raw = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': `CASE#${CASE}`, ':audit': 'AUDIT#' },
      }),
    );
    expect(raw.Items).toHaveLength(2);
    for (const item of raw.Items ?? []) {
      expect(item).not.toHaveProperty('expiresAt');
      expect(item.sk).toMatch(/^AUDIT#2026-12-15T10:00:00\.000Z#[0-9a-f-]{36}$/);
    }
    expect((await audit.forCase(CASE)).entries).toEqual([entry(), entry()]);
  });

  it('records an entry once when a put that landed is sent again (its answer lost), never overwriting it', async () => {
    let puts = 0;
    const retrying = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (command instanceof PutCommand) {
          puts++;
          await client.send(command);
        }
        return client.send(command);
      },
    } as unknown as DynamoDBDocumentClient;

    await new DynamoDbAuditLog(retrying, tableName).record(entry());

    expect(puts).toBe(1);
    expect((await audit.forCase(CASE)).entries).toEqual([entry()]);
  });

  it('records an entry with an entryId once however often it is recorded, as the first recorded it', async () => {
    const once = entry({ action: 'changed', what: 'case:close', entryId: 'case-close' });
    await audit.record(once);
    await Promise.all([
      audit.record({ ...once, requestId: 'req-2' }),
      audit.record({ ...once, requestId: 'req-3' }),
    ]);
    // Without an id, the same entry again is another entry (two views are two views).
    await audit.record(entry());
    await audit.record(entry());

    const { entries } = await audit.forCase(CASE);
    expect(entries.filter((e) => e.what === 'case:close')).toEqual([once]);
    expect(entries.filter((e) => e.what !== 'case:close')).toHaveLength(2);
  });

  it('pages with limit and next, the last page saying there is no more', async () => {
    for (let n = 0; n < 5; n++) await audit.record(entry({ at: minutes(n) }));

    const first = await audit.forCase(CASE, { limit: 2 });
    const second = await audit.forCase(CASE, { limit: 2, after: first.next });
    const third = await audit.forCase(CASE, { limit: 2, after: second.next });

    expect(first.entries.map((e) => e.at)).toEqual([minutes(4), minutes(3)]);
    expect(second.entries.map((e) => e.at)).toEqual([minutes(2), minutes(1)]);
    expect(third).toEqual({ entries: [entry({ at: minutes(0) })] });
    expect(first.next).toMatch(/^[A-Za-z0-9_-]+$/);

    // A page that ends exactly on the last entry says so: no empty page after it.
    const all = await audit.forCase(CASE, { limit: 5 });
    expect(all.entries).toHaveLength(5);
    expect(all.next).toBeUndefined();
  });

  it('refuses a page token it did not give out for this case', async () => {
    await audit.record(entry({ at: minutes(0) }));
    await audit.record(entry({ at: minutes(1) }));
    await audit.record(entry({ caseId: OTHER_CASE, at: minutes(0) }));
    await audit.record(entry({ caseId: OTHER_CASE, at: minutes(1) }));
    const otherCasesToken = (await audit.forCase(OTHER_CASE, { limit: 1 })).next;
    expect(otherCasesToken).toBeDefined();
    const token = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

    for (const after of [
      'not a token',
      Buffer.from('{"pk":').toString('base64url'),
      otherCasesToken,
      token({ pk: `CASE#${CASE}`, sk: 'EVENT#message.support-offer.1' }),
      token({ pk: `CASE#${CASE}`, sk: 'AUDIT#2026', gsi2pk: 'x' }),
      token([`CASE#${CASE}`, 'AUDIT#']),
      token({ pk: `CASE#${CASE}`, sk: `AUDIT#${'9'.repeat(1100)}` }),
    ]) {
      await expect(audit.forCase(CASE, { limit: 1, after })).rejects.toMatchObject({
        name: 'InvalidPageTokenError',
      });
    }
  });

  it("lists a person's entries on a local date, across cases: 23:30 UTC on 30 June is 1 July in London", async () => {
    const lateOn30June = new Date('2026-06-30T23:30:00Z');
    await audit.record(entry({ at: new Date('2026-06-30T22:59:00Z'), what: 'case' }));
    await audit.record(entry({ at: lateOn30June, what: 'case' }));
    await audit.record(
      entry({ at: new Date('2026-07-01T09:00:00Z'), caseId: OTHER_CASE, what: 'task:claim' }),
    );
    await audit.record(entry({ at: new Date('2026-07-01T23:00:00Z'), what: 'case' }));
    // Someone else, and someone whose id begins with the same letters, on the same day.
    await audit.record(entry({ at: new Date('2026-07-01T10:00:00Z'), user: 'caseworker.two' }));
    await audit.record(entry({ at: new Date('2026-07-01T10:00:00Z'), user: 'caseworker.one2' }));

    const onFirstJuly = await audit.byUser('caseworker.one', '2026-07-01');

    expect(onFirstJuly).toEqual([
      entry({ at: lateOn30June, what: 'case' }),
      entry({ at: new Date('2026-07-01T09:00:00Z'), caseId: OTHER_CASE, what: 'task:claim' }),
    ]);
    expect((await audit.byUser('caseworker.one', '2026-06-30')).map((e) => e.at)).toEqual([
      new Date('2026-06-30T22:59:00Z'),
    ]);
    expect((await audit.byUser('caseworker.one', '2026-07-02')).map((e) => e.at)).toEqual([
      new Date('2026-07-01T23:00:00Z'),
    ]);
    expect(await audit.byUser('caseworker.three', '2026-07-01')).toEqual([]);
    await expect(audit.byUser('caseworker.one', '2026-02-30')).rejects.toMatchObject({
      name: 'InvalidAuditQueryError',
      field: 'day',
    });
  });

  it("does not mix other cases' entries into a case's list", async () => {
    await audit.record(entry({ at: minutes(0) }));
    await audit.record(entry({ caseId: OTHER_CASE, at: minutes(1) }));

    expect((await audit.forCase(CASE)).entries).toEqual([entry({ at: minutes(0) })]);
    expect((await audit.forCase(OTHER_CASE)).entries).toEqual([
      entry({ caseId: OTHER_CASE, at: minutes(1) }),
    ]);
    expect(await audit.forCase('VF-ADT00-00003')).toEqual({ entries: [] });
  });

  it('refuses a bad entry, naming the field, and keeps nothing of it', async () => {
    const refused: Array<[Partial<AuditEntry>, keyof AuditEntry]> = [
      [{ user: '' }, 'user'],
      [{ user: 'caseworker one' }, 'user'],
      [{ user: 'caseworker#one' }, 'user'],
      [{ action: 'deleted' as AuditEntry['action'] }, 'action'],
      [{ what: 'case notes' }, 'what'],
      [{ what: 'jane.doe@example.org' }, 'what'],
      [{ what: 'case:Jane-Doe' }, 'what'],
      [{ what: `case:${'a'.repeat(60)}` }, 'what'],
      [{ what: '' }, 'what'],
      [{ caseId: 'VF-ADT00-0000#' }, 'caseId'],
      [{ role: '' }, 'role'],
      [{ at: new Date('not a date') }, 'at'],
      [{ requestId: 'req 1' }, 'requestId'],
    ];
    for (const [overrides, field] of refused) {
      await expect(audit.record(entry(overrides))).rejects.toMatchObject({
        name: 'InvalidAuditEntryError',
        field,
      });
    }
    expect((await audit.forCase(CASE)).entries).toEqual([]);
    expect(await audit.byUser('caseworker.one', '2026-12-15')).toEqual([]);
  });

  it("keeps audit entries out of the case's timeline and messages", async () => {
    const messages = new DynamoDbMessageStore(client, tableName);
    await store.recordEvent({
      eventId: 'task.call.1',
      caseId: CASE,
      type: 'task-completed',
      at: minutes(1),
      detail: { taskId: `${CASE}.call.1` },
    });
    await messages.recordSent({
      caseId: CASE,
      messageId: 'message.support-offer.1',
      channel: 'email',
      purpose: 'support-offer',
      sentAt: minutes(2),
      providerMessageId: 'ses-1',
    });
    await audit.record(entry({ at: minutes(3) }));
    await audit.record(entry({ at: minutes(4), action: 'changed', what: 'task:complete' }));

    expect((await store.timeline(CASE)).map((e) => e.eventId)).toEqual(['task.call.1']);
    expect((await messages.listMessages(CASE)).map((m) => m.messageId)).toEqual(['message.support-offer.1']);
    expect((await messages.listSentOn('2026-12-15')).map((m) => m.messageId)).toEqual([
      'message.support-offer.1',
    ]);
    expect((await audit.forCase(CASE)).entries.map((e) => e.what)).toEqual(['task:complete', 'case']);
  });
});
