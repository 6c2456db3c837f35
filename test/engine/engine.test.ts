import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../local/engine/engine.ts';
import {
  freshEngine,
  lambdaTask,
  machine,
  namedError,
  plusSeconds,
  type TestEngine,
  type TestFunction,
  tokenTask,
} from '../support/engine.ts';

const START = new Date('2026-12-15T10:00:00Z');

let test: TestEngine | undefined;
const open = async (
  definitions: Record<string, unknown>,
  functions: Record<string, TestFunction> = {},
  options: Parameters<typeof freshEngine>[2] = {},
) => {
  test = await freshEngine(definitions, functions, { start: START, ...options });
  return test;
};

afterEach(() => {
  test?.close();
  test = undefined;
});

/** A promise that stays pending until `release` is called: a function call held mid-way. */
function aHold(): { held: Promise<void>; release: () => void } {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { held, release };
}

/** Runs what is due and describes the execution, with its output parsed. */
async function settle(t: TestEngine, executionArn: string, engine: Engine = t.engine) {
  await engine.runDue();
  const described = await engine.describeExecution(executionArn);
  return { ...described, result: described.output === undefined ? undefined : JSON.parse(described.output) };
}

describe('flow states', () => {
  it('runs Pass, Choice and Succeed, evaluating JSONata against the state input', async () => {
    const t = await open({
      flow: machine({
        Double: { Type: 'Pass', Output: { n: '{% $states.input.n * 2 %}' }, Next: 'Big?' },
        'Big?': {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n > 10 %}', Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Succeed', Output: { size: 'big', n: '{% $states.input.n %}' } },
        Small: { Type: 'Succeed', Output: { size: 'small', n: '{% $states.input.n %}' } },
      }),
    });
    const big = await t.start('flow', { n: 6 }, 'six');
    const small = await t.start('flow', { n: 2 }, 'two');

    expect((await settle(t, big)).result).toEqual({ size: 'big', n: 12 });
    const done = await settle(t, small);
    expect([done.status, done.result]).toEqual(['SUCCEEDED', { size: 'small', n: 4 }]);
    expect(done.stopDate).toEqual(START);
  });

  it('ends in FAILED with the error and cause of a Fail state', async () => {
    const t = await open({
      failing: machine({
        Stop: { Type: 'Fail', Error: 'Case.Closed', Cause: "{% 'closed: ' & $states.input.why %}" },
      }),
    });
    const arn = await t.start('failing', { why: 'duplicate' });
    const done = await settle(t, arn);
    expect([done.status, done.error, done.cause]).toEqual(['FAILED', 'Case.Closed', 'closed: duplicate']);
  });

  it('sleeps in a Wait for its Seconds on the virtual clock, and passes its input on', async () => {
    const t = await open({
      waiting: machine({
        Sleep: { Type: 'Wait', Seconds: '{% $states.input.seconds %}', Next: 'Done' },
        Done: { Type: 'Succeed' },
      }),
    });
    const arn = await t.start('waiting', { seconds: 90 });
    expect((await settle(t, arn)).status).toBe('RUNNING');
    await t.engine.advanceTo(plusSeconds(START, 89), t.clock);
    expect((await settle(t, arn)).status).toBe('RUNNING');
    await t.engine.advanceTo(plusSeconds(START, 600), t.clock);
    const done = await settle(t, arn);
    expect([done.status, done.stopDate, done.result]).toEqual([
      'SUCCEEDED',
      plusSeconds(START, 90),
      { seconds: 90 },
    ]);
  });

  it('sleeps in a Wait until its Timestamp, and goes straight on when the time has passed', async () => {
    const t = await open({
      waiting: machine({
        Sleep: { Type: 'Wait', Timestamp: '{% $states.input.until %}', Next: 'Done' },
        Done: { Type: 'Succeed' },
      }),
    });
    const later = await t.start('waiting', { until: '2026-12-16T09:00:00Z' }, 'later');
    const past = await t.start('waiting', { until: '2026-12-01T09:00:00Z' }, 'past');

    expect((await settle(t, past)).status).toBe('SUCCEEDED');
    expect((await settle(t, later)).status).toBe('RUNNING');
    await t.engine.advanceTo(new Date('2026-12-20T00:00:00Z'), t.clock);
    expect((await settle(t, later)).stopDate).toEqual(new Date('2026-12-16T09:00:00Z'));
  });
});

