import { localDateOf } from '../calendar.ts';
import { supportChanges } from '../case-support.ts';
import type { GroupSessionRecord } from '../group-session.ts';
import { type MeasureList, percentOf } from './measure-list.ts';
import { previousQuarter, type Quarter } from './quarters.ts';
import type { CaseLedger } from './return-inputs.ts';

const Y = 'Children and young people';

/** The same quarter a year before: `2026/27-Q2` → `2025/26-Q2`. */
const aYearBefore = (quarter: Quarter): Quarter =>
  previousQuarter(previousQuarter(previousQuarter(previousQuarter(quarter))));

/**
 * Whether the case was open for some of `[from, to)`: received before its end, and not closed all through
 * it — not closed as it began, or reopened during it. Only closures and reopenings made before the period
 * ends are read, so a later change cannot alter it.
 */
function openDuring(ledger: CaseLedger, period: Pick<Quarter, 'from' | 'to'>): boolean {
  if (ledger.case.referral.receivedAt >= period.to) return false;
  const changes = supportChanges(ledger.support);
  const before = changes.filter((c) => c.at < period.from);
  const closedAtStart = before.at(-1)?.change === 'closed';
  const reopenedDuring = changes.some(
    (c) => c.change === 'reopened' && c.at >= period.from && c.at < period.to,
  );
  return !closedAtStart || reopenedDuring;
}

/**
 * Children and young people as parallel provision (docs/reporting.md): the young people's group sessions
 * held in the quarter and the young people attending them (each once), and the children and young people
 * supported — victims under 18 on the day received, their case open for some of the quarter — against the
 * same quarter a year before.
 */
export function youngPeopleMeasures(
  { add, count }: MeasureList,
  ledgers: readonly CaseLedger[],
  quarter: Quarter,
  sessions: readonly GroupSessionRecord[] = [],
): void {
  const held = sessions.filter(
    ({ session }) => session.date >= localDateOf(quarter.from) && session.date < localDateOf(quarter.to),
  );
  count(1, Y, 'young-peoples-group-sessions', "Young people's group sessions held", held.length);
  const attending = new Set(held.flatMap(({ attendees }) => attendees.map((a) => a.caseId)));
  count(
    1,
    Y,
    'young-peoples-group-sessions.attendance',
    'Young people attending group sessions (each once)',
    attending.size,
  );
  const children = ledgers.filter((l) => l.case.triage.childOrYoungPerson);
  const now = children.filter((l) => openDuring(l, quarter)).length;
  const earlier = aYearBefore(quarter);
  const then = children.filter((l) => openDuring(l, earlier)).length;
  count(1, Y, 'children-and-young-people.supported', 'Children and young people supported', now);
  count(
    1,
    Y,
    'children-and-young-people.supported.last-year',
    `Children and young people supported in ${earlier.name}`,
    then,
  );
  add({
    id: 'children-and-young-people.supported.change',
    label: `Change on ${earlier.name}`,
    lot: 1,
    section: Y,
    value: now - then,
    percentage: percentOf(now - then, then),
    denominator: then,
  });
}
