import { join } from 'node:path';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbMessageStore } from '../../shared/adapters/dynamodb/message-store.ts';
import { type MessageRecord, providerSideMessageId } from '../../shared/ports/message-store.ts';
import type { MessageChannel } from '../../shared/ports/messenger.ts';
import { dataDirectory, LOCAL_TABLE_NAME, openLocalStore } from '../environment.ts';
import type { Output } from './output.ts';

const CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'letter'];

/** Where the local messenger put a message: a letter's PDF, or an e-mail's or text's JSON in the outbox. */
function fileOf(message: MessageRecord, dataDir: string): string {
  return (
    message.location ??
    join(dataDir, 'outbox', message.channel, `${message.caseId}.${message.messageId}.json`)
  );
}

/**
 * `vf outbox [--json]`: every message the local system sent — e-mails, texts and letters — with its status
 * and file, oldest first on each channel. With --json the last line is a JSON array of
 * `{channel, purpose, caseId, status, file}`.
 */
export async function outboxCommand(options: { json?: boolean }, out: Output): Promise<void> {
  const dataDir = dataDirectory();
  const local = await openLocalStore(dataDir);
  const client = documentClient(localDynamoDbConfig(local.endpoint));
  let messages: MessageRecord[];
  try {
    const store = new DynamoDbMessageStore(client, LOCAL_TABLE_NAME);
    messages = (await Promise.all(CHANNELS.map((channel) => store.listOutbox(channel)))).flat();
  } finally {
    client.destroy();
    await local.close();
  }
  const rows = messages.map((message) => ({
    channel: message.channel,
    purpose: message.purpose,
    caseId: message.caseId,
    status: message.status,
    file: fileOf(message, dataDir),
  }));
  for (const channel of CHANNELS) {
    const of = rows.filter((row) => row.channel === channel);
    out.line(`${channel}: ${of.length}`);
    for (const row of of) out.line(`  ${row.caseId}  ${row.purpose}  ${row.status}  ${row.file}`);
  }
  if (options.json) out.json(rows);
}
