import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_ENGINE_TABLE_NAME, LOCAL_TABLE_NAME, openLocalDatabase } from '../../local/environment.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { spawnVf } from './killable-vf.ts';

/** One line of `vf outbox --json`. */
export interface OutboxRow {
  readonly channel: 'email' | 'sms' | 'letter';
  readonly purpose: string;
  readonly caseId: string;
  readonly status: string;
  readonly file: string;
}

type Item = Record<string, unknown>;

/**
 * What a simulation left in a data directory, read from DynamoDB Local's files and the folders: every
 * item of the case table and the engine's table, with what legitimately differs between two runs of the
 * same story taken out (the provider's random message ids, task tokens' random nonces, the directory).
 */
export interface SimulatedWorld {
  /** Every item by `<table> <pk> <sk>`, as normalised JSON. */
  readonly items: ReadonlyMap<string, string>;
  /** The provider-id items (`PROVIDER#<id>`): the message each names, `<caseId> <messageId>`. */
  readonly providerIds: readonly string[];
  /** The messages' provider ids as their records hold them. */
  readonly recordedProviderIds: readonly string[];
  /** The cases received on each of the days asked for, as the case store's day index lists them. */
  readonly casesReceived: readonly string[];
  /** Each letter's PDF under `letters/`, and each e-mail's or text's JSON under `outbox/` (relative paths). */
  readonly letterFiles: readonly string[];
  readonly outboxFiles: readonly string[];
  /** Letter PDFs that are not whole (no `%PDF-` at the start or no `%%EOF` at the end). */
  readonly brokenLetters: readonly string[];
  /** Files a killed process was still writing (`.partial`) that nothing wrote whole after. */
  readonly partialFiles: readonly string[];
  /** `vf outbox --json` on the directory. */
  readonly outbox: readonly OutboxRow[];
}

async function scan(client: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A task token in any string (base64 of `{"e":…,"n":<random nonce>}`). */
const TOKEN = /eyJlIjoi[A-Za-z0-9+/=_-]+/g;

/** An item with what differs between two runs of the same story taken out, as JSON with sorted keys. */
function normalised(item: Item, dataDir: string): string {
  const { token: _token, tokens, providerMessageId: _provider, ...rest } = item;
  const kept: Item = {
    ...rest,
    // The engine's tokens by their random nonces: only how many there were and how each ended.
    ...(tokens && typeof tokens === 'object' ? { tokens: Object.values(tokens as Item).sort() } : {}),
    ...(_provider === undefined ? {} : { providerMessageId: '<provider id>' }),
  };
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value as Item)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([key, inner]) => [key, sorted(inner)]),
          )
        : value;
  return JSON.stringify(sorted(kept)).replaceAll(dataDir, '<data>').replace(TOKEN, '<token>');
}

/** The files under a folder, relative to it, that pass the filter. */
function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter(keep).sort();
}

/**
 * Reads the world a simulation left in `dataDir`: it opens a DynamoDB Local on the directory's files for
 * the reading (and `vf outbox`, which uses the same one), and stops it after.
 */
export async function readSimulatedWorld(dataDir: string, days: readonly string[]): Promise<SimulatedWorld> {
  const database = await openLocalDatabase(dataDir);
  const client = documentClient(localDynamoDbConfig(database.endpoint));
  try {
    const caseItems = await scan(client, LOCAL_TABLE_NAME);
    const engineItems = await scan(client, LOCAL_ENGINE_TABLE_NAME);
    const store = new DynamoDbCaseStore(client, LOCAL_TABLE_NAME);
    const casesReceived = (await Promise.all(days.map((day) => store.caseIdsReceivedOn(day)))).flat();

    const items = new Map<string, string>();
    const providerIds: string[] = [];
    for (const [table, of] of [
      ['case', caseItems],
      ['engine', engineItems],
    ] as const) {
      for (const item of of) {
        const pk = String(item.pk);
        if (pk.startsWith('PROVIDER#')) {
          providerIds.push(`${item.caseId} ${item.messageId}`);
          continue;
        }
        items.set(`${table} ${pk} ${String(item.sk)}`, normalised(item, dataDir));
      }
    }
    const recordedProviderIds = caseItems
      .filter((item) => item.itemType === 'message' && item.providerMessageId !== undefined)
      .map((item) => `${item.caseId} ${item.messageId}`);

    const outboxRun = spawnVf(['outbox', '--json'], { VF_DATA_DIR: dataDir });
    const { code } = await outboxRun.exited;
    if (code !== 0) throw new Error(`vf outbox --json failed (${code}):\n${outboxRun.stderr()}`);
    const outbox = JSON.parse(outboxRun.stdout().trim().split('\n').at(-1) ?? '[]') as OutboxRow[];

    const letters = join(dataDir, 'letters');
    const letterFiles = filesUnder(letters, (name) => name.endsWith('.pdf'));
    const brokenLetters = letterFiles.filter((file) => {
      const bytes = readFileSync(join(letters, file));
      return (
        bytes.subarray(0, 5).toString('latin1') !== '%PDF-' ||
        !bytes.subarray(-1024).toString('latin1').includes('%%EOF')
      );
    });
    return {
      items,
      providerIds: providerIds.sort(),
      recordedProviderIds: recordedProviderIds.sort(),
      casesReceived: casesReceived.sort(),
      letterFiles,
      outboxFiles: filesUnder(join(dataDir, 'outbox'), (name) => name.endsWith('.json')),
      brokenLetters,
      partialFiles: [
        ...filesUnder(letters, (name) => name.endsWith('.partial')),
        ...filesUnder(join(dataDir, 'outbox'), (name) => name.endsWith('.partial')),
      ],
      outbox,
    };
  } finally {
    client.destroy();
    await database.close();
  }
}
