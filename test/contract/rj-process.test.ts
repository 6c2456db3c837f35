import { describe, expect, it } from 'vitest';
import { DynamoDbMhTriageStore, DynamoDbRjProcessStore } from '../../shared/adapters/dynamodb/rj-process.ts';
import { InMemoryMhTriageStore, InMemoryRjProcessStore } from '../../shared/adapters/memory/rj-process.ts';
import { RjStateError } from '../../shared/domain/case-support.ts';
import { MhTriageNotFoundError } from '../../shared/domain/mh-triage.ts';
import type { NewRjProcess, RjDecision } from '../../shared/domain/rj-process.ts';
import type { MhTriageStore, RjProcessStore } from '../../shared/ports/rj-process.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-RJP00-00001';
const OTHER_CASE = 'VF-RJP00-00002';
const at = (iso: string) => new Date(iso);

const offer = (overrides: Partial<NewRjProcess> = {}): NewRjProcess => ({
  caseId: CASE,
  offerId: '6f1c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  offer: {
    result: 'accepted',
    victimInitiated: true,
    offenderAdmitted: true,
    type: 'shuttle-mediation',
    facilitator: 'caseworker.one',
    by: 'caseworker.two',
    at: at('2026-12-15T10:30:00Z'),
  },
  exception: { taskId: `${CASE}.rj-exception-decision.1`, raisedAt: at('2026-12-15T10:30:00Z') },
  ...overrides,
});

const decision = (approved: boolean, by = 'team.leader'): RjDecision => ({
  criteria: {
    'clear-benefit': { met: true, reason: 'The victim wants to ask why' },
    'no-harm': { met: approved, reason: 'Risk assessed with the offender manager' },
    'experienced-facilitator': { met: true, reason: 'Ten years of conferences' },
  },
  approved,
  by,
  at: at('2026-12-16T09:00:00Z'),
});

const stage = (entryId: string, name: 'preparation' | 'risk-assessment' | 'contact' | 'outcome') => ({
  entryId,
  stage: name,
  ...(name === 'outcome' ? { outcome: 'agreement-reached' as const } : {}),
  by: 'caseworker.one',
  at: at('2027-01-05T11:00:00Z'),
});

const stores = [
  ['in memory', async () => ({ rj: new InMemoryRjProcessStore(), mh: new InMemoryMhTriageStore() })],
  [
    'on DynamoDB Local',
    async () => {
      const { client, tableName } = await freshStore();
      return {
        rj: new DynamoDbRjProcessStore(client, tableName),
        mh: new DynamoDbMhTriageStore(client, tableName),
      };
    },
  ],
] as const satisfies ReadonlyArray<
  readonly [string, () => Promise<{ rj: RjProcessStore; mh: MhTriageStore }>]
>;

describe.each(stores)('the restorative justice store %s', (_where, open) => {
  it('holds no process to begin with, and gives an offer back as recorded, every field', async () => {
    const { rj } = await open();
    expect(await rj.get(CASE)).toBeUndefined();

    const recorded = await rj.recordOffer(offer());

    expect(recorded.result).toBe('recorded');
    expect(await rj.get(CASE)).toEqual({ ...offer(), stages: [] });
    expect(await rj.get(OTHER_CASE)).toBeUndefined();
  });

  it('records the same offer form once, and refuses a second offer', async () => {
    const { rj } = await open();
    await rj.recordOffer(offer());

    expect((await rj.recordOffer(offer())).result).toBe('already-recorded');
    await expect(rj.recordOffer(offer({ offerId: 'another-form' }))).rejects.toThrow(RjStateError);
    expect((await rj.get(CASE))?.offerId).toBe(offer().offerId);
  });

  it("keeps one team leader's decision: the same again is harmless, a different one refused", async () => {
    const { rj } = await open();
    await expect(rj.decide(CASE, decision(true))).rejects.toThrow(RjStateError);
    await rj.recordOffer(offer());

    expect((await rj.decide(CASE, decision(false))).process.exception?.decision).toEqual(decision(false));
    expect((await rj.decide(CASE, decision(false))).result).toBe('already-recorded');
    await expect(rj.decide(CASE, decision(true, 'team.leader.two'))).rejects.toThrow(RjStateError);
    expect((await rj.get(CASE))?.exception?.decision?.approved).toBe(false);
  });

  it('records stages in order only once the exception is approved, each form once', async () => {
    const { rj } = await open();
    await rj.recordOffer(offer());
    await expect(rj.recordStage(CASE, stage('s1', 'preparation'))).rejects.toThrow(RjStateError);
    await rj.decide(CASE, decision(true));

    await expect(rj.recordStage(CASE, stage('s0', 'contact'))).rejects.toThrow(RjStateError);
    await rj.recordStage(CASE, stage('s1', 'preparation'));
    expect((await rj.recordStage(CASE, stage('s1', 'preparation'))).result).toBe('already-recorded');
    await rj.recordStage(CASE, stage('s2', 'risk-assessment'));
    await rj.recordStage(CASE, stage('s3', 'contact'));
    await rj.recordStage(CASE, stage('s4', 'outcome'));
    await expect(rj.recordStage(CASE, stage('s5', 'outcome'))).rejects.toThrow(RjStateError);

    expect((await rj.get(CASE))?.stages).toEqual([
      stage('s1', 'preparation'),
      stage('s2', 'risk-assessment'),
      stage('s3', 'contact'),
      stage('s4', 'outcome'),
    ]);
  });

  it('of two stages recorded at once, keeps both in order or refuses one, never loses one', async () => {
    const { rj } = await open();
    const { exception: _none, ...plain } = offer();
    await rj.recordOffer(plain);

    const both = await Promise.allSettled([
      rj.recordStage(CASE, stage('a', 'preparation')),
      rj.recordStage(CASE, stage('b', 'preparation')),
    ]);

    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await rj.get(CASE))?.stages).toHaveLength(1);
  });
});

describe.each(stores)('the mental health triage store %s', (_where, open) => {
  const referral = {
    caseId: CASE,
    referralId: '1a2b3c4d-0000-4000-8000-000000000001',
    reason: 'trauma-symptoms' as const,
    urgency: 'routine' as const,
    by: 'caseworker.one',
    at: at('2026-12-15T10:30:00Z'),
  };
  const triage = { outcome: 'seen-and-supported' as const, by: 'nurse.one', at: at('2026-12-20T14:00:00Z') };

  it('records a referral once per form and lists a case’s referrals oldest first', async () => {
    const { mh } = await open();
    const later = { ...referral, referralId: 'later', at: at('2026-12-18T10:00:00Z') };
    await mh.refer(later);

    expect((await mh.refer(referral)).result).toBe('recorded');
    expect((await mh.refer(referral)).result).toBe('already-recorded');
    expect(await mh.listForCase(CASE)).toEqual([referral, later]);
    expect(await mh.listForCase(OTHER_CASE)).toEqual([]);
  });

  it("keeps the nurse's first outcome, and refuses one for a referral that is not there", async () => {
    const { mh } = await open();
    await mh.refer(referral);
    await expect(mh.recordOutcome(CASE, 'missing', triage)).rejects.toThrow(MhTriageNotFoundError);

    expect((await mh.recordOutcome(CASE, referral.referralId, triage)).result).toBe('recorded');
    const again = await mh.recordOutcome(CASE, referral.referralId, { ...triage, outcome: 'did-not-attend' });

    expect(again.result).toBe('already-recorded');
    expect(await mh.get(CASE, referral.referralId)).toEqual({ ...referral, triage });
  });
});
