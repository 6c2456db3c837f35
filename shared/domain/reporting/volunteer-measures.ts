import type { CaseEvent } from '../case-records.ts';
import type { Contact } from '../contact-log.ts';
import type { MeasureList } from './measure-list.ts';
import { type Quarter, within } from './quarters.ts';
import type { CaseLedger } from './return-inputs.ts';

/**
 * Whether a volunteer had the case at some time in the quarter, from its timeline: each assignment
 * (`volunteer-assigned.<id>`) lasts until its end (`volunteer-unassigned.<id>`) or is still running.
 */
export function hadVolunteerIn(events: readonly CaseEvent[], quarter: Quarter): boolean {
  const endedAt = new Map(
    events
      .filter((e) => e.type === 'volunteer-unassigned')
      .map((e) => [e.eventId.replace(/^volunteer-unassigned\./, ''), e.at.getTime()] as const),
  );
  return events
    .filter((e) => e.type === 'volunteer-assigned' && e.at.getTime() < quarter.to.getTime())
    .some(
      (e) =>
        (endedAt.get(e.eventId.replace(/^volunteer-assigned\./, '')) ?? Infinity) > quarter.from.getTime(),
    );
}

/**
 * Volunteer-supported victims (docs/reporting.md, `volunteer-supported`): of the victims in further support
 * in the quarter (a contact logged in it, each case once, as `further-support.victims` counts them), those
 * whose case a volunteer had at some time in the quarter; with the percentage. A return made without the
 * contact log counts none (0 over 0).
 */
export function volunteerMeasures(
  { rate }: Pick<MeasureList, 'rate'>,
  ledgers: readonly CaseLedger[],
  quarter: Quarter,
  contacts: readonly Contact[] | undefined,
): void {
  const supported = new Set(
    (contacts ?? []).filter((c) => within(c.at, quarter) && c.recordedAt < quarter.to).map((c) => c.caseId),
  );
  const withVolunteer = ledgers.filter(
    (l) => supported.has(l.case.caseId) && hadVolunteerIn(l.events, quarter),
  ).length;
  rate(
    1,
    'Volunteers',
    'volunteer-supported',
    'Victims in further support supported by a volunteer, of the victims in further support',
    withVolunteer,
    supported.size,
  );
}
