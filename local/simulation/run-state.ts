import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryMark } from '../lambda-events.ts';
import type { CaseInCare } from './aftercare.ts';

/** `<dataDir>/simulation-run.json`: where a kept simulation stands, so a stopped run can carry on. */
export const RUN_STATE_FILE = 'simulation-run.json';

export const runStateFileOf = (dataDir: string) => join(dataDir, RUN_STATE_FILE);

/** A task a simulated person has in hand: what they will record, and when they finish. */
export interface WorkInHand {
  readonly taskId: string;
  readonly type: string;
  readonly outcome: Record<string, unknown>;
  readonly finishAt: number;
  readonly user: string;
}

/** A delivery report the simulated provider owes, as kept on disk. */
export interface OwedReport {
  readonly at: number;
  readonly mark: DeliveryMark;
  readonly message: {
    readonly caseId: string;
    readonly messageId: string;
    readonly channel: 'email' | 'sms';
    readonly purpose: string;
    readonly sentAt: string;
    readonly providerMessageId?: string;
  };
}

/**
 * What a simulation holds besides the database and the outbox: the clock, the arrivals taken, the staff's
 * work in hand and the provider's reports owed. Written before each moment is worked (instants in
 * milliseconds), so a run stopped at any instant — killed even — is carried on by working that moment again
 * from this state: every step of a moment is idempotent (intake by reference, task completions by task and
 * person, messages by case, purpose and attempt, the engine by its persisted transitions), and every choice
 * is keyed on stable ids, so the moment ends as it would have.
 */
export interface RunState {
  readonly version: 1;
  /** The options of the run, as simulation.json records them: a state is only carried on by the same run. */
  readonly options: Readonly<Record<string, string | number>>;
  /** The moment being worked when this was written. */
  readonly moment: number;
  /** Where the clock stood before it. */
  readonly clock: number;
  /** Arrivals taken in before the moment (an index into the plan), and the referrals they held. */
  readonly arrivalsTaken: number;
  readonly arrived: number;
  readonly opened: number;
  readonly lateRefused: number;
  readonly tasksCompleted: Readonly<Record<string, number>>;
  readonly inProgress: readonly WorkInHand[];
  readonly caseworkersFreeAt: readonly number[];
  readonly teamLeadersFreeAt: readonly number[];
  /** The last work moment, if there was one. */
  readonly lastWork: number | null;
  readonly pending: { readonly caseworkers: boolean; readonly 'team-leaders': boolean };
  readonly reportedDay: number;
  readonly owed: readonly OwedReport[];
  /** Cases in further support the caseworkers work after first contact (none in a state written before). */
  readonly inCare?: readonly CaseInCare[];
  readonly contactsLogged?: number;
  readonly casesClosed?: Readonly<Record<string, number>>;
}

/**
 * Writes the state whole or not at all: a run killed while writing leaves the previous one (and a partial
 * file the next run overwrites; one run at a time holds the directory).
 */
export function writeRunState(dataDir: string, state: RunState): void {
  const file = runStateFileOf(dataDir);
  const partial = `${file}.tmp`;
  writeFileSync(partial, JSON.stringify(state));
  renameSync(partial, file);
}

/** The state a kept simulation left, if it left one this version can read. */
export function readRunState(dataDir: string): RunState | undefined {
  try {
    const state = JSON.parse(readFileSync(runStateFileOf(dataDir), 'utf8')) as RunState;
    return state.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}