describe('variables and output', () => {
  it('evaluates Assign and Output against the variables as they were when the state began', async () => {
    const t = await open({
      vars: machine({
        Set: { Type: 'Pass', Assign: { a: 1, b: 2 }, Next: 'Swap' },
        Swap: {
          Type: 'Pass',
          Assign: { a: '{% $b %}', b: '{% $a %}' },
          Output: { aBefore: '{% $a %}', bBefore: '{% $b %}' },
          Next: 'Show',
        },
        Show: {
          Type: 'Succeed',
          Output: { input: '{% $states.input %}', a: '{% $a %}', b: '{% $b %}' },
        },
      }),
    });
    const arn = await t.start('vars');
    expect((await settle(t, arn)).result).toEqual({ input: { aBefore: 1, bBefore: 2 }, a: 2, b: 1 });
  });

  it('passes the input on from Pass, Wait and Choice, and the Lambda result from a Task, when Output is absent', async () => {
    const t = await open(
      {
        defaults: machine({
          Pass: { Type: 'Pass', Next: 'Wait' },
          Wait: { Type: 'Wait', Seconds: 0, Next: 'Choice' },
          Choice: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Call' }] },
          Call: lambdaTask('echo', '{% $states.input %}', { Next: 'Done' }),
          Done: { Type: 'Succeed' },
        }),
      },
      { echo: (payload) => ({ echoed: payload }) },
    );
    const arn = await t.start('defaults', { caseId: 'VF-1' });
    const done = await settle(t, arn);
    expect(done.result).toEqual({
      ExecutedVersion: '$LATEST',
      StatusCode: 200,
      Payload: { echoed: { caseId: 'VF-1' } },
    });
  });
});

describe('Retry', () => {
  const flaky = (failures: number, error = 'Flaky'): TestFunction => {
    let calls = 0;
    return () => {
      calls++;
      if (calls <= failures) throw namedError(error);
      return { calls };
    };
  };

  it('retries after IntervalSeconds × BackoffRate^n, capped at MaxDelaySeconds, on the virtual clock', async () => {
    const t = await open(
      {
        retrying: machine({
          Call: lambdaTask(
            'flaky',
            {},
            {
              Retry: [
                { ErrorEquals: ['Other'], MaxAttempts: 9 },
                {
                  ErrorEquals: ['Flaky'],
                  IntervalSeconds: 2,
                  BackoffRate: 3,
                  MaxAttempts: 5,
                  MaxDelaySeconds: 10,
                },
              ],
              Output: '{% $states.result.Payload %}',
              End: true,
            },
          ),
        }),
      },
      { flaky: flaky(3) },
    );
    const arn = await t.start('retrying');
    await t.engine.advanceTo(plusSeconds(START, 3600), t.clock);

    // Waits of 2, 6, then 18 capped to 10 seconds.
    expect(t.calls.map((c) => (c.at.getTime() - START.getTime()) / 1000)).toEqual([0, 2, 8, 18]);
    const done = await settle(t, arn);
    expect([done.status, done.result]).toEqual(['SUCCEEDED', { calls: 4 }]);
  });

  it('gives up after MaxAttempts retries and fails with the last error', async () => {
    const t = await open(
      {
        retrying: machine({
          Call: lambdaTask(
            'flaky',
            {},
            {
              Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
              End: true,
            },
          ),
        }),
      },
      { flaky: flaky(99) },
    );
    const arn = await t.start('retrying');
    await t.engine.advanceTo(plusSeconds(START, 3600), t.clock);

    expect(t.calls.map((c) => (c.at.getTime() - START.getTime()) / 1000)).toEqual([0, 1, 3]);
    const done = await settle(t, arn);
    expect([done.status, done.error]).toEqual(['FAILED', 'Flaky']);
    expect(JSON.parse(done.cause ?? '{}')).toEqual({ errorType: 'Flaky', errorMessage: 'Flaky happened' });
  });

  it('does not retry with MaxAttempts 0, and scales the wait by the jitter with JitterStrategy FULL', async () => {
    const t = await open(
      {
        none: machine({
          Call: lambdaTask('never', {}, { Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 0 }], End: true }),
        }),
        jitter: machine({
          Call: lambdaTask(
            'flaky',
            {},
            {
              Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 10, JitterStrategy: 'FULL' }],
              End: true,
            },
          ),
        }),
      },
      { never: flaky(99), flaky: flaky(1) },
      { random: () => 0.25 },
    );
    const none = await t.start('none');
    const jitter = await t.start('jitter');
    await t.engine.advanceTo(plusSeconds(START, 60), t.clock);

    expect((await settle(t, none)).status).toBe('FAILED');
    expect(t.calls.filter((c) => c.fn === 'never')).toHaveLength(1);
    expect(t.calls.filter((c) => c.fn === 'flaky').map((c) => c.at)).toEqual([
      START,
      plusSeconds(START, 2.5),
    ]);
    expect((await settle(t, jitter)).status).toBe('SUCCEEDED');
  });
});

