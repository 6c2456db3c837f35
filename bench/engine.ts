import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parseDefinition } from '../local/engine/asl.ts';
import { Engine, localStateMachineArn } from '../local/engine/engine.ts';
import { ExecutionStore, ensureEngineTable } from '../local/engine/execution-store.ts';
import type { LoadedStateMachine } from '../local/engine/state-runner.ts';
import { documentClient, localDynamoDbConfig } from '../shared/adapters/dynamodb/clients.ts';
import { systemClock } from '../shared/adapters/system-clock.ts';

export interface EngineFigures {
  executions: number;
  transitionsPerExecution: number;
  transitionsPerSecond: number;
  floorWritesPerSecond: number;
  engineVsFloor: number;
}

/**
 * A counter looping through a Task and a Choice until it reaches `loops`: 2 × loops + 1 states entered
 * (12 loops: 25 transitions). The Task calls an in-process function that adds one, so no time goes to a
 * function; as in every workflow of the service, each Task's outcome is written (one conditional write of
 * the execution item) and the Choice after it is written with the next Task.
 */
function counterMachine(loops: number): LoadedStateMachine {
  const name = 'bench-counter';
  const definition = parseDefinition(name, {
    QueryLanguage: 'JSONata',
    StartAt: 'Count',
    States: {
      Count: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'add-one', Payload: '{% $states.input %}' },
        Output: '{% $states.result.Payload %}',
        Next: 'Done?',
      },
      'Done?': {
        Type: 'Choice',
        Choices: [{ Condition: `{% $states.input.n >= ${loops} %}`, Next: 'Done' }],
        Default: 'Count',
      },
      Done: { Type: 'Succeed' },
    },
  });
  return { arn: localStateMachineArn(name), name, definition };
}

function engineOn(client: DynamoDBDocumentClient, tableName: string, machine: LoadedStateMachine): Engine {
  return new Engine({
    store: new ExecutionStore(client, tableName),
    clock: systemClock,
    machines: [machine],
    invoke: async (functionName, payload) => {
      if (functionName !== 'add-one') throw new Error(`the counter calls add-one only, not ${functionName}`);
      return { n: (payload as { n: number }).n + 1 };
    },
  });
}

/** Starts `count` executions (8 at a time, as the engine advances them) and runs them all to the end. */
async function runExecutions(engine: Engine, machine: LoadedStateMachine, prefix: string, count: number) {
  let next = 0;
  const starter = async () => {
    while (next < count) {
      const n = next++;
      await engine.startExecution({ stateMachineArn: machine.arn, name: `${prefix}-${n}`, input: '{"n":0}' });
    }
  };
  await Promise.all(Array.from({ length: 8 }, starter));
  await engine.runDue();
}

/**
 * The floor: the same number of conditional writes as the engine's transitions, one after another, each a
 * PutItem conditional on the item's previous sequence number (the engine's optimistic check), with an item
 * the size of an execution record.
 */
async function conditionalWrites(
  client: DynamoDBDocumentClient,
  tableName: string,
  prefix: string,
  items: number,
  each: number,
) {
  const body = 'x'.repeat(900);
  for (let seq = 1; seq <= each; seq++) {
    for (let i = 0; i < items; i++) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `${prefix}#${i}`, sk: 'EXECUTION', seq, body },
          ...(seq === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': seq - 1 } }),
        }),
      );
    }
  }
}

/**
 * Engine benchmark: state transitions per second with the execution persisted on DynamoDB Local, for
 * 200 executions of a Task/Choice counter (25 transitions each, 13 writes), beside the floor measured in the
 * same run: as many sequential conditional PutItems to the same DynamoDB Local as there are transitions.
 */
export async function benchEngine(
  endpoint: string,
  executions = 200,
  log = console.log,
): Promise<EngineFigures> {
  const loops = 12;
  const transitionsPerExecution = 2 * loops + 1;
  const machine = counterMachine(loops);
  const config = localDynamoDbConfig(endpoint);
  const admin = new DynamoDBClient(config);
  await ensureEngineTable(admin, 'bench-engine');
  await ensureEngineTable(admin, 'bench-engine-floor');
  admin.destroy();
  const client = documentClient(config);
  const engine = engineOn(client, 'bench-engine', machine);

  // Warm both paths (the JIT of DynamoDB Local and of Node) before either is timed.
  await runExecutions(engine, machine, 'warm', 20);
  await conditionalWrites(client, 'bench-engine-floor', 'warm', 20, transitionsPerExecution);

  const transitions = executions * transitionsPerExecution;
  const floorStart = performance.now();
  await conditionalWrites(client, 'bench-engine-floor', 'run', executions, transitionsPerExecution);
  const floorSeconds = (performance.now() - floorStart) / 1000;

  const engineStart = performance.now();
  await runExecutions(engine, machine, 'run', executions);
  const engineSeconds = (performance.now() - engineStart) / 1000;
  const last = await engine.describeExecution(
    `${machine.arn.replace(':stateMachine:', ':execution:')}:run-${executions - 1}`,
  );
  if (last.status !== 'SUCCEEDED' || last.stateTransitions !== transitionsPerExecution) {
    throw new Error(`the counter ended ${last.status} after ${last.stateTransitions} transitions`);
  }
  client.destroy();

  const transitionsPerSecond = transitions / engineSeconds;
  const floorWritesPerSecond = transitions / floorSeconds;
  log(
    `engine: ${executions} executions × ${transitionsPerExecution} transitions (Task/Choice counter) in ${engineSeconds.toFixed(1)} s`,
  );
  log(
    `  engine  ${transitionsPerSecond.toFixed(0)} transitions/s (each Task persisted with the Choice before it: one conditional write of the execution item; 8 executions at once)`,
  );
  log(
    `  floor   ${floorWritesPerSecond.toFixed(0)} writes/s (${transitions} sequential conditional PutItems to the same DynamoDB Local)`,
  );
  log(`  ratio   ${(transitionsPerSecond / floorWritesPerSecond).toFixed(2)} (goal ≥ 0.5)`);
  return {
    executions,
    transitionsPerExecution,
    transitionsPerSecond,
    floorWritesPerSecond,
    engineVsFloor: transitionsPerSecond / floorWritesPerSecond,
  };
}
