import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/** Where an execution is in its current state. */
export type Phase =
  /** about to run the current state with `stateInput` */
  | 'enter'
  /** a Wait state sleeping until `wakeAt` */
  | 'waiting'
  /** a task waiting for its token to be answered, or its timeout */
  | 'awaiting-token'
  /** a failed task waiting for its retry at `wakeAt` */
  | 'retrying'
  /** a task's token was answered: `taskResult` or `taskFailure` is ready to be taken */
  | 'answered'
  | 'done';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution as the engine keeps it: everything needed to resume it after the process dies. */
export interface ExecutionRecord {
  /** The state machine's name and the execution's name: executions are unique per state machine. */
  readonly id: string;
  readonly name: string;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly input: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** Persisted writes so far: every write is conditional on the one before (optimistic concurrency). */
  readonly seq: number;
  /** States entered so far (what Step Functions bills). */
  readonly transitions: number;
  readonly historyCount: number;
  readonly timeoutAt?: string;
  readonly phase: Phase;
  readonly state: string;
  readonly stateInput: string;
  readonly enteredAt: string;
  readonly variables: string;
  readonly retryCounts: readonly number[];
  readonly wakeAt?: string;
  readonly token?: string;
  readonly tokenTimeoutAt?: string;
  readonly heartbeatSeconds?: number;
  readonly lastHeartbeatAt?: string;
  /** The task's function has been invoked for the current token (otherwise a restart invokes it again). */
  readonly invoked?: boolean;
  /** The arguments the current task's function was called with (to call it again after a restart). */
  readonly taskArguments?: string;
  readonly taskResult?: string;
  readonly taskFailure?: { readonly error: string; readonly cause: string };
  /** The latest history events, kept on the item; older ones are moved to history items in chunks. */
  readonly history: readonly HistoryEvent[];
  /** Every task token the execution has issued, by its nonce, and what became of it. */
  readonly tokens: Readonly<Record<string, TokenStatus>>;
}

export interface HistoryEvent {
  readonly id: number;
  readonly timestamp: string;
  readonly type: string;
  readonly stateName?: string;
  readonly details?: Record<string, unknown>;
}

export type TokenStatus = 'waiting' | 'succeeded' | 'failed' | 'timed-out';

/**
 * A one-time schedule the engine keeps (EventBridge Scheduler's stand-in): when its time comes it starts
 * one execution, named so that starting it twice is harmless, and is then marked fired.
 */
export interface ScheduleRecord {
  readonly name: string;
  readonly at: string;
  readonly stateMachineArn: string;
  readonly executionName: string;
  readonly input: string;
  /** When it started its execution (or was refused): a fired schedule never fires again. */
  readonly firedAt?: string;
  /** The error that refused its execution, if one did (the state machine no longer loaded, say). */
  readonly error?: string;
  /** When it was cancelled before it fired: a cancelled schedule never fires. */
  readonly cancelledAt?: string;
}

/** What is due at a time: executions to advance and schedules to fire, earliest first. */
export interface DueWork {
  readonly executions: string[];
  readonly schedules: string[];
}

/** Another writer moved the execution on first: re-read it and decide again. */
export class ExecutionChangedError extends Error {
  override name = 'ExecutionChangedError';
}

const WAKE_PARTITION = 'WAKE';
const executionKey = (id: string) => ({ pk: `EXEC#${id}`, sk: 'EXECUTION' });
const SCHEDULE_PREFIX = 'SCHEDULE#';
const scheduleKey = (name: string) => ({ pk: `${SCHEDULE_PREFIX}${name}`, sk: 'SCHEDULE' });

