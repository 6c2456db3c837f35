import { describe, expect, it } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import { EngineComplaintClocks } from '../../local/engine/engine-workflows.ts';
import {
  acknowledgeComplaint,
  closeComplaint,
  type ReceiveComplaintDeps,
  receiveComplaint,
} from '../../shared/application/complaints.ts';
import { DEFAULT_COMPLAINT_CLOCK } from '../../shared/domain/complaints.ts';
import { advanceUntil, executionOf } from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  definitionsOnce,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** Acknowledge by the end of Thursday 17 December; warned at 09:00 on Wednesday 16th. */
const ACK_WARNING = new Date('2026-12-16T09:00:00Z');
const ACK_BY = new Date('2026-12-18T00:00:00Z');
/** Twenty working days, past Christmas Day, the Boxing Day substitute and New Year's Day: Friday 15 January. */
const RESPOND_WARNING = new Date('2027-01-14T09:00:00Z');
const RESPOND_BY = new Date('2027-01-16T00:00:00Z');
const TEAM_LEADER = { by: 'team.leader', role: 'team-leader' };

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

async function aComplaint() {
  fresh = await freshLocalSystem(TUESDAY_10AM);
  const arn = definitionsOnce().complaintClockArn as string;
  const deps: ReceiveComplaintDeps = {
    complaints: fresh.system.complaints,
    audit: fresh.system.audit,
    clocks: new EngineComplaintClocks(fresh.system.engine, arn),
    rules: DEFAULT_COMPLAINT_CLOCK,
  };
  const complaint = await receiveComplaint(
    deps,
    {
      formKey: '0b8f3c52-7d1e-4a90-8b2c-3d4e5f6a7b8c',
      channel: 'public-form',
      details: {
        service: 'victim-first',
        whatWentWrong: 'Nobody called me back.',
        wanted: 'A call.',
        reply: { channel: 'none' },
      },
      at: TUESDAY_10AM,
    },
    { by: 'public', role: 'public' },
  );
  const execution = executionArnOf(arn, complaint.complaintId);
  const alerts = async () => (await fresh.system.complaints.get(complaint.complaintId))?.alerts ?? [];
  return { complaint, deps, execution, alerts };
}

describe("a complaint's working-day clock on the engine", () => {
  it('warns the working day before each deadline, not before, and raises no breach of a stage done in time', async () => {
    const { complaint, deps, execution, alerts } = await aComplaint();
    expect([complaint.acknowledgeBy, complaint.respondBy]).toEqual([ACK_BY, RESPOND_BY]);

    await fresh.system.engine.advanceTo(new Date(ACK_WARNING.getTime() - 60_000), fresh.clock);
    expect(await alerts()).toEqual([]);
    await advanceUntil(fresh, async () => (await alerts()).length > 0);
    expect(await alerts()).toEqual([{ alert: 'acknowledge-warning', at: ACK_WARNING }]);

    const acknowledging = {
      ...deps,
      messages: fresh.system.messages,
      messenger: fresh.system.messenger,
      recipientLimits: { take: async () => 'granted' as const },
    };
    expect(
      await acknowledgeComplaint(acknowledging, complaint.complaintId, fresh.clock.now(), TEAM_LEADER),
    ).toBe('done');
    await fresh.system.engine.advanceTo(new Date(RESPOND_WARNING.getTime() - 60_000), fresh.clock);
    expect((await alerts()).map((a) => a.alert)).toEqual(['acknowledge-warning']);
    await advanceUntil(fresh, async () => (await alerts()).length > 1);
    expect((await alerts())[1]).toEqual({ alert: 'respond-warning', at: RESPOND_WARNING });

    await closeComplaint(
      deps,
      {
        complaintId: complaint.complaintId,
        finding: 'not-upheld',
        summary: 'Called as agreed.',
        actions: [],
        at: fresh.clock.now(),
      },
      TEAM_LEADER,
    );
    await advanceUntil(fresh, async () => (await executionOf(fresh, execution)).status !== 'RUNNING');
    expect((await executionOf(fresh, execution)).status).toBe('SUCCEEDED');
    expect((await alerts()).map((a) => a.alert)).toEqual(['acknowledge-warning', 'respond-warning']);
  });

  it('raises the breach of a deadline missed, and stops once the complaint is closed', async () => {
    const { complaint, deps, execution, alerts } = await aComplaint();

    await advanceUntil(fresh, async () => (await alerts()).length > 1);
    expect(await alerts()).toEqual([
      { alert: 'acknowledge-warning', at: ACK_WARNING },
      { alert: 'acknowledge-breach', at: ACK_BY },
    ]);
    await closeComplaint(
      deps,
      {
        complaintId: complaint.complaintId,
        finding: 'upheld',
        summary: 'Late.',
        actions: [],
        at: fresh.clock.now(),
      },
      TEAM_LEADER,
    );
    await advanceUntil(fresh, async () => (await executionOf(fresh, execution)).status !== 'RUNNING');
    expect((await executionOf(fresh, execution)).status).toBe('SUCCEEDED');
    // Stopped at the next stop (the response warning), raising nothing more.
    expect(fresh.clock.now()).toEqual(RESPOND_WARNING);
    expect(await alerts()).toHaveLength(2);
  });
});
