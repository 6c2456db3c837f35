import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect, inject } from 'vitest';
import { logger } from '../../functions/logger.ts';
import { startLocalServer } from '../../local/server/local-server.ts';
import { type LocalSystem, openLocalSystem } from '../../local/system/local-system.ts';
import { VirtualClock } from '../../local/system/virtual-clock.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { ObjectTooLargeError } from '../../shared/domain/received-file.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';

// What the bad-input corpus shares: a look at everything a table holds, so a case can assert that
// a refused input wrote nothing; an S3 stand-in; and a person at a browser for the web forms.

/** Every item of a table, keyed `pk | sk`, each as its JSON. */
export type TableSnapshot = ReadonlyMap<string, string>;

/** Reads the whole table (the corpus's tables are small). */
export async function snapshotOf(client: DynamoDBDocumentClient, tableName: string): Promise<TableSnapshot> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.set(`${item.pk} | ${item.sk}`, JSON.stringify(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The keys added, changed or removed between two snapshots, except those `allowed` says may change. */
export function writesBetween(
  before: TableSnapshot,
  after: TableSnapshot,
  allowed: (key: string) => boolean = () => false,
): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key) && !allowed(key)).sort();
}

/** Audit entries (a refused page is audited by design) and quarantine records are the writes a refusal makes. */
export const isAudit = (key: string) => key.includes(' | AUDIT#');
export const isIntakeRecord = (key: string) => key.startsWith('INTAKE#');

/** The intake bucket on one machine, in memory: what S3 would hand the function. */
export class MemoryObjects implements ObjectStore {
  private readonly objects = new Map<string, Uint8Array>();

  put(bucket: string, key: string, content: string | Uint8Array): void {
    this.objects.set(`${bucket}/${key}`, typeof content === 'string' ? Buffer.from(content) : content);
  }

  async get(bucket: string, key: string, maxBytes: number): Promise<Uint8Array> {
    const content = this.objects.get(`${bucket}/${key}`);
    if (!content) throw new Error(`no object ${bucket}/${key}`);
    if (content.byteLength > maxBytes)
      throw new ObjectTooLargeError(`object is ${content.byteLength} bytes, the limit is ${maxBytes}`);
    return content;
  }
}

/** An error named by the field the sender knows it by. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The errors name `field` (exactly), each with a message that does not repeat the bad value. */
export function expectNamed(errors: readonly FieldError[] | undefined, field: string, value?: string): void {
  expect(errors?.map((e) => e.field)).toContain(field);
  for (const error of errors ?? []) {
    expect(error.message.length).toBeGreaterThan(0);
    if (value !== undefined && value.length >= 4) expect(error.message).not.toContain(value);
  }
}

/** The web tests' visitor: cookies kept, redirects not followed, extra headers allowed. */
export { Visitor } from '../support/visitor.ts';

/** The GOV.UK error summary of a page: each entry's link target (`#field`) and text. */
export function errorSummaryOf(page: string): Array<{ href: string; text: string }> {
  const summary = /<div class="govuk-error-summary\b[\s\S]*?<\/ul>/.exec(page)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1] ?? '',
    text: (m[2] ?? '').trim(),
  }));
}

/** Text with the markup the corpus puts in free-text fields, and what it must look like once escaped. */
export const SCRIPT = '<script>alert(1)</script>';
export const SCRIPT_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
export const FORMULA = '=HYPERLINK("http://evil.example.org","Click")';

/**
 * The local system served over HTTP as `vf start` serves it (real handlers, DynamoDB Local, fresh tables), but
 * with an engine that holds no state machines: for a corpus in which every input must be refused, so no
 * synth is needed. A referral wrongly accepted would fail to start its path and show as a wrong answer.
 */
export async function startRefusingSystem(start: Date): Promise<{
  readonly url: string;
  readonly system: LocalSystem;
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly engineTableName: string;
  close(): Promise<void>;
}> {
  logger.setLogLevel('SILENT');
  const suffix = randomUUID();
  const nowhere = 'arn:aws:states:eu-west-2:000000000000:stateMachine:none';
  const system = await openLocalSystem({
    endpoint: inject('dynamoDbEndpoint'),
    dataDir: mkdtempSync(join(tmpdir(), 'vf-corpus-')),
    tableName: `test-${suffix}`,
    engineTableName: `engine-${suffix}`,
    clock: new VirtualClock(start),
    definitions: {
      machines: [],
      functionsByArn: new Map(),
      contactPathArn: nowhere,
      targetHardeningArn: nowhere,
    },
  });
  const server = await startLocalServer(system, { port: 0, log: () => {} });
  const client = documentClient(localDynamoDbConfig(system.endpoint));
  return {
    url: server.url,
    system,
    client,
    tableName: `test-${suffix}`,
    engineTableName: `engine-${suffix}`,
    close: async () => {
      await server.close();
      await system.close();
      client.destroy();
    },
  };
}
