import { join } from 'node:path';
import type { DeliveryStatusSummary } from '../../functions/messaging/record-delivery-status/record-delivery-status.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbMessageStore } from '../../shared/adapters/dynamodb/message-store.ts';
import type { MessageChannel } from '../../shared/domain/messaging.ts';
import { type MessageRecord, providerSideMessageId } from '../../shared/domain/messaging.ts';
import { dataDirectory, LOCAL_TABLE_NAME, openLocalStore } from '../environment.ts';
import { DELIVERY_MARKS, type DeliveryMark, localContext, localDeliveryEvent } from '../lambda-events.ts';
import { openLocalSystemAtItsTime } from './local-time.ts';
import { type Output, UsageError } from './output.ts';

const CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'letter'];

/** Where the local messenger put a message: a letter's PDF, or an e-mail's or text's JSON in the outbox. */
function fileOf(message: MessageRecord, dataDir: string): string {
  const name = `${providerSideMessageId(message.caseId, message.messageId)}.json`;
  return message.location ?? join(dataDir, 'outbox', message.channel, name);
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

/**
 * `vf outbox mark CASE MESSAGE delivered|bounced`: what the provider would report for a local e-mail or
 * text, through the same delivery-status function its events invoke in AWS, to exercise the paths that
 * follow a delivery or a bounce.
 */
export async function outboxMarkCommand(
  caseId: string,
  messageId: string,
  mark: string,
  out: Output,
): Promise<void> {
  if (!(DELIVERY_MARKS as readonly string[]).includes(mark))
    throw new UsageError(`<status> must be one of ${DELIVERY_MARKS.join(', ')}`);
  const { system, running } = await openLocalSystemAtItsTime(dataDirectory());
  try {
    const store = system.messages;
    const message = await store.getMessage(caseId, messageId);
    if (!message) throw new UsageError(`no message ${messageId} on case ${caseId}: vf outbox lists them`);
    if (message.channel === 'letter' || !message.providerMessageId) {
      throw new UsageError(`${messageId} is a letter: letters have no delivery events`);
    }
    // Through the local system's own function, so a contact path waiting on the message hears of it.
    const summary = (await system.handlers.recordDeliveryStatus(
      localDeliveryEvent(message, mark as DeliveryMark, system.clock.now()),
      localContext('record-delivery-status'),
    )) as DeliveryStatusSummary;
    if (!running) await system.engine.runDue();
    const now = await store.getMessage(caseId, messageId);
    out.line(
      summary.recorded > 0
        ? `${caseId} ${messageId}: ${now?.status}${now?.permanent ? ' (permanent)' : ''}${summary.pathsAnswered > 0 ? '; its contact path has been told' : ''}`
        : `${caseId} ${messageId}: unchanged (${now?.status})`,
    );
  } finally {
    await system.close();
  }
}