/** Creates the engine's table (its own, as Step Functions keeps its own state apart from the case table). */
export async function ensureEngineTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'wakePk', 'wakeSk'].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          // Executions with something to do at a time (a timer, a task timeout, a retry, or work now), and
          // one-time schedules not yet fired: one partition, so timers and schedules fire in time order.
          IndexName: 'wake',
          KeySchema: [
            { AttributeName: 'wakePk', KeyType: 'HASH' },
            { AttributeName: 'wakeSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
}

/** A write the engine makes when an execution moves: the new record, its history, the token it touches. */
export interface Transition {
  readonly record: ExecutionRecord;
  readonly events: readonly Omit<HistoryEvent, 'id'>[];
  readonly token?: { readonly token: string; readonly status: TokenStatus };
  /** History events moved off the execution item into a history item by this write. */
  readonly spill?: readonly HistoryEvent[];
}

/** The engine's durable state on DynamoDB: one item per execution (with its latest history and its task tokens), older history in chunks, and one item per one-time schedule. */
export class ExecutionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<ExecutionRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: executionKey(id), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  /**
   * Writes a transition, only if nobody else has moved the execution since `previousSeq` was read
   * (undefined: the execution must not exist yet); throws ExecutionChangedError if someone has. One
   * conditional PutItem of the execution item, which carries its latest history and its tokens; when the
   * history on the item grows long, the same write moves the older events to a history item (a
   * TransactWriteItems of the two).
   */
  async write(transition: Transition, previousSeq: number | undefined): Promise<void> {
    const put = {
      TableName: this.tableName,
      Item: toItem(transition.record),
      ...(previousSeq === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': previousSeq } }),
    };
    const spill = transition.spill ?? [];
    try {
      if (spill.length === 0) {
        await this.client.send(new PutCommand(put));
      } else {
        const first = spill[0]?.id ?? 0;
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: put },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    pk: `EXEC#${transition.record.id}`,
                    sk: `H#${String(first).padStart(8, '0')}`,
                    events: spill,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      }
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ExecutionChangedError(transition.record.id);
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new ExecutionChangedError(transition.record.id);
      }
      throw error;
    }
  }

  /** Executions with something to do, and schedules to fire, at or before `until`, earliest first. */
  async due(until: Date, limit = 100): Promise<DueWork> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'wake',
        KeyConditionExpression: 'wakePk = :p AND wakeSk <= :until',
        ExpressionAttributeValues: { ':p': WAKE_PARTITION, ':until': `${until.toISOString()}~` },
        Limit: limit,
      }),
    );
    const due: DueWork = { executions: [], schedules: [] };
    for (const item of result.Items ?? []) {
      const pk = String(item.pk);
      if (pk.startsWith(SCHEDULE_PREFIX)) due.schedules.push(pk.slice(SCHEDULE_PREFIX.length));
      else due.executions.push(pk.slice('EXEC#'.length));
    }
    return due;
  }

  /** The earliest time any execution has something to do or any schedule fires, if there is one. */
  async nextWake(): Promise<Date | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'wake',
        KeyConditionExpression: 'wakePk = :p',
        ExpressionAttributeValues: { ':p': WAKE_PARTITION },
        Limit: 1,
      }),
    );
    const key = result.Items?.[0]?.wakeSk;
    return typeof key === 'string' ? new Date(key.split('#')[0] ?? '') : undefined;
  }

  /**
   * Keeps a one-time schedule, due at its `at`; false (and nothing written) if a schedule of that name is
   * kept already, fired or not.
   */
  async putSchedule(schedule: ScheduleRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...scheduleKey(schedule.name),
            ...schedule,
            wakePk: WAKE_PARTITION,
            wakeSk: `${schedule.at}#${schedule.name}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getSchedule(name: string): Promise<ScheduleRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: scheduleKey(name), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, wakePk: _wakePk, wakeSk: _wakeSk, ...schedule } = result.Item;
    return schedule as ScheduleRecord;
  }

  /**
   * Marks a schedule that has neither fired nor been cancelled as cancelled: it leaves the wake index and
   * is kept. False (nothing written) if there is no such schedule waiting.
   */
  async cancelSchedule(name: string, cancelledAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: scheduleKey(name),
          UpdateExpression: 'SET cancelledAt = :at REMOVE wakePk, wakeSk',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(firedAt) AND attribute_not_exists(cancelledAt)',
          ExpressionAttributeValues: { ':at': cancelledAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Marks a schedule fired: it leaves the wake index, and is kept so that making it again is harmless. */
  async markScheduleFired(name: string, firedAt: string, error?: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: scheduleKey(name),
        UpdateExpression: `SET firedAt = :at${error === undefined ? '' : ', #error = :error'} REMOVE wakePk, wakeSk`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': firedAt, ...(error === undefined ? {} : { ':error': error }) },
        ...(error === undefined ? {} : { ExpressionAttributeNames: { '#error': 'error' } }),
      }),
    );
  }

  async history(id: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
          ExpressionAttributeValues: { ':pk': `EXEC#${id}`, ':h': 'H#' },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) events.push(...(item.events as HistoryEvent[]));
      start = page.LastEvaluatedKey;
    } while (start);
    const record = await this.get(id);
    return [...events, ...(record?.history ?? [])];
  }
}

function toItem(record: ExecutionRecord): Record<string, unknown> {
  return {
    ...executionKey(record.id),
    ...record,
    ...(record.wakeAt ? { wakePk: WAKE_PARTITION, wakeSk: `${record.wakeAt}#${record.id}` } : {}),
  };
}

function fromItem(item: Record<string, unknown>): ExecutionRecord {
  const { pk: _pk, sk: _sk, wakePk: _wakePk, wakeSk: _wakeSk, ...record } = item;
  return record as unknown as ExecutionRecord;
}
