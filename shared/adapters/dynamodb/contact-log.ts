import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { localDateOf, SERVICE_TIME_ZONE } from '../../domain/calendar.ts';
import { type Contact, oldestFirst } from '../../domain/contact-log.ts';
import type { ContactLog } from '../../ports/contact-log.ts';
import { queryAll } from './query-all.ts';

/** The contact's item under its case (docs/data-model.md: contact). */
const contactKey = (caseId: string, contactId: string) => ({
  pk: `CASE#${caseId}`,
  sk: `CONTACT#${contactId}`,
});

/** The index partition of the contacts that happened on a local date. */
const dayKey = (date: string) => `CONTACTS#${date}`;

/** Days read at once for a period: a quarter is about 92 queries, a few at a time. */
const DAYS_AT_ONCE = 8;

/** A contact as the table returns it, without its keys. */
function contactOf(item: Record<string, unknown>): Contact {
  const { pk: _pk, sk: _sk, itemType: _type, gsi2pk: _g, gsi2sk: _s, ...rest } = item;
  return {
    ...(rest as unknown as Contact),
    support: [...((rest.support as string[] | undefined) ?? [])] as Contact['support'],
    at: new Date(String(rest.at)),
    recordedAt: new Date(String(rest.recordedAt)),
  };
}

/** The local dates a period `[from, to)` touches, in order. */
function localDays(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (
    let day = DateTime.fromJSDate(from, { zone: SERVICE_TIME_ZONE }).startOf('day');
    day.toJSDate() < to;
    day = day.plus({ days: 1 })
  )
    days.push(day.toISODate() as string);
  return days;
}

/**
 * The contact log on the single table: each contact under its case (`CONTACT#<contactId>`), written on
 * condition that it is new, and on the `gsi2` index by the local date it happened on, which is how the
 * quarterly return reads a period's contacts without a Scan.
 */
export class DynamoDbContactLog implements ContactLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(contact: Contact): Promise<'recorded' | 'already-recorded'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...contactKey(contact.caseId, contact.contactId),
            itemType: 'contact',
            ...contact,
            support: [...contact.support],
            at: contact.at.toISOString(),
            recordedAt: contact.recordedAt.toISOString(),
            gsi2pk: dayKey(localDateOf(contact.at)),
            gsi2sk: `${contact.at.toISOString()}#${contact.caseId}#${contact.contactId}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'already-recorded';
      throw error;
    }
  }

  async get(caseId: string, contactId: string): Promise<Contact | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: contactKey(caseId, contactId), ConsistentRead: true }),
    );
    return result.Item ? contactOf(result.Item) : undefined;
  }

  async listForCase(caseId: string): Promise<Contact[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :case AND begins_with(sk, :contact)',
      ExpressionAttributeValues: { ':case': `CASE#${caseId}`, ':contact': 'CONTACT#' },
      ConsistentRead: true,
    });
    return items.map(contactOf).sort(oldestFirst);
  }

  async listInPeriod(from: Date, to: Date): Promise<Contact[]> {
    const days = localDays(from, to);
    const found: Contact[] = [];
    for (let i = 0; i < days.length; i += DAYS_AT_ONCE) {
      const pages = await Promise.all(
        days.slice(i, i + DAYS_AT_ONCE).map((day) =>
          queryAll(this.client, {
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :day',
            ExpressionAttributeValues: { ':day': dayKey(day) },
          }),
        ),
      );
      found.push(...pages.flat().map(contactOf));
    }
    return found.filter((c) => c.at >= from && c.at < to).sort(oldestFirst);
  }
}
