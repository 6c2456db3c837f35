import { describe, expect, it } from 'vitest';
import { parseDefinition, UnsupportedDefinitionError } from '../../../../local/engine/asl.ts';
import { lambdaTask, machine, tokenTask } from '../../../support/engine.ts';

const done = { Type: 'Succeed' };

/** What parseDefinition says about a definition: 'loads', or its refusal. */
function verdict(definition: unknown): string {
  try {
    parseDefinition('test-machine', definition);
    return 'loads';
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedDefinitionError);
    return (error as Error).message;
  }
}

describe('parseDefinition', () => {
  it('loads a JSONata definition with every state type and field the engine runs, from text or an object', () => {
    const definition = machine(
      {
        Start: { Type: 'Pass', Assign: { a: 1 }, Output: {}, Next: 'Call', Comment: 'why' },
        Call: lambdaTask(
          'fn',
          {},
          {
            Retry: [
              {
                ErrorEquals: ['States.ALL'],
                IntervalSeconds: 1,
                MaxAttempts: 2,
                BackoffRate: 2,
                MaxDelaySeconds: 5,
                JitterStrategy: 'FULL',
              },
            ],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Stop', Output: {}, Assign: {} }],
            Next: 'Ask',
          },
        ),
        Ask: tokenTask('fn', { TimeoutSeconds: '{% 60 %}', HeartbeatSeconds: 30, Next: 'Pick' }),
        Pick: {
          Type: 'Choice',
          Choices: [{ Condition: '{% true %}', Next: 'Nap', Output: {}, Assign: {} }],
          Default: 'Stop',
        },
        Nap: { Type: 'Wait', Timestamp: '{% $now() %}', Next: 'Done' },
        Done: done,
        Stop: { Type: 'Fail', Error: 'E', Cause: 'c' },
      },
      { TimeoutSeconds: 60, Comment: 'test', Version: '1.0' },
    );
    expect(verdict(definition)).toBe('loads');
    expect(verdict(JSON.stringify(definition))).toBe('loads');
    expect(parseDefinition('m', definition).StartAt).toBe('Start');
  });

  it.each([
    [
      'a Map state',
      machine({ Each: { Type: 'Map', ItemProcessor: {}, End: true } }),
      'test-machine: state "Each": type Map is not supported by the local engine',
    ],
    [
      'a Parallel state',
      machine({ Both: { Type: 'Parallel', Branches: [], End: true } }),
      'test-machine: state "Both": type Parallel is not supported by the local engine',
    ],
    [
      'a JSONPath definition (no QueryLanguage)',
      { StartAt: 'Done', States: { Done: done } },
      'test-machine: QueryLanguage: must be JSONata (the engine does not run JSONPath)',
    ],
    [
      'a JSONPath definition (QueryLanguage JSONPath)',
      { QueryLanguage: 'JSONPath', StartAt: 'Done', States: { Done: done } },
      'test-machine: QueryLanguage: must be JSONata (the engine does not run JSONPath)',
    ],
    [
      'a state in JSONPath',
      machine({ Start: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }),
      'test-machine: state "Start": QueryLanguage must be JSONata',
    ],
    [
      'InputPath',
      machine({ Start: { Type: 'Pass', InputPath: '$.a', End: true } }),
      'test-machine: state "Start": field InputPath is not supported on a Pass state',
    ],
    [
      'ResultPath',
      machine({ Call: lambdaTask('fn', {}, { ResultPath: '$.result', End: true }) }),
      'test-machine: state "Call": field ResultPath is not supported on a Task state',
    ],
    [
      'Parameters',
      machine({
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: {}, End: true },
      }),
      'test-machine: state "Call": field Parameters is not supported on a Task state',
    ],
    [
      'a service integration it does not run',
      machine({
        Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Arguments: {}, End: true },
      }),
      'test-machine: state "Put": Resource arn:aws:states:::dynamodb:putItem is not supported by the local engine',
    ],
    [
      'a Lambda ARN as the Resource',
      machine({
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-2:000000000000:function:fn', End: true },
      }),
      'test-machine: state "Call": Resource arn:aws:lambda:eu-west-2:000000000000:function:fn is not supported by the local engine',
    ],
    [
      'Next to a missing state',
      machine({ Start: { Type: 'Pass', Next: 'Nowhere' } }),
      'test-machine: state "Start": Next names no state (Nowhere)',
    ],
    [
      'a Catch to a missing state',
      machine({
        Call: lambdaTask('fn', {}, { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }], End: true }),
      }),
      'test-machine: state "Call": Catch[0].Next names no state (Gone)',
    ],
    [
      'a Choice rule to a missing state',
      machine({ Pick: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Gone' }] } }),
      'test-machine: state "Pick": Choices[0].Next names no state (Gone)',
    ],
    [
      'a Choice Default to a missing state',
      machine({
        Pick: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Done' }], Default: 'Gone' },
        Done: done,
      }),
      'test-machine: state "Pick": Default names no state (Gone)',
    ],
    [
      'a JSONPath Choice rule',
      machine({
        Pick: { Type: 'Choice', Choices: [{ Variable: '$.a', BooleanEquals: true, Next: 'Done' }] },
        Done: done,
      }),
      'test-machine: state "Pick": Choices[0].Variable is not supported',
    ],
    [
      'a StartAt naming no state',
      { QueryLanguage: 'JSONata', StartAt: 'Missing', States: { Done: done } },
      'test-machine: StartAt: names no state (Missing)',
    ],
    [
      'a state with neither Next nor End',
      machine({ Start: { Type: 'Pass' } }),
      'test-machine: state "Start": Next names no state (undefined)',
    ],
    [
      'a Wait with both Seconds and Timestamp',
      machine({ Nap: { Type: 'Wait', Seconds: 1, Timestamp: '2026-01-01T00:00:00Z', End: true } }),
      'test-machine: state "Nap": a Wait needs exactly one of Seconds or Timestamp',
    ],
    [
      'a Retry field it does not know',
      machine({ Call: lambdaTask('fn', {}, { Retry: [{ ErrorEquals: ['E'], Backoff: 2 }], End: true }) }),
      'test-machine: state "Call": Retry[0].Backoff is not supported',
    ],
    [
      'a Catch with no errors',
      machine({ Call: lambdaTask('fn', {}, { Catch: [{ ErrorEquals: [], Next: 'Call' }], End: true }) }),
      'test-machine: state "Call": Catch[0].ErrorEquals must be a non-empty list of error names',
    ],
    [
      'a top-level field it does not know',
      machine({ Done: done }, { ProcessorConfig: {} }),
      'test-machine: definition: field ProcessorConfig is not supported by the local engine',
    ],
  ])('refuses %s, naming the state and the field', (_, definition, message) => {
    expect(verdict(definition)).toBe(message);
  });
});
