import { describe, expect, it } from 'vitest';
import { DynamoDbContactLog } from '../../shared/adapters/dynamodb/contact-log.ts';
import { InMemoryContactLog } from '../../shared/adapters/memory/contact-log.ts';
import type { Contact } from '../../shared/domain/contact-log.ts';
import { parseQuarter } from '../../shared/domain/reporting/quarters.ts';
import type { ContactLog } from '../../shared/ports/contact-log.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-CNT00-00001';
const OTHER_CASE = 'VF-CNT00-00002';

const contact = (overrides: Partial<Contact> = {}): Contact => ({
  contactId: '5b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  caseId: CASE,
  at: new Date('2026-12-15T10:00:00Z'),
  channel: 'telephone',
  direction: 'to-victim',
  support: ['emotional-support', 'criminal-justice-information'],
  durationMinutes: 25,
  notes: 'Ada Example asked about the court date.\nCalled back on 07700 900123.',
  by: 'caseworker.one',
  recordedAt: new Date('2026-12-15T10:30:00Z'),
  ...overrides,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<ContactLog> => new InMemoryContactLog()],
  [
    'on DynamoDB Local',
    async (): Promise<ContactLog> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbContactLog(client, tableName);
    },
  ],
])('the contact log %s', (_where, open) => {
  it('holds no contacts to begin with', async () => {
    const log = await open();

    expect(await log.listForCase(CASE)).toEqual([]);
    expect(await log.get(CASE, contact().contactId)).toBeUndefined();
    expect(
      await log.listInPeriod(new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')),
    ).toEqual([]);
  });

  it('logs a contact and gives it back as logged, every field', async () => {
    const log = await open();
    const faceToFace = contact({
      channel: 'face-to-face',
      venue: 'Victim First office, Leicester',
      direction: 'from-victim',
      support: ['advocacy', 'victim-personal-statement'],
      saturdayReason: 'Works shifts Monday to Friday',
      at: new Date('2026-12-12T11:00:00Z'),
    });

    expect(await log.record(faceToFace)).toBe('recorded');

    expect(await log.get(CASE, faceToFace.contactId)).toEqual(faceToFace);
    expect(await log.listForCase(CASE)).toEqual([faceToFace]);
  });

  it('keeps a contact without its optional fields as it came, with none of them', async () => {
    const log = await open();
    const { notes: _notes, ...bare } = contact();

    await log.record(bare);

    const [stored] = await log.listForCase(CASE);
    expect(stored).toEqual(bare);
    expect(Object.keys(stored ?? {})).not.toContain('notes');
    expect(Object.keys(stored ?? {})).not.toContain('venue');
  });

  it('logs once however often the same contact is sent, whatever it says the second time', async () => {
    const log = await open();
    await log.record(contact());

    expect(await log.record(contact())).toBe('already-recorded');
    expect(await log.record(contact({ durationMinutes: 90, notes: 'Changed' }))).toBe('already-recorded');

    expect(await log.listForCase(CASE)).toEqual([contact()]);
  });

  it('logs one of two copies of a form sent at the same moment', async () => {
    const log = await open();

    const outcomes = await Promise.all([log.record(contact()), log.record(contact())]);

    expect(outcomes.sort()).toEqual(['already-recorded', 'recorded']);
    expect(await log.listForCase(CASE)).toHaveLength(1);
  });

  it("lists a case's contacts oldest first by when they happened, and no other case's", async () => {
    const log = await open();
    const at = (iso: string) => new Date(iso);
    await log.record(contact({ contactId: 'c-1', at: at('2026-12-14T09:00:00Z') }));
    await log.record(contact({ contactId: 'a-2', at: at('2026-12-15T09:00:00Z') }));
    // Logged later, about an earlier call.
    await log.record(
      contact({ contactId: 'b-3', at: at('2026-12-10T16:00:00Z'), recordedAt: at('2026-12-15T11:00:00Z') }),
    );
    await log.record(contact({ contactId: 'd-4', caseId: OTHER_CASE }));

    expect((await log.listForCase(CASE)).map((c) => c.contactId)).toEqual(['b-3', 'c-1', 'a-2']);
    expect(await log.listForCase(OTHER_CASE)).toEqual([contact({ contactId: 'd-4', caseId: OTHER_CASE })]);
  });

  it("keeps a contact id to its own case: another case's contact of that id is logged", async () => {
    const log = await open();
    await log.record(contact());

    expect(await log.record(contact({ caseId: OTHER_CASE }))).toBe('recorded');

    expect(await log.listForCase(OTHER_CASE)).toEqual([contact({ caseId: OTHER_CASE })]);
    expect(await log.listForCase(CASE)).toEqual([contact()]);
  });

  it("lists every case's contacts in a period by when they happened, Leicester days at its edges", async () => {
    const log = await open();
    const q3 = parseQuarter('2026/27-Q3'); // 1 October (BST) to 1 January (GMT)
    const at = (contactId: string, iso: string, caseId = CASE) =>
      contact({ contactId, caseId, at: new Date(iso), recordedAt: new Date(iso) });
    // 23:30 on 30 September in Leicester (BST): the quarter before.
    await log.record(at('before', '2026-09-30T22:30:00Z'));
    // 00:30 on 1 October in Leicester: the quarter's first hour, though still 30 September in UTC.
    await log.record(at('first', '2026-09-30T23:30:00Z'));
    await log.record(at('middle', '2026-11-20T14:00:00Z', OTHER_CASE));
    await log.record(at('last', '2026-12-31T23:59:00Z'));
    await log.record(at('after', '2027-01-01T00:00:00Z', OTHER_CASE));

    expect((await log.listInPeriod(q3.from, q3.to)).map((c) => c.contactId)).toEqual([
      'first',
      'middle',
      'last',
    ]);
    // Any period, not only a quarter: part of a day is read as the day and cut to the period.
    expect(
      (await log.listInPeriod(new Date('2026-11-20T12:00:00Z'), new Date('2026-11-20T15:00:00Z'))).map(
        (c) => [c.contactId, c.caseId],
      ),
    ).toEqual([['middle', OTHER_CASE]]);
  });
});
