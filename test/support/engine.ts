import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { parseDefinition } from '../../local/engine/asl.ts';
import { Engine, localStateMachineArn } from '../../local/engine/engine.ts';
import { ExecutionStore, ensureEngineTable } from '../../local/engine/execution-store.ts';
import type { FunctionInvoker } from '../../local/engine/state-runner.ts';
import { VirtualClock } from '../../local/system/virtual-clock.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';

/** A function the hand-written state machines call, in memory; it sees its payload and the clock. */
export type TestFunction = (payload: unknown, at: Date) => unknown;

/** A function's ARN in the hand-written definitions. */
export const functionArn = (name: string) => `arn:aws:lambda:eu-west-2:000000000000:function:${name}`;

/** A named error, as a Lambda function throws it (Step Functions reports the name as the error). */
export function namedError(name: string, message = `${name} happened`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A `lambda:invoke` Task calling a test function with a payload. */
export function lambdaTask(fn: string, payload: unknown, fields: Record<string, unknown> = {}) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Arguments: { FunctionName: functionArn(fn), Payload: payload },
    ...fields,
  };
}

/** A `lambda:invoke.waitForTaskToken` Task: the function receives the token and the workflow waits for it. */
export function tokenTask(fn: string, fields: Record<string, unknown> = {}) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Arguments: { FunctionName: functionArn(fn), Payload: { token: '{% $states.context.Task.Token %}' } },
    ...fields,
  };
}

/** A JSONata state machine definition from its states (the first is where it starts). */
export function machine(states: Record<string, unknown>, fields: Record<string, unknown> = {}) {
  return { QueryLanguage: 'JSONata', StartAt: Object.keys(states)[0], States: states, ...fields };
}

export interface TestEngine {
  readonly engine: Engine;
  readonly clock: VirtualClock;
  readonly store: ExecutionStore;
  readonly tableName: string;
  /** Every function call in order, with the clock at the time. */
  readonly calls: Array<{ readonly fn: string; readonly payload: unknown; readonly at: Date }>;
  /** The last token each function was given. */
  readonly tokens: Map<string, string>;
  arn(machineName: string): string;
  /** Starts an execution of a machine; its name is `run` unless given. */
  start(machineName: string, input?: unknown, name?: string): Promise<string>;
  /** A second engine on the same table (a restart), optionally with its store and functions wrapped. */
  restart(wrap?: {
    wrapStore?: (store: ExecutionStore) => ExecutionStore;
    wrapInvoke?: (invoke: FunctionInvoker) => FunctionInvoker;
  }): Engine;
  close(): void;
}

/**
 * The real engine on a fresh table of the run's DynamoDB Local, with a virtual clock, running hand-written
 * definitions that call in-memory functions.
 */
export async function freshEngine(
  definitions: Record<string, unknown>,
  functions: Record<string, TestFunction> = {},
  options: {
    readonly start?: Date;
    readonly random?: () => number;
    readonly wrapStore?: (store: ExecutionStore) => ExecutionStore;
    readonly wrapInvoke?: (invoke: FunctionInvoker) => FunctionInvoker;
  } = {},
): Promise<TestEngine> {
  const config = localDynamoDbConfig(inject('dynamoDbEndpoint'));
  const tableName = `engine-${randomUUID()}`;
  const admin = new DynamoDBClient(config);
  await ensureEngineTable(admin, tableName);
  admin.destroy();
  const client = documentClient(config);
  const plain = new ExecutionStore(client, tableName);
  const clock = new VirtualClock(options.start ?? new Date('2026-12-15T10:00:00Z'));
  const machines = Object.entries(definitions).map(([name, definition]) => ({
    arn: localStateMachineArn(name),
    name,
    definition: parseDefinition(name, definition),
  }));
  const calls: TestEngine['calls'] = [];
  const tokens = new Map<string, string>();
  const invoke: FunctionInvoker = async (arn, payload) => {
    const name = arn.slice(arn.lastIndexOf(':') + 1);
    const fn = functions[name];
    if (!fn) throw namedError('Lambda.ResourceNotFoundException', `no function ${name}`);
    calls.push({ fn: name, payload, at: clock.now() });
    const token = (payload as { token?: unknown } | null)?.token;
    if (typeof token === 'string') tokens.set(name, token);
    return fn(payload, clock.now());
  };
  const build = (wrap: Parameters<TestEngine['restart']>[0] = {}) =>
    new Engine({
      store: wrap.wrapStore ? wrap.wrapStore(plain) : plain,
      clock,
      machines,
      invoke: wrap.wrapInvoke ? wrap.wrapInvoke(invoke) : invoke,
      ...(options.random ? { random: options.random } : {}),
    });
  const engine = build(options);
  return {
    engine,
    clock,
    store: plain,
    tableName,
    calls,
    tokens,
    arn: localStateMachineArn,
    start: async (machineName, input = {}, name = 'run') =>
      (
        await engine.startExecution({
          stateMachineArn: localStateMachineArn(machineName),
          name,
          input: JSON.stringify(input),
        })
      ).executionArn,
    restart: (wrap) => build(wrap),
    close: () => client.destroy(),
  };
}

/** A moment some seconds after another. */
export const plusSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);
