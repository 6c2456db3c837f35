import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { localDateOf, SERVICE_TIME_ZONE } from '../../domain/calendar.ts';
import type {
  Complaint,
  ComplaintAction,
  ComplaintAlert,
  ComplaintNote,
  Finding,
  Lot,
} from '../../domain/complaints.ts';
import type { ComplaintStore, Once } from '../../ports/complaints.ts';

/** The complaint's item (docs/data-model.md: complaint). */
const complaintKey = (complaintId: string) => ({ pk: `COMPLAINT#${complaintId}`, sk: 'COMPLAINT' });
const openOf = (lot: Lot) => `COMPLAINTS#LOT${lot}#OPEN`;
const closedOf = (lot: Lot) => `COMPLAINTS#LOT${lot}#CLOSED`;
const receivedOn = (day: string) => `COMPLAINTS_RECEIVED#${day}`;
const closedOn = (day: string) => `COMPLAINTS_CLOSED#${day}`;

/** Days read at once for a period. */
const DAYS_AT_ONCE = 8;

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

type Item = Record<string, unknown>;
const date = (value: unknown) => new Date(String(value));

function complaintOf(item: Item): Complaint {
  const notes = Object.values((item.notes ?? {}) as Record<string, Item>).map(
    (n): ComplaintNote => ({
      noteId: String(n.noteId),
      text: String(n.text),
      by: String(n.by),
      at: date(n.at),
    }),
  );
  const alerts = Object.entries((item.alerts ?? {}) as Record<string, string>).map(([alert, at]) => ({
    alert: alert as ComplaintAlert,
    at: date(at),
  }));
  const actions = Object.values((item.actions ?? {}) as Record<string, Item>).map((a): ComplaintAction => {
    const done = a.done as Item | undefined;
    return {
      number: Number(a.number),
      text: String(a.text),
      owner: String(a.owner),
      due: String(a.due),
      ...(done ? { done: { by: String(done.by), at: date(done.at) } } : {}),
    };
  });
  const acknowledged = item.acknowledged as Item | undefined;
  const closed = item.closed as Item | undefined;
  const reply = item.reply as Item;
  return {
    complaintId: String(item.complaintId),
    service: item.service as Complaint['service'],
    lot: Number(item.lot) as Lot,
    channel: item.channel as Complaint['channel'],
    receivedAt: date(item.receivedAt),
    ...(item.keyedBy === undefined ? {} : { keyedBy: String(item.keyedBy) }),
    whatWentWrong: String(item.whatWentWrong),
    wanted: String(item.wanted),
    ...(item.caseReference === undefined ? {} : { caseReference: String(item.caseReference) }),
    reply: {
      channel: reply.channel as Complaint['reply']['channel'],
      ...(reply.address === undefined ? {} : { address: String(reply.address) }),
    },
    acknowledgeBy: date(item.acknowledgeBy),
    respondBy: date(item.respondBy),
    ...(acknowledged
      ? {
          acknowledged: {
            by: String(acknowledged.by),
            at: date(acknowledged.at),
            message: acknowledged.message as NonNullable<Complaint['acknowledged']>['message'],
          },
        }
      : {}),
    ...(item.assignee === undefined ? {} : { assignee: String(item.assignee) }),
    notes: notes.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.noteId < b.noteId ? -1 : 1)),
    alerts: alerts.sort((a, b) => a.at.getTime() - b.at.getTime()),
    ...(closed
      ? {
          closed: {
            finding: closed.finding as Finding,
            summary: String(closed.summary),
            by: String(closed.by),
            at: date(closed.at),
          },
        }
      : {}),
    actions: actions.sort((a, b) => a.number - b.number),
  };
}

const actionItem = (a: ComplaintAction) => ({
  number: a.number,
  text: a.text,
  owner: a.owner,
  due: a.due,
  ...(a.done ? { done: { by: a.done.by, at: a.done.at.toISOString() } } : {}),
});

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
 * Complaints on the single table: each under its own partition, on `gsi1` by lot while open (response
 * deadline first) and once closed (latest first), on `gsi2` by the local date received and, once closed, on
 * `gsi3` by the date closed. Notes, alerts and actions are maps on the item keyed by their ids, so each is
 * written once by a conditional update.
 */
