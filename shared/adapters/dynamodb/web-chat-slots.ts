import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WebChatSlotBookings } from '../../ports/web-chat-slots.ts';
import { TABLE_DESIGN } from '../../storage-layout/table-design.ts';
import { queryAll } from './query-all.ts';

const PARTITION = 'WEBCHATSLOTS';
const slotKey = (slot: Date) => ({ pk: PARTITION, sk: `SLOT#${slot.toISOString()}` });
/** A slot's bookings are kept this long after it, then removed by TTL. */
const KEPT_AFTER_SLOT_SECONDS = 30 * 86_400;

/**
 * Web chat slot bookings on the single table (docs/data-model.md): one item per booked slot,
 * `WEBCHATSLOTS` / `SLOT#<ISO instant>`, holding the set of holders and their count. Booking is one
 * conditional UpdateItem (room left and not already this holder's); the slots of the next days are one
 * Query on the partition's sort key, never a Scan.
 */
export class DynamoDbWebChatSlotBookings implements WebChatSlotBookings {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async bookedBetween(from: Date, to: Date): Promise<ReadonlyMap<string, number>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': PARTITION,
        ':from': `SLOT#${from.toISOString()}`,
        // Just before `to`: the range is [from, to).
        ':to': `SLOT#${new Date(to.getTime() - 1).toISOString()}`,
      },
      ConsistentRead: true,
    });
    return new Map(items.map((item) => [(item.sk as string).slice('SLOT#'.length), item.booked as number]));
  }

  async book(slot: Date, holder: string, capacity: number): Promise<'booked' | 'full'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: slotKey(slot),
          UpdateExpression: 'ADD holders :holders, booked :one SET itemType = :type, #expires = :expires',
          ConditionExpression:
            '(attribute_not_exists(booked) OR booked < :capacity) AND NOT contains(holders, :holder)',
          ExpressionAttributeNames: { '#expires': TABLE_DESIGN.timeToLiveAttribute },
          ExpressionAttributeValues: {
            ':holders': new Set([holder]),
            ':holder': holder,
            ':one': 1,
            ':capacity': capacity,
            ':type': 'web-chat-slot',
            ':expires': Math.ceil(slot.getTime() / 1000) + KEPT_AFTER_SLOT_SECONDS,
          },
        }),
      );
      return 'booked';
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    // Refused: full, or this holder's already (a retried submission), which is booked all the same.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: slotKey(slot), ConsistentRead: true }),
    );
    return (Item?.holders as Set<string> | undefined)?.has(holder) ? 'booked' : 'full';
  }
}
