import { describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { InMemoryAuditLog } from '../../shared/adapters/memory/audit-log.ts';
import type { AuditEntry } from '../../shared/domain/audit.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import { AUDITED_CASE, anAuditEntry, minutesPast10 } from '../fixtures/audit-entries.ts';
import { freshStore } from '../support/store.ts';

const CASE = AUDITED_CASE;
const OTHER_CASE = 'VF-ADT00-00002';
const JOB = 'TH-1001';

const token = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<AuditLog> => new InMemoryAuditLog()],
  [
    'on DynamoDB Local',
    async (): Promise<AuditLog> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbAuditLog(client, tableName);
    },
  ],
])('the audit log %s', (_where, open) => {
  it("records who saw or changed a case and lists the case's entries newest first", async () => {
    const audit = await open();
    await audit.record(anAuditEntry({ at: minutesPast10(0) }));
    await audit.record(
      anAuditEntry({ at: minutesPast10(5), action: 'changed', what: 'task:complete', requestId: 'req-1' }),
    );
    await audit.record(
      anAuditEntry({ at: minutesPast10(2), user: 'lead.two', role: 'team-leader', action: 'refused' }),
    );

    expect(await audit.forCase(CASE)).toEqual({
      entries: [
        anAuditEntry({ at: minutesPast10(5), action: 'changed', what: 'task:complete', requestId: 'req-1' }),
        anAuditEntry({ at: minutesPast10(2), user: 'lead.two', role: 'team-leader', action: 'refused' }),
        anAuditEntry({ at: minutesPast10(0) }),
      ],
    });
  });

  it('lists nothing for a case nobody saw', async () => {
    const audit = await open();

    expect(await audit.forCase('VF-ADT00-00003')).toEqual({ entries: [] });
    expect(await audit.byUser('caseworker.one', '2026-12-15')).toEqual([]);
  });

  it('keeps two views at the same instant as two entries', async () => {
    const audit = await open();
    await audit.record(anAuditEntry());
    await audit.record(anAuditEntry());

    expect((await audit.forCase(CASE)).entries).toEqual([anAuditEntry(), anAuditEntry()]);
    expect(await audit.byUser('caseworker.one', '2026-12-15')).toEqual([anAuditEntry(), anAuditEntry()]);
  });

  it('records an entry with an entryId once however often it is recorded, as the first recorded it', async () => {
    const audit = await open();
    const once = anAuditEntry({ action: 'changed', what: 'case:close', entryId: 'case-close' });
    await audit.record(once);
    await Promise.all([
      audit.record({ ...once, requestId: 'req-2' }),
      audit.record({ ...once, requestId: 'req-3', role: 'team-leader' }),
    ]);

    expect((await audit.forCase(CASE)).entries).toEqual([once]);
    expect(await audit.byUser('caseworker.one', '2026-12-15')).toEqual([once]);
  });

  it('keeps an action recorded at another instant as another entry', async () => {
    const audit = await open();
    const first = anAuditEntry({
      at: minutesPast10(1),
      action: 'changed',
      what: 'case:close',
      entryId: 'case-close',
    });
    const later = { ...first, at: minutesPast10(3) };
    await audit.record(first);
    await audit.record(later);

    expect((await audit.forCase(CASE)).entries).toEqual([later, first]);
  });

  it('orders entries of one instant by their action key: newest first under the case, oldest first by day', async () => {
    const audit = await open();
    const a = anAuditEntry({ action: 'changed', what: 'task:claim', entryId: 'a.task-claim' });
    const b = anAuditEntry({ action: 'changed', what: 'task:complete', entryId: 'b.task-complete' });
    const c = anAuditEntry({
      caseId: OTHER_CASE,
      action: 'changed',
      what: 'case:close',
      entryId: 'c.case-close',
    });
    await audit.record(b);
    await audit.record(c);
    await audit.record(a);

    expect((await audit.forCase(CASE)).entries).toEqual([b, a]);
    expect(await audit.byUser('caseworker.one', '2026-12-15')).toEqual([a, b, c]);
  });

  it('pages with limit and next, the last page saying there is no more', async () => {
    const audit = await open();
    for (let n = 0; n < 5; n++) await audit.record(anAuditEntry({ at: minutesPast10(n) }));

    const first = await audit.forCase(CASE, { limit: 2 });
    const second = await audit.forCase(CASE, { limit: 2, after: first.next });
    const third = await audit.forCase(CASE, { limit: 2, after: second.next });

    expect(first.entries.map((e) => e.at)).toEqual([minutesPast10(4), minutesPast10(3)]);
    expect(second.entries.map((e) => e.at)).toEqual([minutesPast10(2), minutesPast10(1)]);
    expect(third).toEqual({ entries: [anAuditEntry({ at: minutesPast10(0) })] });
    expect(first.next).toMatch(/^[A-Za-z0-9_-]+$/);
    // A page that ends exactly on the last entry says so: no empty page after it.
    const all = await audit.forCase(CASE, { limit: 5 });
    expect(all.entries).toHaveLength(5);
    expect(all.next).toBeUndefined();
    // An empty `after` is the first page.
    expect((await audit.forCase(CASE, { limit: 1, after: '' })).entries).toEqual([
      anAuditEntry({ at: minutesPast10(4) }),
    ]);
  });

  it('goes on from a position whose entry is not there, and pages through entries of one instant', async () => {
    const audit = await open();
    for (const id of ['a', 'b', 'c'])
      await audit.record(anAuditEntry({ what: 'case:close', entryId: `act-${id}` }));
    await audit.record(anAuditEntry({ at: minutesPast10(1) }));

    const between = token({ pk: `CASE#${CASE}`, sk: 'AUDIT#2026-12-15T10:00:00.000Z#act-bb' });
    expect((await audit.forCase(CASE, { after: between })).entries.map((e) => e.entryId)).toEqual([
      'act-b',
      'act-a',
    ]);
    const first = await audit.forCase(CASE, { limit: 2 });
    const second = await audit.forCase(CASE, { limit: 2, after: first.next });
    expect([...first.entries, ...second.entries].map((e) => e.entryId)).toEqual([
      undefined,
      'act-c',
      'act-b',
      'act-a',
    ]);
    expect(second.next).toBeUndefined();
  });

  it('refuses a page size it cannot give', async () => {
    const audit = await open();

    for (const limit of [0, -1, 201, 1.5, Number.NaN]) {
      await expect(audit.forCase(CASE, { limit })).rejects.toMatchObject({
        name: 'InvalidAuditQueryError',
        field: 'limit',
      });
    }
    expect(await audit.forCase(CASE, { limit: 200 })).toEqual({ entries: [] });
  });

  it('refuses a page token it did not give out for this case', async () => {
    const audit = await open();
    await audit.record(anAuditEntry({ at: minutesPast10(0) }));
    await audit.record(anAuditEntry({ at: minutesPast10(1) }));
    await audit.record(anAuditEntry({ caseId: OTHER_CASE, at: minutesPast10(0) }));
    await audit.record(anAuditEntry({ caseId: OTHER_CASE, at: minutesPast10(1) }));
    const otherCasesToken = (await audit.forCase(OTHER_CASE, { limit: 1 })).next;
    expect(otherCasesToken).toBeDefined();

    for (const after of [
      'not a token',
      Buffer.from('{"pk":').toString('base64url'),
      otherCasesToken,
      token({ pk: `CASE#${CASE}`, sk: 'EVENT#message.support-offer.1' }),
      token({ pk: `CASE#${CASE}`, sk: 'AUDIT#2026', gsi2pk: 'x' }),
      token([`CASE#${CASE}`, 'AUDIT#']),
      token({ pk: `JOB#${CASE}`, sk: 'AUDIT#2026' }),
      token({ pk: `CASE#${CASE}`, sk: `AUDIT#${'9'.repeat(1100)}` }),
    ]) {
      await expect(audit.forCase(CASE, { limit: 1, after })).rejects.toMatchObject({
        name: 'InvalidPageTokenError',
      });
    }
  });

  it('keeps a target-hardening job apart from the cases', async () => {
    const audit = await open();
    await audit.record(anAuditEntry({ caseId: JOB, at: minutesPast10(1), what: 'job' }));
    await audit.record(anAuditEntry({ at: minutesPast10(2) }));

    expect(await audit.forCase(JOB)).toEqual({
      entries: [anAuditEntry({ caseId: JOB, at: minutesPast10(1), what: 'job' })],
    });
    expect((await audit.forCase(CASE)).entries).toEqual([anAuditEntry({ at: minutesPast10(2) })]);
    expect((await audit.byUser('caseworker.one', '2026-12-15')).map((e) => e.caseId)).toEqual([JOB, CASE]);
  });

  it("lists a person's entries on a local date, across cases: 23:30 UTC on 30 June is 1 July in London", async () => {
    const audit = await open();
    const lateOn30June = new Date('2026-06-30T23:30:00Z');
    await audit.record(anAuditEntry({ at: new Date('2026-06-30T22:59:00Z'), what: 'case' }));
    await audit.record(
      anAuditEntry({ at: new Date('2026-07-01T09:00:00Z'), caseId: OTHER_CASE, what: 'task:claim' }),
    );
    await audit.record(anAuditEntry({ at: lateOn30June, what: 'case' }));
    await audit.record(anAuditEntry({ at: new Date('2026-07-01T23:00:00Z'), what: 'case' }));
    // Someone else, and someone whose id begins with the same letters, on the same day.
    await audit.record(anAuditEntry({ at: new Date('2026-07-01T10:00:00Z'), user: 'caseworker.two' }));
    await audit.record(anAuditEntry({ at: new Date('2026-07-01T10:00:00Z'), user: 'caseworker.one2' }));

    expect(await audit.byUser('caseworker.one', '2026-07-01')).toEqual([
      anAuditEntry({ at: lateOn30June, what: 'case' }),
      anAuditEntry({ at: new Date('2026-07-01T09:00:00Z'), caseId: OTHER_CASE, what: 'task:claim' }),
    ]);
    expect((await audit.byUser('caseworker.one', '2026-06-30')).map((e) => e.at)).toEqual([
      new Date('2026-06-30T22:59:00Z'),
    ]);
    expect((await audit.byUser('caseworker.one', '2026-07-02')).map((e) => e.at)).toEqual([
      new Date('2026-07-01T23:00:00Z'),
    ]);
    expect(await audit.byUser('caseworker.three', '2026-07-01')).toEqual([]);
  });

  it('refuses a question it cannot answer as asked, naming the field', async () => {
    const audit = await open();

    for (const [ask, field] of [
      [() => audit.byUser('caseworker.one', '2026-02-30'), 'day'],
      [() => audit.byUser('caseworker.one', '15/12/2026'), 'day'],
      [() => audit.byUser('caseworker one', '2026-12-15'), 'user'],
      [() => audit.byUser('caseworker#one', '2026-12-15'), 'user'],
      [() => audit.forCase('CASE#VF-ADT00-00001'), 'caseId'],
      [() => audit.forCase('vf-adt00-00001'), 'caseId'],
    ] as const) {
      await expect(ask()).rejects.toMatchObject({ name: 'InvalidAuditQueryError', field });
    }
  });

  it('refuses a bad entry, naming the field, and keeps nothing of it', async () => {
    const audit = await open();
    const refused: Array<[Partial<AuditEntry>, keyof AuditEntry]> = [
      [{ user: '' }, 'user'],
      [{ user: 'caseworker one' }, 'user'],
      [{ user: 'caseworker#one' }, 'user'],
      [{ action: 'deleted' as AuditEntry['action'] }, 'action'],
      [{ what: 'case notes' }, 'what'],
      [{ what: 'ada.example@example.org' }, 'what'],
      [{ what: 'case:Ada-Example' }, 'what'],
      [{ what: `case:${'a'.repeat(60)}` }, 'what'],
      [{ what: '' }, 'what'],
      [{ caseId: 'VF-ADT00-0000#' }, 'caseId'],
      [{ role: '' }, 'role'],
      [{ at: new Date('not a date') }, 'at'],
      [{ requestId: 'req 1' }, 'requestId'],
      [{ entryId: 'case close' }, 'entryId'],
    ];
    for (const [overrides, field] of refused) {
      await expect(audit.record(anAuditEntry(overrides))).rejects.toMatchObject({
        name: 'InvalidAuditEntryError',
        field,
      });
    }

    expect((await audit.forCase(CASE)).entries).toEqual([]);
    expect(await audit.byUser('caseworker.one', '2026-12-15')).toEqual([]);
  });
});
