import { describe, expect, it } from 'vitest';
import { completeTask } from '../../shared/application/task-queue.ts';
import { taskIdFor } from '../../shared/domain/task.ts';
import type { Workflows } from '../../shared/ports/workflows.ts';
import {
  eventsOf,
  executionOf,
  NO_ANSWER,
  receivePartnerReferral,
  tasksOf,
  untilTaskOpen,
} from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let fresh: FreshLocalSystem;

closingEachTestsSystem(() => fresh);

/** The workflow service cannot be reached (throttled, a network fault): every answer fails. */
const unreachable = (workflows: Workflows): Workflows => ({
  startContactPath: (referralId, caseId) => workflows.startContactPath(referralId, caseId),
  sendTaskSuccess: async () => {
    throw Object.assign(new Error('the workflow service could not be reached'), {
      name: 'ThrottlingException',
    });
  },
  sendTaskFailure: async () => {
    throw Object.assign(new Error('the workflow service could not be reached'), {
      name: 'ThrottlingException',
    });
  },
});

/** The process dies just after the workflow hears the outcome, before anything else happens. */
const diesOnceHeard = (workflows: Workflows): Workflows => ({
  startContactPath: (referralId, caseId) => workflows.startContactPath(referralId, caseId),
  sendTaskSuccess: async (token, output) => {
    await workflows.sendTaskSuccess(token, output);
    throw new Error('the process was killed');
  },
  sendTaskFailure: (token, error, cause) => workflows.sendTaskFailure(token, error, cause),
});

describe('completing a task', () => {
  it('lets a caseworker whose completion never reached the workflow complete it again, and the workflow hears it once', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { system } = fresh;
    const referral = await receivePartnerReferral(fresh);
    await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    const taskId = taskIdFor(referral.caseId, 'call-attempt', 1);
    const deps = { tasks: system.tasks, store: system.store, clock: system.clock };

    await expect(
      completeTask(taskId, 'cw-ada', NO_ANSWER, { ...deps, workflows: unreachable(system.workflows) }),
    ).rejects.toThrow('could not be reached');
    expect((await executionOf(fresh, referral.executionArn)).currentState).toBe('Call attempt');

    const again = await completeTask(taskId, 'cw-ada', NO_ANSWER, { ...deps, workflows: system.workflows });
    expect(again.status).toBe('completed');
    await system.engine.runDue();
    expect((await executionOf(fresh, referral.executionArn)).currentState).toBe('Wait for call slot');

    // A double click after that: the same answer, no error, nothing recorded twice.
    const third = await completeTask(taskId, 'cw-ada', NO_ANSWER, { ...deps, workflows: system.workflows });
    expect(third.completedBy).toBe('cw-ada');
    expect(await eventsOf(fresh, referral.caseId, 'task-completed')).toHaveLength(1);
    expect((await tasksOf(fresh, referral.caseId)).map((t) => `${t.taskId}:${t.status}`)).toEqual([
      `${taskId}:completed`,
    ]);
  });

  it('puts a completion the workflow heard on the timeline when the same caseworker completes it again after a crash', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { system } = fresh;
    const referral = await receivePartnerReferral(fresh);
    await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    const taskId = taskIdFor(referral.caseId, 'call-attempt', 1);
    const deps = { tasks: system.tasks, store: system.store, clock: system.clock };
    await expect(
      completeTask(taskId, 'cw-ada', NO_ANSWER, { ...deps, workflows: diesOnceHeard(system.workflows) }),
    ).rejects.toThrow('killed');
    expect(await eventsOf(fresh, referral.caseId, 'task-completed')).toHaveLength(0);

    const again = await completeTask(taskId, 'cw-ada', NO_ANSWER, { ...deps, workflows: system.workflows });

    const completions = await eventsOf(fresh, referral.caseId, 'task-completed');
    expect(completions.map((event) => [event.detail.taskId, event.detail.by, event.at])).toEqual([
      [taskId, 'cw-ada', again.completedAt],
    ]);
  });

  it('still refuses a second caseworker once the task is completed', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { system } = fresh;
    const referral = await receivePartnerReferral(fresh);
    await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    const taskId = taskIdFor(referral.caseId, 'call-attempt', 1);
    const deps = {
      tasks: system.tasks,
      store: system.store,
      clock: system.clock,
      workflows: system.workflows,
    };
    await completeTask(taskId, 'cw-ada', NO_ANSWER, deps);
    await expect(completeTask(taskId, 'cw-bram', NO_ANSWER, deps)).rejects.toThrow(
      `already completed by cw-ada`,
    );
  });
});
