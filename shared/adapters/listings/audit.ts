import type { AuditEntry } from '../../domain/audit.ts';
import { localDateOf } from '../../domain/calendar.ts';
import { pageToken, positionIn, refuseToken } from './page-tokens.ts';

/**
 * The audit log's listings, as the DynamoDB log keeps them on the single table and its in-memory twin lists
 * them the same way: each entry under its case (`AUDIT#<at>#<id>`, beside the case's events, messages and
 * tasks but never among them), and in gsi2 by person and local day (`AUDIT#<user>#<day>`).
 */

export const AUDIT_PREFIX = 'AUDIT#';

/** A case's audit sits under the case; a target-hardening job's under the job (with its events). */
export const casePartition = (caseId: string) =>
  caseId.startsWith('TH-') ? `JOB#${caseId}` : `CASE#${caseId}`;

/** A person's day in gsi2: `#` cannot occur in a user id, so no two people or days share a partition. */
export const userDayPartition = (user: string, day: string) => `${AUDIT_PREFIX}${user}#${day}`;

/** Where an entry is listed: under its case by instant and id, and under its person's day by instant. */
export function auditKeys(entry: AuditEntry, id: string) {
  const at = entry.at.toISOString();
  return {
    pk: casePartition(entry.caseId),
    sk: `${AUDIT_PREFIX}${at}#${id}`,
    gsi2pk: userDayPartition(entry.user, localDateOf(entry.at)),
    gsi2sk: `${at}#${entry.caseId}#${id}`,
  };
}

/** The page token for a position under a case: its table key, nothing else. */
export const auditPageToken = (key: Record<string, unknown>) => pageToken({ pk: key.pk, sk: key.sk });

/** Decodes a page token, refusing one that is not a position in this case's audit listing. */
export function auditStartKey(after: string, caseId: string): { pk: string; sk: string } {
  const key = positionIn(after);
  const position = (typeof key === 'object' && key !== null ? key : {}) as Record<string, unknown>;
  const ok =
    JSON.stringify(Object.keys(position).sort()) === '["pk","sk"]' &&
    position.pk === casePartition(caseId) &&
    typeof position.sk === 'string' &&
    position.sk.startsWith(AUDIT_PREFIX) &&
    Buffer.byteLength(position.sk) <= 1024;
  if (!ok) refuseToken();
  return { pk: position.pk as string, sk: position.sk as string };
}
