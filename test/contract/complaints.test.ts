import { describe, expect, it } from 'vitest';
import { DynamoDbComplaints } from '../../shared/adapters/dynamodb/complaints.ts';
import { InMemoryComplaints } from '../../shared/adapters/memory/complaints.ts';
import { type Complaint, complaintDeadlines, complaintIdOf } from '../../shared/domain/complaints.ts';
import type { ComplaintStore } from '../../shared/ports/complaints.ts';
import { freshStore } from '../support/store.ts';

const RECEIVED = new Date('2026-12-14T10:00:00Z');

const complaint = (formKey: string, overrides: Partial<Complaint> = {}): Complaint => ({
  complaintId: complaintIdOf(formKey),
  service: 'victim-first',
  lot: 1,
  channel: 'public-form',
  receivedAt: RECEIVED,
  whatWentWrong: 'Nobody called me back when they said they would.',
  wanted: 'A call back and an apology.',
  reply: { channel: 'email', address: 'sample.complainant@example.org' },
  ...complaintDeadlines(RECEIVED),
  notes: [],
  alerts: [],
  actions: [],
  ...overrides,
});

const A = complaint('0b8f3c52-7d1e-4a90-8b2c-3d4e5f6a7b8c');
const B = complaint('1c9a4d63-8e2f-4b01-9c3d-4e5f6a7b8c9d', {
  service: 'target-hardening',
  lot: 2,
  channel: 'phone',
  keyedBy: 'team.leader',
  caseReference: 'TH-123456',
  reply: { channel: 'sms', address: '+447700900123' },
});
const CLOSE = {
  finding: 'partly-upheld' as const,
  summary: 'The call was late.',
  by: 'team.leader',
  at: new Date('2026-12-21T15:00:00Z'),
};
const ACTIONS = [
  { number: 1, text: 'Remind the team of call-back times', owner: 'team.leader', due: '2027-01-08' },
  { number: 2, text: 'Call the complainant', owner: 'caseworker.one', due: '2026-12-23' },
];

describe.each([
  ['in memory', async (): Promise<ComplaintStore> => new InMemoryComplaints()],
  [
    'on DynamoDB Local',
    async (): Promise<ComplaintStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbComplaints(client, tableName);
    },
  ],
])('the complaints %s', (_where, open) => {
  it('keeps a complaint once, as given', async () => {
    const store = await open();
    expect(await store.receive(A)).toBe('received');
    expect(await store.receive({ ...A, wanted: 'something else' })).toBe('already-received');
    expect(await store.get(A.complaintId)).toEqual(A);
    expect(await store.receive(B)).toBe('received');
    expect(await store.get(B.complaintId)).toEqual(B);
    expect(await store.get(complaintIdOf('2d0b5e74-9f30-4c12-8d4e-5f6a7b8c9d0e'))).toBeUndefined();
  });

  it('acknowledges once, assigns, keeps each note and alert once', async () => {
    const store = await open();
    await store.receive(A);
    const ack = { by: 'team.leader', at: new Date('2026-12-14T12:00:00Z'), message: 'sent' as const };
    expect(await store.acknowledge(A.complaintId, ack)).toBe('done');
    expect(await store.acknowledge(A.complaintId, { ...ack, by: 'caseworker.one' })).toBe('already');
    expect(await store.assign(A.complaintId, 'caseworker.one')).toBe('done');
    expect(await store.assign(A.complaintId, 'caseworker.two')).toBe('done');
    const note = {
      noteId: '5b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
      text: 'Checked the call log.',
      by: 'caseworker.two',
      at: new Date('2026-12-15T09:00:00Z'),
    };
    expect(await store.addNote(A.complaintId, note)).toBe('done');
    expect(await store.addNote(A.complaintId, { ...note, text: 'again' })).toBe('already');
    expect(await store.raiseAlert(A.complaintId, 'respond-warning', new Date('2027-01-11T09:00:00Z'))).toBe(
      'done',
    );
    expect(await store.raiseAlert(A.complaintId, 'respond-warning', new Date('2027-01-12T09:00:00Z'))).toBe(
      'already',
    );
    expect(await store.acknowledge('CMP-00000000', ack)).toBe('not-found');
    expect(await store.get(A.complaintId)).toEqual({
      ...A,
      acknowledged: ack,
      assignee: 'caseworker.two',
      notes: [note],
      alerts: [{ alert: 'respond-warning', at: new Date('2027-01-11T09:00:00Z') }],
    });
  });

  it('closes once with its finding and actions, each action done once', async () => {
    const store = await open();
    await store.receive(A);
    expect(await store.close(A.complaintId, CLOSE, ACTIONS)).toBe('done');
    expect(await store.close(A.complaintId, { ...CLOSE, finding: 'upheld' }, [])).toBe('already');
    const done = { by: 'caseworker.one', at: new Date('2026-12-22T10:00:00Z') };
    expect(await store.completeAction(A.complaintId, 2, done)).toBe('done');
    expect(await store.completeAction(A.complaintId, 2, { ...done, by: 'team.leader' })).toBe('already');
    expect(await store.completeAction(A.complaintId, 3, done)).toBe('not-found');
    const kept = await store.get(A.complaintId);
    expect(kept?.closed).toEqual(CLOSE);
    expect(kept?.actions).toEqual([ACTIONS[0], { ...ACTIONS[1], done }]);
  });

  it('lists each lot open by deadline and closed latest first, and a period by received or closed date', async () => {
    const store = await open();
    const later = complaint('3e1c6f85-a041-4d23-9e5f-6a7b8c9d0e1f', {
      receivedAt: new Date('2026-12-16T10:00:00Z'),
      ...complaintDeadlines(new Date('2026-12-16T10:00:00Z')),
    });
    await store.receive(later);
    await store.receive(A);
    await store.receive(B);
    expect((await store.listOpen(1, 10)).map((c) => c.complaintId)).toEqual([
      A.complaintId,
      later.complaintId,
    ]);
    expect((await store.listOpen(2, 10)).map((c) => c.complaintId)).toEqual([B.complaintId]);
    expect(await store.listOpen(1, 1)).toHaveLength(1);
    await store.close(A.complaintId, CLOSE, []);
    expect((await store.listOpen(1, 10)).map((c) => c.complaintId)).toEqual([later.complaintId]);
    expect((await store.listClosed(1, 10)).map((c) => c.complaintId)).toEqual([A.complaintId]);
    expect(await store.listClosed(2, 10)).toEqual([]);
    // A received 14 Dec, closed 21 Dec; the later one received 16 Dec.
    const ids = async (from: string, to: string) =>
      (await store.listForPeriod(new Date(from), new Date(to))).map((c) => c.complaintId).sort();
    expect(await ids('2026-12-15T00:00:00Z', '2026-12-20T00:00:00Z')).toEqual([later.complaintId]);
    expect(await ids('2026-12-20T00:00:00Z', '2026-12-31T00:00:00Z')).toEqual([A.complaintId]);
    expect(await ids('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(
      [A.complaintId, B.complaintId, later.complaintId].sort(),
    );
  });
});
