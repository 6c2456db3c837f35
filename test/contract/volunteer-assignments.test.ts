import { describe, expect, it } from 'vitest';
import { DynamoDbVolunteerAssignments } from '../../shared/adapters/dynamodb/volunteer-assignments.ts';
import { InMemoryVolunteerAssignments } from '../../shared/adapters/memory/volunteer-assignments.ts';
import type { VolunteerAssignment } from '../../shared/domain/volunteering.ts';
import type { VolunteerAssignments } from '../../shared/ports/volunteer-assignments.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-VOL00-00001';
const OTHER_CASE = 'VF-VOL00-00002';

const assignment = (overrides: Partial<VolunteerAssignment> = {}): Omit<VolunteerAssignment, 'ended'> => ({
  caseId: CASE,
  volunteer: 'volunteer.one',
  assignmentId: '5b0f3c1e-7d2a-4e8b-9c6f-1a2b3c4d5e6f',
  by: 'team.leader',
  at: new Date('2027-01-20T10:00:00Z'),
  ...overrides,
});

const ending = { by: 'team.leader', at: new Date('2027-02-01T09:30:00Z') };

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<VolunteerAssignments> => new InMemoryVolunteerAssignments()],
  [
    'on DynamoDB Local',
    async (): Promise<VolunteerAssignments> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbVolunteerAssignments(client, tableName);
    },
  ],
])('the volunteer assignments %s', (_where, open) => {
  it('has no volunteer on any case to begin with', async () => {
    const store = await open();

    expect(await store.isAssigned(CASE, 'volunteer.one')).toBe(false);
    expect(await store.forCase(CASE)).toEqual([]);
    expect(await store.forVolunteer('volunteer.one')).toEqual([]);
  });

  it('assigns a volunteer, who then has the case, listed on both sides with every field', async () => {
    const store = await open();

    const result = await store.assign(assignment());

    expect(result).toEqual({ status: 'assigned', assignment: assignment() });
    expect(await store.isAssigned(CASE, 'volunteer.one')).toBe(true);
    expect(await store.isAssigned(OTHER_CASE, 'volunteer.one')).toBe(false);
    expect(await store.isAssigned(CASE, 'volunteer.two')).toBe(false);
    expect(await store.forCase(CASE)).toEqual([assignment()]);
    expect(await store.forVolunteer('volunteer.one')).toEqual([assignment()]);
  });

  it('answers the same assignment sent again, or another for a volunteer who has the case, with the one kept', async () => {
    const store = await open();
    await store.assign(assignment());

    expect(await store.assign(assignment())).toEqual({
      status: 'already-assigned',
      assignment: assignment(),
    });
    expect(
      await store.assign(assignment({ assignmentId: 'another-form', at: new Date('2027-01-21T10:00:00Z') })),
    ).toEqual({ status: 'already-assigned', assignment: assignment() });
    expect(await store.forCase(CASE)).toHaveLength(1);
    expect(await store.forVolunteer('volunteer.one')).toHaveLength(1);
  });

  it('lists a volunteer’s cases and a case’s volunteers, the earliest assigned first', async () => {
    const store = await open();
    await store.assign(
      assignment({ caseId: OTHER_CASE, assignmentId: 'b', at: new Date('2027-01-22T10:00:00Z') }),
    );
    await store.assign(assignment());
    await store.assign(
      assignment({ volunteer: 'volunteer.two', assignmentId: 'c', at: new Date('2027-01-23T10:00:00Z') }),
    );

    expect((await store.forVolunteer('volunteer.one')).map((a) => a.caseId)).toEqual([CASE, OTHER_CASE]);
    expect((await store.forCase(CASE)).map((a) => a.volunteer)).toEqual(['volunteer.one', 'volunteer.two']);
  });

  it('ends an assignment once: the case leaves the volunteer’s list, and ending it again answers as the first', async () => {
    const store = await open();
    await store.assign(assignment());

    const first = await store.end(CASE, 'volunteer.one', assignment().assignmentId, ending);
    const again = await store.end(CASE, 'volunteer.one', assignment().assignmentId, {
      by: 'someone.else',
      at: new Date('2027-03-01T09:00:00Z'),
    });

    expect(first).toEqual({ status: 'ended', assignment: { ...assignment(), ended: ending } });
    expect(again).toEqual({ status: 'already-ended', assignment: { ...assignment(), ended: ending } });
    expect(await store.isAssigned(CASE, 'volunteer.one')).toBe(false);
    expect(await store.forCase(CASE)).toEqual([]);
    expect(await store.forVolunteer('volunteer.one')).toEqual([]);
  });

  it('does not end an assignment the case does not have', async () => {
    const store = await open();
    await store.assign(assignment());

    expect(await store.end(CASE, 'volunteer.one', 'not-this-one', ending)).toEqual({ status: 'not-found' });
    expect(await store.end(OTHER_CASE, 'volunteer.one', assignment().assignmentId, ending)).toEqual({
      status: 'not-found',
    });
    expect(await store.isAssigned(CASE, 'volunteer.one')).toBe(true);
  });

  it('assigns a volunteer again after their assignment ended, under the new form’s id', async () => {
    const store = await open();
    await store.assign(assignment());
    await store.end(CASE, 'volunteer.one', assignment().assignmentId, ending);
    const again = assignment({ assignmentId: 'second-time', at: new Date('2027-02-10T10:00:00Z') });

    expect(await store.assign(again)).toEqual({ status: 'assigned', assignment: again });
    expect(await store.forVolunteer('volunteer.one')).toEqual([again]);
    // The first assignment is no longer the case's: ending it now finds nothing.
    expect(await store.end(CASE, 'volunteer.one', assignment().assignmentId, ending)).toEqual({
      status: 'not-found',
    });
  });

  it('gives one volunteer the case once when two team leaders assign them at the same moment', async () => {
    const store = await open();

    const results = await Promise.all([
      store.assign(assignment({ assignmentId: 'one' })),
      store.assign(assignment({ assignmentId: 'two' })),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['already-assigned', 'assigned']);
    expect(await store.forVolunteer('volunteer.one')).toHaveLength(1);
    const kept = (await store.forCase(CASE))[0];
    expect(results.every((r) => r.assignment.assignmentId === kept?.assignmentId)).toBe(true);
  });
});