describe('Catch', () => {
  it('catches a named error and hands the next state the error output', async () => {
    const t = await open(
      {
        catching: machine({
          Call: lambdaTask(
            'boom',
            {},
            {
              Catch: [
                { ErrorEquals: ['Other'], Next: 'Wrong' },
                {
                  ErrorEquals: ['Boom'],
                  Assign: { failedWith: '{% $states.errorOutput.Error %}' },
                  Next: 'Handled',
                },
              ],
              End: true,
            },
          ),
          Wrong: { Type: 'Fail' },
          Handled: {
            Type: 'Succeed',
            Output: { input: '{% $states.input %}', failedWith: '{% $failedWith %}' },
          },
        }),
      },
      {
        boom: () => {
          throw namedError('Boom', 'the case was not found');
        },
      },
    );
    const arn = await t.start('catching');
    const done = await settle(t, arn);
    expect(done.result).toEqual({
      input: {
        Error: 'Boom',
        Cause: JSON.stringify({ errorType: 'Boom', errorMessage: 'the case was not found' }),
      },
      failedWith: 'Boom',
    });
  });

  it('matches any function error with States.TaskFailed, but not a timeout; States.ALL matches both', async () => {
    const catchWith = (errors: string[], task: Record<string, unknown>) =>
      machine({
        Call: {
          ...task,
          Catch: [{ ErrorEquals: errors, Output: '{% $states.errorOutput.Error %}', Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      });
    const failing = lambdaTask('boom', {});
    const slow = tokenTask('park', { TimeoutSeconds: 60 });
    const t = await open(
      {
        taskFailedOnError: catchWith(['States.TaskFailed'], failing),
        taskFailedOnTimeout: catchWith(['States.TaskFailed'], slow),
        allOnError: catchWith(['States.ALL'], failing),
        allOnTimeout: catchWith(['States.ALL'], slow),
      },
      {
        boom: () => {
          throw namedError('CaseNotFoundError');
        },
        park: () => ({}),
      },
    );
    const arns = {
      taskFailedOnError: await t.start('taskFailedOnError'),
      taskFailedOnTimeout: await t.start('taskFailedOnTimeout'),
      allOnError: await t.start('allOnError'),
      allOnTimeout: await t.start('allOnTimeout'),
    };
    await t.engine.advanceTo(plusSeconds(START, 120), t.clock);

    const outcome = async (arn: string) => {
      const d = await settle(t, arn);
      return d.status === 'SUCCEEDED' ? `caught ${d.result}` : `${d.status} ${d.error}`;
    };
    expect(await outcome(arns.taskFailedOnError)).toBe('caught CaseNotFoundError');
    expect(await outcome(arns.taskFailedOnTimeout)).toBe('FAILED States.Timeout');
    expect(await outcome(arns.allOnError)).toBe('caught CaseNotFoundError');
    expect(await outcome(arns.allOnTimeout)).toBe('caught States.Timeout');
  });

  it('raises a JSONata error as States.QueryEvaluationError, which a Catch can take', async () => {
    const t = await open(
      {
        bad: machine({
          Call: lambdaTask(
            'never',
            { n: "{% $number('not a number') %}" },
            {
              Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Caught' }],
              End: true,
            },
          ),
          Caught: { Type: 'Succeed', Output: '{% $states.input.Error %}' },
        }),
        uncaught: machine({ Bad: { Type: 'Pass', Output: "{% $number('x') %}", End: true } }),
      },
      { never: () => ({}) },
    );
    const caught = await t.start('bad');
    const uncaught = await t.start('uncaught');
    expect((await settle(t, caught)).result).toBe('States.QueryEvaluationError');
    expect(t.calls).toEqual([]);
    const failed = await settle(t, uncaught);
    expect([failed.status, failed.error]).toEqual(['FAILED', 'States.QueryEvaluationError']);
  });

  it('fails with States.NoChoiceMatched when no rule matches and there is no Default', async () => {
    const t = await open({
      choosy: machine({
        Pick: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n = 1 %}', Next: 'One' }] },
        One: { Type: 'Succeed' },
      }),
    });
    const arn = await t.start('choosy', { n: 2 });
    const done = await settle(t, arn);
    expect([done.status, done.error]).toEqual(['FAILED', 'States.NoChoiceMatched']);
    expect(done.cause).toContain('Pick');
  });
});

describe('task tokens', () => {
  const waiting = (fields: Record<string, unknown> = {}) =>
    machine({
      Ask: tokenTask('ask', {
        Output: '{% $states.result %}',
        Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'Escalate' }],
        Next: 'Done',
        ...fields,
      }),
      Done: { Type: 'Succeed' },
      Escalate: { Type: 'Succeed', Output: { escalated: '{% $states.input.Error %}' } },
    });
  const token = (t: TestEngine) => t.tokens.get('ask') as string;

  it('hands the function a token and resumes with the output sent back with it', async () => {
    const t = await open({ waiting: waiting() }, { ask: () => ({}) });
    const arn = await t.start('waiting');
    expect((await settle(t, arn)).status).toBe('RUNNING');

    await t.engine.sendTaskSuccess(token(t), JSON.stringify({ outcome: 'no-answer' }));
    expect((await settle(t, arn)).result).toEqual({ outcome: 'no-answer' });
  });

  it('resumes through the Catch with the error sent by SendTaskFailure', async () => {
    const t = await open({ waiting: waiting() }, { ask: () => ({}) });
    const arn = await t.start('waiting');
    await t.engine.runDue();

    await t.engine.sendTaskFailure(token(t), 'CaseClosed', 'closed by a team leader');
    expect((await settle(t, arn)).result).toEqual({ escalated: 'CaseClosed' });
  });

  it('times a task out after TimeoutSeconds, and then refuses its token as timed out', async () => {
    const t = await open({ waiting: waiting({ TimeoutSeconds: 300 }) }, { ask: () => ({}) });
    const arn = await t.start('waiting');
    await t.engine.advanceTo(plusSeconds(START, 299), t.clock);
    expect((await settle(t, arn)).status).toBe('RUNNING');

    await t.engine.advanceTo(plusSeconds(START, 1000), t.clock);
    const done = await settle(t, arn);
    expect([done.result, done.stopDate]).toEqual([{ escalated: 'States.Timeout' }, plusSeconds(START, 300)]);
    await expect(t.engine.sendTaskSuccess(token(t), '{}')).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('refuses an answer at the deadline even before the engine has timed the task out', async () => {
    const t = await open({ waiting: waiting({ TimeoutSeconds: 300 }) }, { ask: () => ({}) });
    const arn = await t.start('waiting');
    await t.engine.runDue();
    t.clock.set(plusSeconds(START, 300));

    await expect(t.engine.sendTaskSuccess(token(t), '{}')).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect((await settle(t, arn)).result).toEqual({ escalated: 'States.Timeout' });
  });

  it('times a task out with States.HeartbeatTimeout when heartbeats stop, each heartbeat extending it', async () => {
    const t = await open(
      { waiting: waiting({ TimeoutSeconds: 600, HeartbeatSeconds: 60 }) },
      { ask: () => ({}) },
    );
    const arn = await t.start('waiting');
    await t.engine.advanceTo(plusSeconds(START, 50), t.clock);
    await t.engine.sendTaskHeartbeat(token(t));
    await t.engine.advanceTo(plusSeconds(START, 100), t.clock);
    await t.engine.sendTaskHeartbeat(token(t));
    await t.engine.advanceTo(plusSeconds(START, 159), t.clock);
    expect((await settle(t, arn)).status).toBe('RUNNING');

    await t.engine.advanceTo(plusSeconds(START, 1000), t.clock);
    const done = await settle(t, arn);
    expect([done.result, done.stopDate]).toEqual([
      { escalated: 'States.HeartbeatTimeout' },
      plusSeconds(START, 160),
    ]);
    await expect(t.engine.sendTaskHeartbeat(token(t))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('refuses a forged token as InvalidToken and an unknown one as TaskDoesNotExist', async () => {
    const t = await open({ waiting: waiting() }, { ask: () => ({}) });
    await t.start('waiting');
    await t.engine.runDue();
    const unknown = Buffer.from(JSON.stringify({ e: 'waiting:run', n: '00' })).toString('base64url');
    const noExecution = Buffer.from(JSON.stringify({ n: '00' })).toString('base64url');

    for (const forged of ['not a token!', '%%%', noExecution]) {
      await expect(t.engine.sendTaskSuccess(forged, '{}'), forged).rejects.toMatchObject({
        name: 'InvalidToken',
      });
    }
    await expect(t.engine.sendTaskSuccess(unknown, '{}')).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(t.engine.sendTaskFailure(unknown, 'E', 'c')).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await expect(t.engine.sendTaskSuccess(token(t), 'not json')).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
  });

  it('accepts a token once: a second answer is refused as TaskDoesNotExist and the workflow moves once', async () => {
    const t = await open({ waiting: waiting() }, { ask: () => ({}) });
    const arn = await t.start('waiting');
    await t.engine.runDue();

    const answers = await Promise.allSettled([
      t.engine.sendTaskSuccess(token(t), JSON.stringify({ by: 'one' })),
      t.engine.sendTaskSuccess(token(t), JSON.stringify({ by: 'two' })),
    ]);
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(answers.find((a) => a.status === 'rejected')).toMatchObject({
      reason: { name: 'TaskDoesNotExist' },
    });
    await expect(t.engine.sendTaskSuccess(token(t), '{}')).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await settle(t, arn);
    const history = await t.engine.getExecutionHistory(arn);
    expect(history.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(1);
    // Left once, as Step Functions records it.
    expect(history.filter((e) => e.type === 'TaskStateExited')).toHaveLength(1);
  });
});

describe('executions', () => {
  const sleeper = machine({
    Sleep: { Type: 'Wait', Seconds: 3600, Next: 'Done' },
    Done: { Type: 'Succeed' },
  });

  it('answers a repeated StartExecution with the same name and input with the same execution', async () => {
    const t = await open({ sleeper });
    const first = await t.engine.startExecution({
      stateMachineArn: t.arn('sleeper'),
      name: 'R-1',
      input: '{"a":1}',
    });
    t.clock.set(plusSeconds(START, 5));
    const again = await t.engine.startExecution({
      stateMachineArn: t.arn('sleeper'),
      name: 'R-1',
      input: '{"a":1}',
    });

    expect(first.alreadyStarted).toBe(false);
    expect(again).toEqual({ executionArn: first.executionArn, startDate: START, alreadyStarted: true });
    const history = await t.engine.getExecutionHistory(first.executionArn);
    expect(history.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
  });

  it('refuses a StartExecution with the same name and other input, or after the execution has ended', async () => {
    const t = await open({ sleeper });
    const start = (name: string, input: string) =>
      t.engine.startExecution({ stateMachineArn: t.arn('sleeper'), name, input });
    await start('R-1', '{"a":1}');
    await expect(start('R-1', '{"a":2}')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });

    await t.engine.advanceTo(plusSeconds(START, 7200), t.clock);
    await expect(start('R-1', '{"a":1}')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('refuses a bad name, input that is not JSON, and a state machine it does not have', async () => {
    const t = await open({ sleeper });
    await expect(
      t.engine.startExecution({ stateMachineArn: t.arn('sleeper'), name: 'has space', input: '{}' }),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(
      t.engine.startExecution({ stateMachineArn: t.arn('sleeper'), name: 'R-1', input: '{' }),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      t.engine.startExecution({ stateMachineArn: t.arn('missing'), name: 'R-1', input: '{}' }),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      t.engine.describeExecution(`${t.arn('sleeper')}:nope`.replace(':stateMachine:', ':execution:')),
    ).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });

  it('ends an execution that runs past its TimeoutSeconds as TIMED_OUT, and refuses its open token', async () => {
    const t = await open(
      { bounded: machine({ Ask: tokenTask('ask', { End: true }) }, { TimeoutSeconds: 120 }) },
      { ask: () => ({}) },
    );
    const arn = await t.start('bounded');
    await t.engine.advanceTo(plusSeconds(START, 119), t.clock);
    expect((await settle(t, arn)).status).toBe('RUNNING');

    await t.engine.advanceTo(plusSeconds(START, 3600), t.clock);
    const done = await settle(t, arn);
    expect([done.status, done.error, done.stopDate]).toEqual([
      'TIMED_OUT',
      'States.Timeout',
      plusSeconds(START, 120),
    ]);
    await expect(t.engine.sendTaskSuccess(t.tokens.get('ask') as string, '{}')).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('keeps the history in order: numbered events from ExecutionStarted to ExecutionSucceeded', async () => {
    const t = await open(
      {
        story: machine({
          First: { Type: 'Pass', Next: 'Call' },
          Call: lambdaTask('echo', {}, { Next: 'Nap' }),
          Nap: { Type: 'Wait', Seconds: 10, Next: 'Done' },
          Done: { Type: 'Succeed' },
        }),
      },
      { echo: () => ({}) },
    );
    const arn = await t.start('story');
    await t.engine.advanceTo(plusSeconds(START, 60), t.clock);
    const history = await t.engine.getExecutionHistory(arn);

    expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));
    expect(history.map((e) => [e.type, e.stateName])).toEqual([
      ['ExecutionStarted', undefined],
      ['PassStateEntered', 'First'],
      ['PassStateExited', 'First'],
      ['TaskStateEntered', 'Call'],
      ['TaskSucceeded', 'Call'],
      ['TaskStateExited', 'Call'],
      ['WaitStateEntered', 'Nap'],
      ['WaitStateExited', 'Nap'],
      ['SucceedStateEntered', 'Done'],
      ['SucceedStateExited', 'Done'],
      ['ExecutionSucceeded', undefined],
    ]);
    const times = history.map((e) => e.timestamp);
    expect([...times].sort()).toEqual(times);
    expect(times.at(-1)).toBe(plusSeconds(START, 10).toISOString());
  });
});

describe('the background loop and a clock advance', () => {
  it('lets an execution the loop is running finish at its own time before the clock moves on', async () => {
    const { held, release } = aHold();
    const t = await open(
      {
        story: machine({
          Call: lambdaTask('slow', {}, { Next: 'Nap' }),
          Nap: { Type: 'Wait', Seconds: 60, Next: 'Done' },
          Done: { Type: 'Succeed' },
        }),
      },
      { slow: () => held.then(() => ({})) },
    );
    t.engine.start();
    const arn = await t.start('story');
    while (t.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const advancing = t.engine.advanceTo(plusSeconds(START, 3600), t.clock);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await advancing;
    await t.engine.stop();

    const history = await t.engine.getExecutionHistory(arn);
    const at = (type: string) => history.find((e) => e.type === type)?.timestamp;
    expect(at('WaitStateEntered')).toBe(START.toISOString());
    expect(at('WaitStateExited')).toBe(plusSeconds(START, 60).toISOString());
    expect(t.clock.now()).toEqual(plusSeconds(START, 3600));
  });
});

describe('advancing until a moment', () => {
  it('asks with the engine held, so a moment that lasts only until the next timer is never passed', async () => {
    const { held, release } = aHold();
    const t = await open(
      {
        story: machine({
          Call: lambdaTask('slow', {}, { Next: 'Ask' }),
          Ask: tokenTask('ask', { TimeoutSeconds: 60, Next: 'Done' }),
          Done: { Type: 'Succeed' },
        }),
      },
      { slow: () => held.then(() => ({})), ask: () => ({}) },
    );
    t.engine.start();
    const arn = await t.start('story');
    while (t.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    // The background loop is inside the slow call: the task is not there yet, and its timeout not set.
    const waiting = t.engine.advanceUntil(async () => t.tokens.has('ask'), t.clock);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();

    expect(await waiting).toBe(true);
    expect(t.clock.now()).toEqual(START);
    expect((await t.engine.describeExecution(arn)).status).toBe('RUNNING');

    // Nothing answers the task: with no moment to wait for, it fires every timer and says so.
    expect(await t.engine.advanceUntil(async () => false, t.clock)).toBe(false);
    expect(t.clock.now()).toEqual(plusSeconds(START, 60));
    expect((await t.engine.describeExecution(arn)).error).toBe('States.Timeout');
    await t.engine.stop();
  });
});

describe('a long history', () => {
  it('keeps every event, numbered and in order, when older events move off the execution item', async () => {
    const t = await open({
      loop: machine({
        Count: {
          Type: 'Pass',
          Assign: { n: '{% ($exists($n) ? $n : 0) + 1 %}' },
          Next: 'Again?',
        },
        'Again?': {
          Type: 'Choice',
          Choices: [{ Condition: '{% $n < 80 %}', Next: 'Count' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed', Output: { n: '{% $n %}' } },
      }),
    });
    const arn = await t.start('loop');
    const done = await settle(t, arn);
    const history = await t.engine.getExecutionHistory(arn);

    expect(done.result).toEqual({ n: 80 });
    expect(history.length).toBeGreaterThan(300);
    expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));
    expect(history.filter((e) => e.type === 'PassStateEntered')).toHaveLength(80);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
  });
});
