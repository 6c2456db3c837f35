import { caseIdFor } from '../../shared/domain/case.ts';
import { DEADLINE_RULES, ruleOfTask } from '../../shared/domain/deadline-rules.ts';
import { executionArnOf } from '../engine/engine.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { Arrival, SimulatedReferral } from './arrivals.ts';
import { inParallel } from './in-parallel.ts';

/** One referral's end, as the report reads it. */
export interface SimulatedReferralEnd {
  readonly referralId: string;
  readonly result: string;
  readonly transitions: number;
  readonly breaches: readonly string[];
}

const REPORT_READS_AT_ONCE = 16;

/** The entries in order of their keys, so the same run reports the same way. */
export function sortedRecord<V>(map: ReadonlyMap<string, V> | Record<string, V>): Record<string, V> {
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** Reads every execution's end and every case's timeline: paths, deadlines met and breached, transitions. */
export async function collectOutcome(
  system: LocalSystem,
  arrivals: readonly Arrival[],
  onReferral: ((referral: SimulatedReferralEnd) => void) | undefined,
) {
  const referrals: SimulatedReferral[] = arrivals.flatMap((arrival) => arrival.referrals);
  const paths = new Map<string, number>();
  const breaches = new Map<string, number>();
  const atRisk = new Map<string, number>();
  const applied = new Map<string, number>();
  const messages = new Map<string, Map<string, number>>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let completed = 0;
  let transitions = 0;
  await inParallel(referrals, REPORT_READS_AT_ONCE, async (referral) => {
    const described = await system.engine.describeExecution(
      executionArnOf(system.definitions.contactPathArn, referral.referralId),
    );
    transitions += described.stateTransitions;
    if (described.status !== 'RUNNING') completed++;
    const result =
      described.status === 'SUCCEEDED'
        ? String((JSON.parse(described.output ?? '{}') as { result?: unknown }).result ?? 'succeeded')
        : described.status.toLowerCase().replace('_', '-');
    add(paths, result);

    const caseId = caseIdFor(referral.source, referral.reference);
    for (const message of await system.messages.listMessages(caseId)) {
      const byStatus = messages.get(message.channel) ?? new Map<string, number>();
      messages.set(message.channel, byStatus);
      add(byStatus, message.status);
    }
    const timeline = await system.store.timeline(caseId);
    const rules = new Set<string>();
    for (const event of timeline) {
      const rule = String(event.detail.rule ?? '');
      if (event.type === 'deadline-breached') {
        add(breaches, rule);
        rules.add(rule);
      } else if (event.type === 'deadline-at-risk') add(atRisk, rule);
      else if (event.type === 'task-completed') {
        const applies = ruleOfTask(String(event.detail.taskType), String(event.detail.taskId));
        if (applies) rules.add(applies);
      } else if (event.type === 'message-recorded') {
        if (event.detail.purpose === 'support-offer') rules.add('written-on-the-day');
        if (event.detail.purpose === 'home-visit-notice') rules.add('visit-notice-on-the-day');
      }
    }
    for (const rule of rules) add(applied, rule);
    onReferral?.({
      referralId: referral.referralId,
      result,
      transitions: described.stateTransitions,
      breaches: timeline
        .filter((event) => event.type === 'deadline-breached')
        .map((event) => String(event.detail.rule))
        .sort(),
    });
  });
  const deadlines: Record<string, { met: number; breached: number }> = {};
  // Rules the path records that this list does not know yet are reported too.
  for (const rule of new Set<string>([...DEADLINE_RULES, ...[...breaches.keys()].sort()])) {
    const breached = breaches.get(rule) ?? 0;
    deadlines[rule] = { met: (applied.get(rule) ?? 0) - breached, breached };
  }
  return {
    completed,
    paths: sortedRecord(paths),
    breaches: sortedRecord(breaches),
    deadlines,
    atRisk: sortedRecord(atRisk),
    messages: Object.fromEntries(
      ['email', 'sms', 'letter']
        .filter((channel) => messages.has(channel))
        .map((channel) => [channel, sortedRecord(messages.get(channel) as Map<string, number>)]),
    ),
    transitions,
  };
}
