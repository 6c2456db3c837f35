import {
  acknowledgeComplaint,
  closeComplaint,
  completeComplaintAction,
  receiveComplaint,
} from '../../shared/application/complaints.ts';
import { addCalendarDays, localDateOf } from '../../shared/domain/calendar.ts';
import { complaintIdOf, DEFAULT_COMPLAINT_CLOCK, type Finding } from '../../shared/domain/complaints.ts';
import { EngineComplaintClocks } from '../engine/engine-workflows.ts';
import type { LocalSystem } from '../system/local-system.ts';
import { formKey, workingTime } from './care-time.ts';
import { keyedRandom, weighted } from './keyed-random.ts';

// Complaints in the simulation (docs/complaints.md): a few cases in care make one, some about the
// home-security service (Lot 2); each is acknowledged (mostly in time), investigated and closed with a
// finding and, when upheld, an action its owner marks done. Every step goes through the service the web
// app uses, keyed by its form's key, so a step worked again after a stop records once.

/** The share of cases in care whose victim complains (some 3 in 100 referrals), and of those about the home-security service. */
const COMPLAINT_SHARE = 0.2;
const LOT_2_SHARE = 0.35;
const TEAM_LEADER = { by: 'team.leader.1', role: 'team-leader' };
const CONTRACTOR = { by: 'contractor.one', role: 'contractor' };

export type ComplaintStage = 'receive' | 'acknowledge' | 'close' | 'action-done';
export interface ComplaintStep {
  readonly kind: 'complaint';
  readonly at: number;
  readonly stage: ComplaintStage;
}

/** A case's complaint, if its victim makes one: its steps from first contact, and its last working day. */
export function complaintPlan(
  seed: number,
  caseId: string,
  from: number,
): { steps: ComplaintStep[]; lastDay: number } {
  const random = keyedRandom(seed, `complaint|${caseId}`);
  if (!random.chance(COMPLAINT_SHARE)) return { steps: [], lastDay: 0 };
  const received = random.int(2, 8);
  // Most acknowledged the next working day; some late.
  const acknowledged = received + (random.chance(0.85) ? 1 : 4);
  // Most answered within the twenty working days; some late.
  const closed = received + (random.chance(0.8) ? random.int(6, 18) : random.int(21, 25));
  const done = closed + random.int(3, 10);
  const at = (day: number) => workingTime(random, from, day);
  return {
    steps: [
      { kind: 'complaint', at: at(received), stage: 'receive' },
      { kind: 'complaint', at: at(acknowledged), stage: 'acknowledge' },
      { kind: 'complaint', at: at(closed), stage: 'close' },
      { kind: 'complaint', at: at(done), stage: 'action-done' },
    ],
    lastDay: done,
  };
}

/** Works one step of a case's complaint; nothing when the system has no complaint clock. */
export async function workComplaintStep(
  system: LocalSystem,
  now: Date,
  seed: number,
  caseId: string,
  step: ComplaintStep,
): Promise<void> {
  const arn = system.definitions.complaintClockArn;
  if (!arn) return;
  const random = keyedRandom(seed, `complaint|${caseId}|details`);
  const lot2 = random.chance(LOT_2_SHARE);
  const actor = lot2 ? CONTRACTOR : TEAM_LEADER;
  const key = formKey(seed, `complaint|${caseId}`);
  const complaintId = complaintIdOf(key);
  const deps = { complaints: system.complaints, audit: system.audit };
  switch (step.stage) {
    case 'receive':
      await receiveComplaint(
        { ...deps, clocks: new EngineComplaintClocks(system.engine, arn), rules: DEFAULT_COMPLAINT_CLOCK },
        {
          formKey: key,
          channel: weighted(random, [
            ['public-form', 6],
            ['phone', 3],
            ['letter', 1],
          ] as const),
          details: {
            service: lot2 ? 'target-hardening' : 'victim-first',
            whatWentWrong: lot2
              ? 'The fitter arrived late and left the old lock on the back door.'
              : 'I was promised a call back on Friday and nobody called.',
            wanted: 'An apology and for it to be put right.',
            caseReference: caseId,
            // The simulated victims ask for no message: no outbox item for each complaint.
            reply: { channel: 'none' },
          },
          at: now,
        },
        { by: 'public', role: 'public' },
      );
      return;
    case 'acknowledge':
      await acknowledgeComplaint(
        {
          ...deps,
          messages: system.messages,
          messenger: system.messenger,
          recipientLimits: { take: async () => 'granted' },
        },
        complaintId,
        now,
        actor,
      );
      return;
    case 'close': {
      const finding = weighted<Finding>(random, [
        ['upheld', 3],
        ['partly-upheld', 3],
        ['not-upheld', 4],
      ]);
      const due = addCalendarDays(localDateOf(now), 14);
      await closeComplaint(
        deps,
        {
          complaintId,
          finding,
          summary: 'Looked into with the staff involved; the complainant was told what we found.',
          actions:
            finding === 'not-upheld'
              ? []
              : [
                  {
                    number: 1,
                    text: 'Put right what went wrong and check it with the complainant',
                    owner: actor.by,
                    due,
                  },
                ],
          at: now,
        },
        actor,
      );
      return;
    }
    case 'action-done':
      if ((await system.complaints.get(complaintId))?.actions.length)
        await completeComplaintAction(deps, { complaintId, number: 1, at: now }, actor);
      return;
  }
}
