import type { Clock } from '../../shared/ports/clock.ts';
import {
  ExecutionChangedError,
  type ExecutionRecord,
  type ExecutionStore,
  type TokenStatus,
} from './execution-store.ts';
import { StepFunctionsError } from './step-functions-api.ts';
import { decodeToken } from './task-tokens.ts';
import { persistable, wakeOf } from './transitions.ts';

/** What an answer does to the execution waiting on the token, and the history event it records. */
export type TokenAnswer = (
  record: ExecutionRecord,
  at: string,
) => { record: ExecutionRecord; event?: { type: string; details?: Record<string, unknown> } };

/**
 * Answers the task waiting on a token, exactly once; refuses a token that is forged, spent or late. The
 * engine is nudged to take the answer up (or, for a late one, to time the task out).
 */
export async function answerToken(
  engine: { readonly store: ExecutionStore; readonly clock: Clock; readonly nudge: () => void },
  token: string,
  status: TokenStatus,
  change: TokenAnswer,
): Promise<void> {
  const decoded = decodeToken(token);
  if (!decoded) throw new StepFunctionsError('InvalidToken', 'the task token is not one this engine issued');
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await engine.store.get(decoded.execution);
    const known = record?.tokens[decoded.nonce];
    if (!record || !known)
      throw new StepFunctionsError('TaskDoesNotExist', 'no task is waiting on this token');
    if (known === 'timed-out') throw new StepFunctionsError('TaskTimedOut', 'the task timed out');
    if (known !== 'waiting')
      throw new StepFunctionsError('TaskDoesNotExist', 'the task has already been answered');
    if (record.status !== 'RUNNING' || record.phase !== 'awaiting-token' || record.token !== token) {
      throw new StepFunctionsError('TaskDoesNotExist', 'no task is waiting on this token');
    }
    const at = engine.clock.now().toISOString();
    const deadline = wakeOf({ ...record, invoked: true }, at);
    if (deadline !== undefined && deadline <= at) {
      // Past its deadline: the engine will time it out; the answer is too late, as in Step Functions.
      engine.nudge();
      throw new StepFunctionsError('TaskTimedOut', 'the task timed out');
    }
    const changed = change(record, at);
    const events = changed.event ? [{ timestamp: at, stateName: record.state, ...changed.event }] : [];
    try {
      await engine.store.write(
        persistable(record, {
          record: changed.record,
          events,
          ...(status === 'waiting' ? {} : { token: { token, status } }),
        }),
        record.seq,
      );
      engine.nudge();
      return;
    } catch (error) {
      if (!(error instanceof ExecutionChangedError)) throw error;
    }
  }
  throw new StepFunctionsError('TaskDoesNotExist', 'the task changed while it was being answered; try again');
}
