import { describe, expect, it } from 'vitest';
import type { FunctionName } from '../../functions/registry.ts';
import { TRANSIENT_FUNCTION_ERRORS } from '../../workflows/standard-state-machine.ts';
import {
  advanceUntil,
  completeAs,
  NO_ANSWER,
  receivePartnerReferral,
  tasksOf,
  untilTaskOpen,
} from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  type EngineProcess,
  engineProcess,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let fresh: FreshLocalSystem;

closingEachTestsSystem(() => fresh);

/**
 * An engine on the system's tables whose first `times` calls of `failing` fail with an error named `error`
 * (after the function has run, as a call that times out has), and which counts every call.
 */
function failingEngine(
  failing: FunctionName,
  error: string,
  times: number,
): EngineProcess & { calls: Map<FunctionName, number> } {
  const calls = new Map<FunctionName, number>();
  const process = engineProcess(fresh, {
    wrapInvoke: (invoke) => async (functionArn, payload) => {
      const name = fresh.system.definitions.functionsByArn.get(functionArn) as FunctionName;
      const made = (calls.get(name) ?? 0) + 1;
      calls.set(name, made);
      const result = await invoke(functionArn, payload);
      if (name === failing && made <= times) {
        throw Object.assign(new Error(`${name} did not answer in time`), { name: error });
      }
      return result;
    },
  });
  return { ...process, calls };
}

describe('a function call that fails for a moment', () => {
  it.each(['TimeoutError', 'ProvisionedThroughputExceededException', 'Lambda.Unknown'])(
    'is retried on %s, and the path carries on with one task',
    async (error) => {
      expect(TRANSIENT_FUNCTION_ERRORS).toContain(error);
      fresh = await freshLocalSystem(TUESDAY_10AM);
      const via = failingEngine('createTask', error, 2);
      const referral = await receivePartnerReferral(fresh, { contactMethod: 'home-telephone' });

      // The first two calls create the task and then fail; the third's token is the one the path waits on.
      await advanceUntil(fresh, async () => via.calls.get('createTask') === 3, via.engine);
      const history = await via.engine.getExecutionHistory(referral.executionArn);
      expect(
        history.filter((event) => event.type === 'TaskFailed').map((event) => event.details?.error),
      ).toEqual([error, error]);
      expect((await via.engine.describeExecution(referral.executionArn)).status).toBe('RUNNING');
      const first = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1, via.engine);
      expect((await tasksOf(fresh, referral.caseId)).map((t) => t.taskId)).toEqual([first.taskId]);

      // The caseworker's outcome reaches the path, which queues the next call.
      await completeAs(fresh, first.taskId, NO_ANSWER, 'caseworker.one', via);
      const second = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 2, via.engine);
      expect(second.status).toBe('open');
    },
  );

  it('fails the execution when the fault outlasts the retries, so its alarm is raised', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const via = failingEngine('planContactPath', 'TimeoutError', 4);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'home-telephone' });

    await expect(
      advanceUntil(
        fresh,
        async () => (await via.engine.describeExecution(referral.executionArn)).status !== 'RUNNING',
        via.engine,
      ),
    ).resolves.toBeInstanceOf(Date);

    expect(via.calls.get('planContactPath')).toBe(4);
    const described = await via.engine.describeExecution(referral.executionArn);
    expect([described.status, described.error]).toEqual(['FAILED', 'TimeoutError']);
  });

  it('is not retried on an error that is not transient: the execution fails at once', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const via = failingEngine('planContactPath', 'TypeError', 1);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'home-telephone' });

    await advanceUntil(
      fresh,
      async () => (await via.engine.describeExecution(referral.executionArn)).status !== 'RUNNING',
      via.engine,
    );

    expect(via.calls.get('planContactPath')).toBe(1);
    expect((await via.engine.describeExecution(referral.executionArn)).error).toBe('TypeError');
  });
});
