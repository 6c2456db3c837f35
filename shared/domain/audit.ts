import { localDateOf } from './calendar.ts';

// The audit log's entries (shared/ports/audit-log.ts) and the checks an entry or a question must pass.

export const AUDIT_ACTIONS = ['viewed', 'changed', 'refused', 'searched'] as const;

/**
 * `refused`: an attempt that the authorisation check turned down. `searched`: the case was among the
 * results of a search (which fields were used is its `what`, never the values).
 */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who saw or did what on a case, and when (docs/web-app.md: every read and change of a case is audited). */
export interface AuditEntry {
  /** The case (`VF-…`), the target-hardening job (`TH-…`) or the quick question (`QQ-…`) seen or changed. */
  readonly caseId: string;
  /** The signed-in person's id (`caseworker.one`), as the sign-in gave it. */
  readonly user: string;
  /** The role they acted in (`caseworker`, `team-leader`). */
  readonly role: string;
  readonly action: AuditAction;
  /** A short code of what was seen or done (`case`, `task:complete`, `assessment:save`): never personal data. */
  readonly what: string;
  readonly at: Date;
  /** The request that did it, to join the entry to the service's logs. */
  readonly requestId?: string;
  /**
   * The action's own key (`case-close`, `hardship.<payment id>`), for an action that writes more than once:
   * with `at` taken from the action's first write, the same entry recorded again changes nothing
   * (docs/web-app.md, actions that write more than once). Views and refusals have none: each is its own entry.
   */
  readonly entryId?: string;
}

/** An audit entry that may not be kept as given; `field` names what is wrong with it. */
export class InvalidAuditEntryError extends Error {
  override name = 'InvalidAuditEntryError';
  constructor(
    readonly field: keyof AuditEntry,
    problem: string,
  ) {
    super(`audit entry ${field} ${problem}`);
  }
}

/** A question the audit log cannot answer as asked (a malformed case id, user or day); `field` names it. */
export class InvalidAuditQueryError extends Error {
  override name = 'InvalidAuditQueryError';
  constructor(
    readonly field: 'caseId' | 'user' | 'day' | 'limit',
    problem: string,
  ) {
    super(`audit query ${field} ${problem}`);
  }
}

// Crockford base-32, as caseIdFor writes it (shared/domain/case.ts).
const CASE_ID = /^VF-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

// A target-hardening job (shared/domain/target-hardening.ts): audited like a case, under its own partition.
const JOB_ID = /^TH-\d{1,9}$/;

// A complaint (shared/domain/complaints.ts): its handling audited like a case, under its own partition.
const COMPLAINT_ID = /^CMP-[0-9A-HJKMNP-TV-Z]{8}$/;

// A quick question (shared/domain/quick-questions.ts): its answering audited like a case, under its own partition.
const QUESTION_ID = /^QQ-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// A year's targets and a missed target's improvement plan (shared/domain/outcomes): audited under their own partition.
const OUTCOME_ID = /^(?:TARGETS-\d{6}|PLAN-\d{6}-Q[1-4]-[A-Z]{1,16})$/;

// A sign-in id: letters, digits and . _ @ + - only, so it can sit in a key (no `#`) and holds no spaces.
const USER = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

const ROLE = /^[a-z]+(-[a-z]+)*$/;

const WHAT = /^[a-z-]+(:[a-z-]+)*$/;

const WHAT_MAX = 60;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const ENTRY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const isCaseId = (value: unknown): value is string =>
  typeof value === 'string' &&
  (CASE_ID.test(value) ||
    JOB_ID.test(value) ||
    QUESTION_ID.test(value) ||
    COMPLAINT_ID.test(value) ||
    OUTCOME_ID.test(value));

export const isAuditUser = (value: unknown): value is string => typeof value === 'string' && USER.test(value);

/** The entry as given, or InvalidAuditEntryError naming the first field that is wrong. */
export function validateAuditEntry(entry: AuditEntry): AuditEntry {
  const given = entry as unknown as Record<string, unknown>;
  if (!isCaseId(given.caseId))
    throw new InvalidAuditEntryError('caseId', 'is not a case or target-hardening job reference');
  if (!isAuditUser(given.user)) {
    throw new InvalidAuditEntryError('user', 'must be the signed-in id (letters, digits, . _ @ + -)');
  }
  if (typeof given.role !== 'string' || given.role.length > 40 || !ROLE.test(given.role)) {
    throw new InvalidAuditEntryError('role', 'must be a role code such as caseworker or team-leader');
  }
  if (!AUDIT_ACTIONS.includes(given.action as AuditAction)) {
    throw new InvalidAuditEntryError('action', `must be one of ${AUDIT_ACTIONS.join(', ')}`);
  }
  if (typeof given.what !== 'string' || given.what.length > WHAT_MAX || !WHAT.test(given.what)) {
    throw new InvalidAuditEntryError(
      'what',
      `must be a code of at most ${WHAT_MAX} lower-case letters, hyphens and colons (never personal data)`,
    );
  }
  if (!(given.at instanceof Date) || Number.isNaN(given.at.getTime())) {
    throw new InvalidAuditEntryError('at', 'must be a valid Date');
  }
  if (
    given.requestId !== undefined &&
    (typeof given.requestId !== 'string' || !REQUEST_ID.test(given.requestId))
  ) {
    throw new InvalidAuditEntryError('requestId', 'must be a request id (letters, digits, . _ : -)');
  }
  if (given.entryId !== undefined && (typeof given.entryId !== 'string' || !ENTRY_ID.test(given.entryId))) {
    throw new InvalidAuditEntryError('entryId', 'must be an action key (letters, digits, . _ : -)');
  }
  return entry;
}

/** A case (or job) the audit log can be asked about, or InvalidAuditQueryError. */
export function validateAuditCaseId(caseId: unknown): string {
  if (isCaseId(caseId)) return caseId;
  throw new InvalidAuditQueryError('caseId', 'is not a case reference');
}

/** A person the audit log can be asked about (a sign-in id), or InvalidAuditQueryError. */
export function validateAuditUser(user: unknown): string {
  if (isAuditUser(user)) return user;
  throw new InvalidAuditQueryError('user', 'is not a signed-in id');
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** How many entries a page of a case's audit holds: 50 unless asked, a whole number from 1 to 200. */
export function validateAuditPageSize(limit: number | undefined): number {
  const size = limit ?? DEFAULT_PAGE;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new InvalidAuditQueryError('limit', `must be a whole number from 1 to ${MAX_PAGE}`);
  }
  return size;
}

/** A local date the audit log can be asked about, or InvalidAuditQueryError. */
export function validateAuditDay(day: unknown): string {
  if (typeof day === 'string' && DAY.test(day)) {
    const noon = new Date(`${day}T12:00:00Z`);
    if (!Number.isNaN(noon.getTime()) && localDateOf(noon) === day) return day;
  }
  throw new InvalidAuditQueryError('day', 'must be a real date written YYYY-MM-DD');
}
