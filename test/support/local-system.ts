import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, inject } from 'vitest';
import { logger } from '../../functions/logger.ts';
import { Engine } from '../../local/engine/engine.ts';
import { EngineWorkflows } from '../../local/engine/engine-workflows.ts';
import { ExecutionStore } from '../../local/engine/execution-store.ts';
import type { FunctionInvoker } from '../../local/engine/state-runner.ts';
import { type LocalSystem, openLocalSystem } from '../../local/system/local-system.ts';
import { type LocalDefinitions, synthesizeLocalDefinitions } from '../../local/system/state-machines.ts';
import { VirtualClock } from '../../local/system/virtual-clock.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import type { Messenger } from '../../shared/ports/messenger.ts';

let definitions: LocalDefinitions | undefined;

/** The state machines as `cdk synth` writes them, synthesized once per test file. */
export function definitionsOnce(): LocalDefinitions {
  definitions ??= synthesizeLocalDefinitions();
  return definitions;
}

/**
 * For a test file whose tests each open a local system into one variable: the state machines are
 * synthesized before the file's first test (no test's time includes it), and the system `current` gives
 * is closed after each test, whatever the test did.
 */
export function closingEachTestsSystem(current: () => FreshLocalSystem | undefined): void {
  beforeAll(() => {
    definitionsOnce();
  }, 120_000);
  afterEach(async () => {
    await current()?.close();
  });
}

/**
 * A virtual clock that a test may also wind back, to replay the same story from the same instant on the
 * same tables (the local system's VirtualClock never goes back).
 */
export class RewindableClock extends VirtualClock {
  private instant: number;
  constructor(start: Date) {
    super(start);
    this.instant = start.getTime();
  }
  override now(): Date {
    return new Date(this.instant);
  }
  override set(at: Date): void {
    this.instant = Math.max(this.instant, at.getTime());
  }
  rewind(to: Date): void {
    this.instant = to.getTime();
  }
}

/** A local system on fresh tables, with what a test needs to look underneath it. */
export interface FreshLocalSystem {
  readonly system: LocalSystem;
  readonly clock: VirtualClock;
  /** The case table (cases, tasks, timeline). */
  readonly tableName: string;
  /** The engine's own table (executions, history, tokens). */
  readonly engineTableName: string;
  /** A document client on the run's DynamoDB Local. */
  readonly client: DynamoDBDocumentClient;
  /** Stops the engine and closes every client (the tables are left; each test has its own). */
  close(): Promise<void>;
}

/**
 * The whole local system on the run's DynamoDB Local with fresh tables and a virtual clock: the real
 * engine running the synthesized state machines, and every function in-process.
 */
export async function freshLocalSystem(
  start: Date,
  options: {
    readonly clock?: VirtualClock;
    readonly wrapMessenger?: (messenger: Messenger) => Messenger;
  } = {},
): Promise<FreshLocalSystem> {
  // The functions log every step; a workflow test asserts on what they stored instead.
  logger.setLogLevel('SILENT');
  const clock = options.clock ?? new VirtualClock(start);
  const suffix = randomUUID();
  const tableName = `test-${suffix}`;
  const engineTableName = `engine-${suffix}`;
  const system = await openLocalSystem({
    endpoint: inject('dynamoDbEndpoint'),
    dataDir: mkdtempSync(join(tmpdir(), 'vf-system-')),
    tableName,
    engineTableName,
    clock,
    definitions: definitionsOnce(),
    ...(options.wrapMessenger ? { wrapMessenger: options.wrapMessenger } : {}),
  });
  const client = documentClient(localDynamoDbConfig(system.endpoint));
  return {
    system,
    clock,
    tableName,
    engineTableName,
    client,
    close: async () => {
      await system.close();
      client.destroy();
    },
  };
}

/** A second engine process on the same tables as a local system (a restart), built from parts a test may wrap. */
export interface EngineProcess {
  readonly engine: Engine;
  readonly store: ExecutionStore;
  /** The Workflows port on this engine, for completing tasks through it. */
  readonly workflows: EngineWorkflows;
}

/**
 * Opens another engine on a local system's engine table, calling the system's functions in-process, as a
 * restarted process would. `wrapStore` and `wrapInvoke` let a test put something between the engine and
 * its database or functions (a kill switch, say).
 */
export function engineProcess(
  fresh: FreshLocalSystem,
  wrap: {
    readonly wrapStore?: (store: ExecutionStore) => ExecutionStore;
    readonly wrapInvoke?: (invoke: FunctionInvoker) => FunctionInvoker;
  } = {},
): EngineProcess {
  const { system } = fresh;
  const plain = new ExecutionStore(fresh.client, fresh.engineTableName);
  const store = wrap.wrapStore ? wrap.wrapStore(plain) : plain;
  const invoke: FunctionInvoker = async (functionArn, payload) => {
    const name = system.definitions.functionsByArn.get(functionArn);
    if (!name)
      throw Object.assign(new Error(`no function ${functionArn}`), {
        name: 'Lambda.ResourceNotFoundException',
      });
    return system.invoke(name, payload);
  };
  const engine = new Engine({
    store,
    clock: fresh.clock,
    machines: system.definitions.machines,
    invoke: wrap.wrapInvoke ? wrap.wrapInvoke(invoke) : invoke,
  });
  return { engine, store, workflows: new EngineWorkflows(engine, system.definitions.contactPathArn) };
}
