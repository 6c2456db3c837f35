import { type Complaint, FINDINGS, type Lot } from '../complaints.ts';
import type { MeasureList } from './measure-list.ts';
import { type Quarter, within } from './quarters.ts';

const FINDING_LABELS = {
  upheld: 'upheld',
  'partly-upheld': 'partly upheld',
  'not-upheld': 'not upheld',
} as const;

/**
 * A lot's complaints in the quarter (docs/complaints.md, docs/reporting.md): received; of those received,
 * acknowledged by their deadline; of those closed, closed by their response deadline, and by finding; and
 * the actions of those closed, done or still open at the quarter's end. Only what was recorded before the
 * quarter's end is read, so the figures do not change when the return is produced again.
 */
export function complaintMeasures(
  { count, rate }: Pick<MeasureList, 'count' | 'rate'>,
  lot: Lot,
  quarter: Quarter,
  complaints: readonly Complaint[],
): void {
  const S = 'Complaints';
  const id = lot === 1 ? 'complaints' : 'th-complaints';
  const before = (at: Date | undefined): at is Date => at !== undefined && at < quarter.to;
  const ofLot = complaints.filter((c) => c.lot === lot);
  const received = ofLot.filter((c) => within(c.receivedAt, quarter));
  const closed = ofLot.filter((c) => c.closed && within(c.closed.at, quarter));
  count(lot, S, id, 'Complaints received', received.length);
  rate(
    lot,
    S,
    `${id}.acknowledged-in-time`,
    'Complaints received and acknowledged in time',
    received.filter((c) => before(c.acknowledged?.at) && (c.acknowledged?.at ?? quarter.to) < c.acknowledgeBy)
      .length,
    received.length,
  );
  count(lot, S, `${id}.closed`, 'Complaints closed', closed.length);
  rate(
    lot,
    S,
    `${id}.responded-in-time`,
    'Complaints closed within the response time',
    closed.filter((c) => (c.closed?.at ?? quarter.to) < c.respondBy).length,
    closed.length,
  );
  for (const finding of FINDINGS)
    count(
      lot,
      S,
      `${id}.${finding}`,
      `Complaints ${FINDING_LABELS[finding]}`,
      closed.filter((c) => c.closed?.finding === finding).length,
    );
  const actions = closed.flatMap((c) => c.actions);
  const done = actions.filter((a) => before(a.done?.at)).length;
  count(lot, S, `${id}.actions-done`, 'Actions from complaints closed: done', done);
  count(lot, S, `${id}.actions-open`, 'Actions from complaints closed: still open', actions.length - done);
}
