import { describe, expect, it } from 'vitest';
import { DynamoDbGroupSessions } from '../../shared/adapters/dynamodb/group-sessions.ts';
import { InMemoryGroupSessions } from '../../shared/adapters/memory/group-sessions.ts';
import type { GroupAttendance, GroupSession } from '../../shared/domain/group-session.ts';
import type { GroupSessions } from '../../shared/ports/group-sessions.ts';
import { freshStore } from '../support/store.ts';

const session = (overrides: Partial<GroupSession> = {}): GroupSession => ({
  sessionId: '3f1c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  date: '2026-12-12',
  venue: 'Example Street youth centre, Leicester',
  title: 'Feeling safe online',
  recordedBy: 'caseworker.one',
  recordedAt: new Date('2026-12-14T10:00:00Z'),
  ...overrides,
});

const attendance = (caseId: string, overrides: Partial<GroupAttendance> = {}): GroupAttendance => ({
  sessionId: session().sessionId,
  caseId,
  date: '2026-12-12',
  recordedBy: 'caseworker.one',
  recordedAt: new Date('2026-12-14T10:00:00Z'),
  ...overrides,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<GroupSessions> => new InMemoryGroupSessions()],
  [
    'on DynamoDB Local',
    async (): Promise<GroupSessions> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbGroupSessions(client, tableName);
    },
  ],
])('group sessions %s', (_where, open) => {
  it('holds no sessions to begin with', async () => {
    const sessions = await open();

    expect(await sessions.get(session().sessionId)).toBeUndefined();
    expect(await sessions.listHeld('2026-01-01', '2027-01-01')).toEqual([]);
  });

  it('records a session once and gives it back with its attendees, each once', async () => {
    const sessions = await open();

    expect(await sessions.record(session())).toBe('recorded');
    expect(await sessions.record(session({ title: 'Something else' }))).toBe('already-recorded');
    expect(await sessions.recordAttendance(attendance('VF-GRP00-00002'))).toBe('recorded');
    expect(await sessions.recordAttendance(attendance('VF-GRP00-00001'))).toBe('recorded');
    expect(await sessions.recordAttendance(attendance('VF-GRP00-00001', { recordedBy: 'team.leader' }))).toBe(
      'already-recorded',
    );

    expect(await sessions.get(session().sessionId)).toEqual({
      session: session(),
      attendees: [attendance('VF-GRP00-00001'), attendance('VF-GRP00-00002')],
    });
  });

  it('refuses attendance at a session not recorded', async () => {
    const sessions = await open();

    await expect(sessions.recordAttendance(attendance('VF-GRP00-00001'))).rejects.toThrow(/not recorded/);
    expect(await sessions.get(session().sessionId)).toBeUndefined();
  });

  it('lists the sessions held in a period, newest first, across months, each with its own attendees', async () => {
    const sessions = await open();
    const november = session({ sessionId: 'a1', date: '2026-11-30', title: 'Sleep and worry' });
    const december = session({ sessionId: 'b2', date: '2026-12-01' });
    const january = session({ sessionId: 'c3', date: '2027-01-01', title: 'New year' });
    for (const s of [november, december, january]) await sessions.record(s);
    await sessions.recordAttendance(attendance('VF-GRP00-00001', { sessionId: 'a1', date: '2026-11-30' }));
    await sessions.recordAttendance(attendance('VF-GRP00-00001', { sessionId: 'b2', date: '2026-12-01' }));
    await sessions.recordAttendance(attendance('VF-GRP00-00003', { sessionId: 'b2', date: '2026-12-01' }));

    const held = await sessions.listHeld('2026-11-30', '2027-01-01');

    expect(held.map((r) => r.session.sessionId)).toEqual(['b2', 'a1']);
    expect(held[0]?.attendees.map((a) => a.caseId)).toEqual(['VF-GRP00-00001', 'VF-GRP00-00003']);
    expect(held[1]?.attendees.map((a) => a.caseId)).toEqual(['VF-GRP00-00001']);
    expect((await sessions.listHeld('2027-01-01', '2027-04-01')).map((r) => r.session)).toEqual([january]);
    expect(await sessions.listHeld('2026-12-02', '2027-01-01')).toEqual([]);
  });
});
