import { DeleteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addCalendarDays, localDateOf } from '../../shared/domain/calendar.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { SimulatedProvider } from './provider.ts';
import type { RunState } from './run-state.ts';

/** Whether two runs' recorded options give the same results (the engine's concurrency changes only the speed). */
export function sameOptions(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('concurrency');
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Takes up the world a stopped run left, before its moment is worked again. The claims to send a message it
 * took in that moment are released: nothing else runs on the directory, so a claim the message was never
 * recorded under was its dead predecessor's, and the message is sent now, at the same virtual instant,
 * rather than once the claim's lease has run out on the virtual clock. The provider owes a report for every e-mail and text
 * sent since the state was written (the state knows the earlier ones): a report a message already had is
 * given again, which the delivery-status function takes as the duplicate it is.
 */
export async function takeUpStoppedRun(
  system: LocalSystem,
  client: DynamoDBDocumentClient,
  tableName: string,
  provider: SimulatedProvider,
  state: RunState,
): Promise<void> {
  // The message store's claim, held while a message is handed to its provider: `CASE#<caseId>`,
  // `SENDING#<messageId>` (shared/adapters/dynamodb/message-store.ts).
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(sk, :sending) AND claimedAt >= :moment',
        ExpressionAttributeValues: { ':sending': 'SENDING#', ':moment': new Date(state.clock).toISOString() },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const claim of page.Items ?? []) {
      const caseId = String(claim.pk).slice('CASE#'.length);
      const messageId = String(claim.sk).slice('SENDING#'.length);
      if (await system.messages.getMessage(caseId, messageId)) continue;
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: claim.pk, sk: claim.sk } }));
    }
    start = page.LastEvaluatedKey;
  } while (start);

  const last = localDateOf(new Date(state.moment));
  for (let day = localDateOf(new Date(state.clock)); day <= last; day = addCalendarDays(day, 1)) {
    for (const message of await system.messages.listSentOn(day)) {
      if (message.channel === 'letter' || message.sentAt.getTime() < state.clock) continue;
      provider.owe(provider.reportFor({ ...message, channel: message.channel }));
    }
  }
}