export class DynamoDbComplaints implements ComplaintStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async receive(c: Complaint): Promise<'received' | 'already-received'> {
    const receivedAt = c.receivedAt.toISOString();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...complaintKey(c.complaintId),
            itemType: 'complaint',
            complaintId: c.complaintId,
            service: c.service,
            lot: c.lot,
            channel: c.channel,
            receivedAt,
            ...(c.keyedBy === undefined ? {} : { keyedBy: c.keyedBy }),
            whatWentWrong: c.whatWentWrong,
            wanted: c.wanted,
            ...(c.caseReference === undefined ? {} : { caseReference: c.caseReference }),
            reply: { channel: c.reply.channel, ...(c.reply.address ? { address: c.reply.address } : {}) },
            acknowledgeBy: c.acknowledgeBy.toISOString(),
            respondBy: c.respondBy.toISOString(),
            notes: {},
            alerts: {},
            actions: {},
            gsi1pk: openOf(c.lot),
            gsi1sk: `${c.respondBy.toISOString()}#${c.complaintId}`,
            gsi2pk: receivedOn(localDateOf(c.receivedAt)),
            gsi2sk: `${receivedAt}#${c.complaintId}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'received';
    } catch (error) {
      if (isConditionFailure(error)) return 'already-received';
      throw error;
    }
  }

  async get(complaintId: string): Promise<Complaint | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: complaintKey(complaintId), ConsistentRead: true }),
    );
    return result.Item ? complaintOf(result.Item) : undefined;
  }

  /** One conditional update: `already` when its condition fails on a kept complaint. */
  private async update(
    complaintId: string,
    update: string,
    condition: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<Once> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: complaintKey(complaintId),
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(pk)${condition ? ` AND ${condition}` : ''}`,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return 'done';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.get(complaintId)) ? 'already' : 'not-found';
    }
  }

  async acknowledge(complaintId: string, a: NonNullable<Complaint['acknowledged']>): Promise<Once> {
    return this.update(
      complaintId,
      'SET acknowledged = :a',
      'attribute_not_exists(acknowledged)',
      {},
      { ':a': { by: a.by, at: a.at.toISOString(), message: a.message } },
    );
  }

  async assign(complaintId: string, assignee: string): Promise<Once> {
    return this.update(complaintId, 'SET assignee = :a', '', {}, { ':a': assignee });
  }

  async addNote(complaintId: string, note: ComplaintNote): Promise<Once> {
    return this.update(
      complaintId,
      'SET notes.#id = :note',
      'attribute_not_exists(notes.#id)',
      { '#id': note.noteId },
      { ':note': { noteId: note.noteId, text: note.text, by: note.by, at: note.at.toISOString() } },
    );
  }

  async raiseAlert(complaintId: string, alert: ComplaintAlert, at: Date): Promise<Once> {
    return this.update(
      complaintId,
      'SET alerts.#alert = :at',
      'attribute_not_exists(alerts.#alert)',
      { '#alert': alert },
      { ':at': at.toISOString() },
    );
  }

  async close(
    complaintId: string,
    closed: { finding: Finding; summary: string; by: string; at: Date },
    actions: readonly ComplaintAction[],
  ): Promise<Once> {
    const found = await this.get(complaintId);
    if (!found) return 'not-found';
    const at = closed.at.toISOString();
    return this.update(
      complaintId,
      'SET closed = :closed, actions = :actions, gsi1pk = :closedLot, gsi1sk = :order, gsi3pk = :day, gsi3sk = :order',
      'attribute_not_exists(closed)',
      {},
      {
        ':closed': { finding: closed.finding, summary: closed.summary, by: closed.by, at },
        ':actions': Object.fromEntries(actions.map((a) => [String(a.number), actionItem(a)])),
        ':closedLot': closedOf(found.lot),
        ':order': `${at}#${complaintId}`,
        ':day': closedOn(localDateOf(closed.at)),
      },
    );
  }

  async completeAction(complaintId: string, number: number, done: { by: string; at: Date }): Promise<Once> {
    const found = await this.get(complaintId);
    if (!found?.actions.some((a) => a.number === number)) return 'not-found';
    return this.update(
      complaintId,
      'SET actions.#n.done = :done',
      'attribute_exists(actions.#n) AND attribute_not_exists(actions.#n.done)',
      { '#n': String(number) },
      { ':done': { by: done.by, at: done.at.toISOString() } },
    );
  }

  private async listLot(partition: string, forward: boolean, limit: number): Promise<Complaint[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: forward,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(complaintOf);
  }

  listOpen(lot: Lot, limit: number): Promise<Complaint[]> {
    return this.listLot(openOf(lot), true, limit);
  }

  listClosed(lot: Lot, limit: number): Promise<Complaint[]> {
    return this.listLot(closedOf(lot), false, limit);
  }

  async listForPeriod(from: Date, to: Date): Promise<Complaint[]> {
    const read = async (index: 'gsi2' | 'gsi3', partition: string): Promise<Complaint[]> => {
      const found: Complaint[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: index,
            KeyConditionExpression: `${index}pk = :day AND ${index}sk BETWEEN :from AND :to`,
            // `<instant>#<id>`: one at `from` sorts after it; one at `to` after `to` too, so is left out.
            ExpressionAttributeValues: {
              ':day': partition,
              ':from': from.toISOString(),
              ':to': to.toISOString(),
            },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        found.push(...(page.Items ?? []).map(complaintOf));
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    };
    const days = localDays(from, to);
    const byId = new Map<string, Complaint>();
    for (let i = 0; i < days.length; i += DAYS_AT_ONCE) {
      const some = days.slice(i, i + DAYS_AT_ONCE);
      const pages = await Promise.all([
        ...some.map((day) => read('gsi2', receivedOn(day))),
        ...some.map((day) => read('gsi3', closedOn(day))),
      ]);
      for (const c of pages.flat()) byId.set(c.complaintId, c);
    }
    return [...byId.values()].sort((a, b) => (a.complaintId < b.complaintId ? -1 : 1));
  }
}
