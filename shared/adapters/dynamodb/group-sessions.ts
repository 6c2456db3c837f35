import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import type { LocalDate } from '../../domain/calendar.ts';
import {
  byCaseId,
  type GroupAttendance,
  type GroupSession,
  type GroupSessionRecord,
  newestSessionFirst,
} from '../../domain/group-session.ts';
import type { GroupSessions } from '../../ports/group-sessions.ts';
import { queryAll } from './query-all.ts';
import { failedAt } from './target-hardening-counter.ts';

const pk = (sessionId: string) => `GROUP_SESSION#${sessionId}`;
const SESSION = 'SESSION';
const ATTENDEE = 'ATTENDEE#';
/** The index partition of the sessions (and their attendances) held in a month: `GROUP_SESSIONS#2026-12`. */
const monthKey = (date: LocalDate) => `GROUP_SESSIONS#${date.slice(0, 7)}`;

/** The months (`YYYY-MM-01`) the local days `[from, to)` touch, in order. */
function months(from: LocalDate, to: LocalDate): LocalDate[] {
  const found: LocalDate[] = [];
  for (
    let month = DateTime.fromISO(from).startOf('month');
    (month.toISODate() as string) < to;
    month = month.plus({ months: 1 })
  )
    found.push(month.toISODate() as string);
  return found;
}

const sessionOf = (item: Record<string, unknown>): GroupSession => ({
  sessionId: String(item.sessionId),
  date: String(item.date),
  venue: String(item.venue),
  title: String(item.title),
  recordedBy: String(item.recordedBy),
  recordedAt: new Date(String(item.recordedAt)),
});

const attendanceOf = (item: Record<string, unknown>): GroupAttendance => ({
  sessionId: String(item.sessionId),
  caseId: String(item.caseId),
  date: String(item.date),
  recordedBy: String(item.recordedBy),
  recordedAt: new Date(String(item.recordedAt)),
});

/** Sessions and attendances read together, as records: each session with its attendees. */
function recordsOf(items: readonly Record<string, unknown>[]): GroupSessionRecord[] {
  const sessions = items.filter((i) => i.sk === SESSION).map(sessionOf);
  const attendances = items.filter((i) => String(i.sk).startsWith(ATTENDEE)).map(attendanceOf);
  return sessions.sort(newestSessionFirst).map((session) => ({
    session,
    attendees: attendances.filter((a) => a.sessionId === session.sessionId).sort(byCaseId),
  }));
}

/**
 * Group sessions on the single table: a session is `GROUP_SESSION#<sessionId>` / `SESSION`, each young person
 * at it `GROUP_SESSION#<sessionId>` / `ATTENDEE#<caseId>` (written on condition it is new, and only while
 * the session exists), both on the `gsi2` index by the month held, which is how the team page and the
 * quarterly return read a period's sessions and attendance without a Scan.
 */
export class DynamoDbGroupSessions implements GroupSessions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(session: GroupSession): Promise<'recorded' | 'already-recorded'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: pk(session.sessionId),
            sk: SESSION,
            itemType: 'group-session',
            ...session,
            recordedAt: session.recordedAt.toISOString(),
            gsi2pk: monthKey(session.date),
            gsi2sk: `${session.date}#${session.sessionId}#${SESSION}`,
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

  async recordAttendance(attendance: GroupAttendance): Promise<'recorded' | 'already-recorded'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: { pk: pk(attendance.sessionId), sk: SESSION },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: pk(attendance.sessionId),
                  sk: `${ATTENDEE}${attendance.caseId}`,
                  itemType: 'group-attendance',
                  ...attendance,
                  recordedAt: attendance.recordedAt.toISOString(),
                  gsi2pk: monthKey(attendance.date),
                  gsi2sk: `${attendance.date}#${attendance.sessionId}#${ATTENDEE}${attendance.caseId}`,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      if (failedAt(error, 0)) throw new Error(`group session ${attendance.sessionId} is not recorded`);
      if (failedAt(error, 1)) return 'already-recorded';
      throw error;
    }
  }

  async get(sessionId: string): Promise<GroupSessionRecord | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk(sessionId) },
      ConsistentRead: true,
    });
    return recordsOf(items)[0];
  }

  async listHeld(from: LocalDate, to: LocalDate): Promise<GroupSessionRecord[]> {
    const pages = await Promise.all(
      months(from, to).map((month) =>
        queryAll(this.client, {
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :month AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':month': monthKey(month), ':from': from, ':to': `${to}` },
        }),
      ),
    );
    return recordsOf(pages.flat()).filter(({ session }) => session.date >= from && session.date < to);
  }
}
