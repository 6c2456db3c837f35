import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from './calendar.ts';
import type { CaseOwner } from './case-ownership.ts';
import type { CaseSupport } from './case-support.ts';
import type { FieldError } from './field-errors.ts';

// Volunteers (docs/service-rules.md, "Volunteers"): a team leader hands a case in long support to a
// volunteer, who then sees that case (its overview and contacts) and logs contacts on it, and nothing else.

/** A volunteer's assignment to a case: who, since when, by whom. Its id is the assigning form's key. */
export interface VolunteerAssignment {
  readonly caseId: string;
  /** The volunteer's user id (as they sign in). */
  readonly volunteer: string;
  readonly assignmentId: string;
  /** The team leader who assigned them. */
  readonly by: string;
  readonly at: Date;
  /** When the assignment was ended, and by whom; absent while the volunteer has the case. */
  readonly ended?: { readonly by: string; readonly at: Date };
}

/** How long a case must have been in support before a volunteer may take it on (spec 10): a month. */
export const VOLUNTEER_AFTER_MONTHS = 1;

/**
 * When the case's support began: when its contact path ended in further support (it began to wait for
 * allocation), or, for a case allocated before that, its owner's allocation. None for a case never in support.
 */
export const supportSince = (owner: CaseOwner | undefined): Date | undefined =>
  owner?.waitingSince ?? owner?.allocatedAt;

/** Whether the case has been in support for over a month at `now` (calendar months, Leicester time). */
export function supportedOverAMonth(owner: CaseOwner | undefined, now: Date): boolean {
  const since = supportSince(owner);
  if (!since) return false;
  const monthOn = DateTime.fromJSDate(since, { zone: SERVICE_TIME_ZONE }).plus({
    months: VOLUNTEER_AFTER_MONTHS,
  });
  return now.getTime() > monthOn.toMillis();
}

/**
 * What is wrong with assigning the volunteer to the case: a volunteer must be chosen (one the directory
 * knows) and not one who has the case already; the case must be open and in support for over a month.
 * Each problem names its field (`volunteer`).
 */
export function assignmentProblems(input: {
  readonly volunteer: string | undefined;
  readonly known: boolean;
  readonly alreadyAssigned: boolean;
  readonly support: Pick<CaseSupport, 'closed'>;
  readonly owner: CaseOwner | undefined;
  readonly now: Date;
}): FieldError[] {
  if (input.support.closed)
    return [{ field: 'volunteer', message: 'The case is closed: a volunteer cannot be assigned to it' }];
  if (!supportSince(input.owner))
    return [
      {
        field: 'volunteer',
        message: 'The case is not in further support: a volunteer takes on a case supported for over a month',
      },
    ];
  if (!supportedOverAMonth(input.owner, input.now))
    return [
      {
        field: 'volunteer',
        message: 'The case has been in support for less than a month: a volunteer takes on a longer case',
      },
    ];
  if (!input.volunteer || !input.known) return [{ field: 'volunteer', message: 'Choose a volunteer' }];
  if (input.alreadyAssigned)
    return [{ field: 'volunteer', message: 'That volunteer is already assigned to the case' }];
  return [];
}

/** The case is closed or not yet a month in support: the assignment was refused and nothing written. */
export class VolunteerAssignmentRefusedError extends Error {
  override name = 'VolunteerAssignmentRefusedError';
}
