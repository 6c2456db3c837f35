import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { DynamoDbMessageStore } from '../../shared/adapters/dynamodb/message-store.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { FolderMessenger } from '../../shared/adapters/local/folder-messenger.ts';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import type { Messenger } from '../../shared/ports/messenger.ts';
import { Engine } from '../engine/engine.ts';
import { EngineWorkflows } from '../engine/engine-workflows.ts';
import { ExecutionStore, ensureEngineTable } from '../engine/execution-store.ts';
import {
  dataDirectory,
  LOCAL_ENGINE_TABLE_NAME,
  LOCAL_TABLE_NAME,
  openLocalDatabase,
} from '../environment.ts';
import { localContext } from '../lambda-events.ts';
import { LOCAL_FUNCTIONS, type LocalHandler } from './functions.ts';
import { type LocalDefinitions, synthesizeLocalDefinitions } from './state-machines.ts';

export interface LocalSystemOptions {
  /** Where local data lives (DynamoDB Local's files, buckets); VF_DATA_DIR or `.vf/` by default. */
  readonly dataDir?: string;
  /** A DynamoDB Local already running (tests, benchmarks); otherwise the data directory's own is opened. */
  readonly endpoint?: string;
  readonly tableName?: string;
  readonly engineTableName?: string;
  readonly clock?: Clock;
  /** Definitions already synthesized (tests reuse one synth across systems). */
  readonly definitions?: LocalDefinitions;
  readonly concurrency?: number;
  readonly pollMs?: number;
  /** Wraps the local messenger (tests stand a refusing provider in front of it). */
  readonly wrapMessenger?: (messenger: Messenger) => Messenger;
}

/** The whole system on one machine (DESIGN 7): the stores, the engine and every function, in-process. */
export interface LocalSystem {
  readonly endpoint: string;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly store: DynamoDbCaseStore;
  readonly tasks: DynamoDbTaskStore;
  readonly engine: Engine;
  readonly workflows: EngineWorkflows;
  readonly definitions: LocalDefinitions;
  readonly objects: FolderObjectStore;
  readonly messages: DynamoDbMessageStore;
  readonly messenger: FolderMessenger;
  readonly handlers: { readonly [K in FunctionName]: LocalHandler };
  /** Invokes a function of the registry in-process with a Lambda-shaped event. */
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** The local sign-in: the person named by the `x-vf-user` header, standing in for the API's JWT authorizer. */
export const localIdentify = (event: APIGatewayProxyEventV2): string | undefined => {
  const user = event.headers?.['x-vf-user']?.trim();
  return user && /^[A-Za-z0-9._@-]{1,64}$/.test(user) ? user : undefined;
};

/** Opens the local system: tables created if missing, the engine loaded with the synthesized state machines. */
export async function openLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const dataDir = options.dataDir ?? dataDirectory();
  const database = options.endpoint
    ? { endpoint: options.endpoint, close: async () => undefined }
    : await openLocalDatabase(dataDir);
  const config = localDynamoDbConfig(database.endpoint);
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const engineTableName = options.engineTableName ?? LOCAL_ENGINE_TABLE_NAME;
  const admin = new DynamoDBClient(config);
  await ensureTable(admin, tableName);
  await ensureEngineTable(admin, engineTableName);
  admin.destroy();
  const client = documentClient(config);
  const clock = options.clock ?? systemClock;
  const definitions = options.definitions ?? synthesizeLocalDefinitions();
  const store = new DynamoDbCaseStore(client, tableName);
  const tasks = new DynamoDbTaskStore(client, tableName);
  const objects = new FolderObjectStore(join(dataDir, 'buckets'));
  const handlers = {} as Record<FunctionName, LocalHandler>;
  const invoke = (name: FunctionName, event: unknown) =>
    handlers[name](event, localContext(FUNCTIONS[name].id, FUNCTIONS[name].timeoutSeconds * 1000));
  const engine = new Engine({
    store: new ExecutionStore(client, engineTableName),
    clock,
    machines: definitions.machines,
    invoke: async (functionArn, payload) => {
      const name = definitions.functionsByArn.get(functionArn);
      if (!name)
        throw Object.assign(new Error(`no function ${functionArn}`), {
          name: 'Lambda.ResourceNotFoundException',
        });
      return invoke(name, payload);
    },
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const workflows = new EngineWorkflows(engine, definitions.contactPathArn);
  const messages = new DynamoDbMessageStore(client, tableName);
  const messenger = new FolderMessenger(dataDir);
  const sending = options.wrapMessenger ? options.wrapMessenger(messenger) : messenger;
  const deps = {
    store,
    tasks,
    clock,
    workflows,
    objects,
    identify: localIdentify,
    messages,
    messenger: sending,
    printManifests: messenger,
  };
  for (const name of Object.keys(LOCAL_FUNCTIONS) as FunctionName[])
    handlers[name] = LOCAL_FUNCTIONS[name](deps);
  return {
    endpoint: database.endpoint,
    dataDir,
    clock,
    store,
    tasks,
    engine,
    workflows,
    definitions,
    objects,
    messages,
    messenger,
    handlers,
    invoke,
    close: async () => {
      await engine.stop();
      client.destroy();
      await database.close();
    },
  };
}
