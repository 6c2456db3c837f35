import type { Agency } from '../agencies.ts';
import { distanceTravelled, NEEDS_AREA_NAMES, NEEDS_AREAS } from '../assessment.ts';
import type { CaseEvent } from '../case-records.ts';
import {
  CLOSURE_REASON_NAMES,
  CLOSURE_REASONS,
  type Closure,
  closureReasonOf,
  supportChanges,
} from '../case-support.ts';
import type { Contact } from '../contact-log.ts';
import type { MeasureList } from './measure-list.ts';
import type { QuarterlyReturn } from './quarterly-return.ts';
import { type Quarter, within } from './quarters.ts';
import type { CaseLedger } from './return-inputs.ts';

const CONTACT_RESULTS = [
  ['initial-contact-only', 'Initial contact only'],
  ['further-support', 'Further support'],
  ['onward-referral', 'Passed to other services'],
  ['declined', 'Declined support'],
  ['not-contactable', 'Not contactable'],
] as const;

const NOT_CONTACTABLE_REASONS = [
  ['wrong-number', 'Wrong number'],
  ['calls-unanswered', 'Three calls unanswered'],
  ['visits-failed', 'Home visits failed'],
  ['no-safe-channel', 'No safe way to make contact'],
  ['message-unanswered', 'Written offer not taken up'],
] as const;

/** Where a case page's onward referral is counted when its agency is not on the kept list. */
const UNLISTED_AGENCY = {
  id: 'not-on-the-list',
  label: 'Agency not on the kept list (recorded before the list)',
} as const;

/**
 * The case page's onward referrals per agency, labelled with the agency's name as the list keeps it now
 * (a renamed agency is counted under its new name). A referral is matched by the agency's id alone: the
 * text of a referral recorded before the list was kept is never shown, only counted as not on the list.
 */
function onwardByAgency(
  onward: readonly CaseEvent[],
  agencies: readonly Agency[],
): Array<{ id: string; label: string; n: number }> {
  const kept = new Map(agencies.map((agency) => [agency.agencyId, agency.name]));
  const counts = new Map<string, number>();
  for (const event of onward) {
    const agencyId = String(event.detail.agencyId ?? '');
    const id = kept.has(agencyId) ? agencyId : UNLISTED_AGENCY.id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts]
    .map(([id, n]) => ({ id, label: kept.get(id) ?? UNLISTED_AGENCY.label, n }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
}

/** Why a case ended not contactable, from what its timeline recorded. */
function notContactableReason(ledger: CaseLedger): (typeof NOT_CONTACTABLE_REASONS)[number][0] {
  const completed = ledger.events.filter((e) => e.type === 'task-completed');
  if (completed.some((e) => e.detail.taskType === 'safe-contact-review')) return 'no-safe-channel';
  if (completed.some((e) => e.detail.taskType === 'call-attempt' && e.detail.outcome === 'wrong-number'))
    return 'wrong-number';
  if (ledger.events.some((e) => e.type === 'deadline-breached' && e.detail.rule === 'team-leader-review'))
    return 'no-safe-channel';
  switch (ledger.case.contactPath) {
    case 'telephone':
      return 'calls-unanswered';
    case 'in-person':
      return 'visits-failed';
    case 'written':
      return 'message-unanswered';
  }
}

/**
 * The contacts the return counts (docs/reporting.md): those that happened in the quarter and were logged
 * before it ended, so a return produced again later gives the same figures.
 */
const countedContacts = (contacts: readonly Contact[], quarter: Quarter) =>
  contacts.filter((c) => within(c.at, quarter) && c.recordedAt < quarter.to);

/**
 * The victims in further support — those whose case has a contact logged in the quarter, each case once —
 * by how they were supported in it.
 */
function furtherSupportMeasures(
  { count, rate }: Pick<MeasureList, 'count' | 'rate'>,
  contacts: readonly Contact[],
): void {
  const channels = new Map<string, Set<Contact['channel']>>();
  for (const c of contacts) channels.set(c.caseId, (channels.get(c.caseId) ?? new Set()).add(c.channel));
  const victims = [...channels.values()];
  const F = 'Further support by channel';
  count(
    1,
    F,
    'further-support.victims',
    'Victims in further support (a contact logged in the quarter)',
    victims.length,
  );
  const share = (id: string, label: string, used: (channels: Set<Contact['channel']>) => boolean) =>
    rate(1, F, `further-support.${id}`, label, victims.filter(used).length, victims.length);
  share(
    'telephone-only',
    'In further support by telephone (or in writing) only',
    (used) => !used.has('face-to-face') && !used.has('web-chat'),
  );
  share('face-to-face', 'In further support with some face to face', (used) => used.has('face-to-face'));
  share('web-chat', 'In further support with some web chat', (used) => used.has('web-chat'));
}

/**
 * The return's Contact outcomes, Support and Distance travelled sections: how the contact paths that ended in
 * the quarter ended, the support given, and the change in need score of the cases closed in it. Returns
 * the distance travelled per domain, for its chart.
 */
export function supportMeasures(
  { add, count, rate, notRecorded }: MeasureList,
  ledgers: readonly CaseLedger[],
  quarter: Quarter,
  agencies: readonly Agency[],
  contacts?: readonly Contact[],
): QuarterlyReturn['charts']['distanceTravelled'] {
  const inQuarter = (event: CaseEvent) => within(event.at, quarter);
  // --- Contact outcomes ---------------------------------------------------------------------------
  const O = 'Contact outcomes';
  const ended = ledgers
    .map((ledger) => ({ ledger, end: ledger.events.find((e) => e.type === 'contact-path-completed') }))
    .filter((x): x is { ledger: CaseLedger; end: CaseEvent } => x.end !== undefined && inQuarter(x.end));
  count(1, O, 'contact-paths-ended', 'Contact paths ended', ended.length);
  for (const [result, label] of CONTACT_RESULTS)
    rate(
      1,
      O,
      `outcome.${result}`,
      label,
      ended.filter((x) => x.end.detail.result === result).length,
      ended.length,
    );
  const notContactable = ended.filter((x) => x.end.detail.result === 'not-contactable');
  for (const [reason, label] of NOT_CONTACTABLE_REASONS)
    count(
      1,
      'Not contactable: reasons',
      `not-contactable.${reason}`,
      label,
      notContactable.filter((x) => notContactableReason(x.ledger) === reason).length,
    );

  // --- Support --------------------------------------------------------------------------------------
  const P = 'Support';
  const reached = ended.filter((x) =>
    ['initial-contact-only', 'further-support', 'onward-referral'].includes(String(x.end.detail.result)),
  );
  const faceToFace = (l: CaseLedger) =>
    l.events.some(
      (e) =>
        e.type === 'task-completed' && e.detail.taskType === 'home-visit' && e.detail.outcome === 'visited',
    );
  const webChat = (l: CaseLedger) => l.case.referral.webChatSlot !== undefined;
  count(
    1,
    P,
    'support-by-channel.telephone-only',
    'Supported by telephone (or in writing) only',
    reached.filter((x) => !faceToFace(x.ledger) && !webChat(x.ledger)).length,
  );
  count(
    1,
    P,
    'support-by-channel.face-to-face',
    'Supported with some face to face',
    reached.filter((x) => faceToFace(x.ledger)).length,
  );
  count(
    1,
    P,
    'support-by-channel.web-chat',
    'Supported with some web chat',
    reached.filter((x) => webChat(x.ledger)).length,
  );
  const onward = ledgers.flatMap((l) =>
    l.events.filter((e) => e.type === 'onward-referral-made' && inQuarter(e)),
  );
  const onwardTasks = ledgers.flatMap((l) =>
    l.events.filter(
      (e) => e.type === 'task-completed' && e.detail.taskType === 'onward-referral' && inQuarter(e),
    ),
  );
  count(1, P, 'onward-referrals', 'Onward referrals made', onward.length + onwardTasks.length);
  for (const { id, label, n } of onwardByAgency(onward, agencies))
    count(1, 'Onward referrals by agency', `onward-referrals.agency.${id}`, label, n);
  const rj = ledgers.map((l) => l.support.restorativeJustice).filter((r) => r !== undefined);
  count(
    1,
    P,
    'restorative-justice.requested',
    'Restorative justice requested (by the victim)',
    // Requests recorded before offers were, and victim-initiated offers.
    rj.filter((r) => within(r.requestedAt, quarter)).length +
      ledgers.filter((l) =>
        l.events.some(
          (e) => e.type === 'rj-offer-recorded' && e.detail.victimInitiated === true && inQuarter(e),
        ),
      ).length,
  );
  count(
    1,
    P,
    'restorative-justice.approved',
    'Restorative justice approved as an exception by a team leader',
    rj.filter((r) => r.status === 'approved' && r.decidedAt !== undefined && within(r.decidedAt, quarter))
      .length +
      ledgers.filter((l) =>
        l.events.some((e) => e.type === 'rj-exception-decided' && e.detail.approved === true && inQuarter(e)),
      ).length,
  );
  // From the contact log when the return has it; a return without it cannot say.
  const logged = contacts && countedContacts(contacts, quarter);
  if (logged) {
    const giving = (support: Contact['support'][number]) =>
      logged.filter((c) => c.support.includes(support)).length;
    count(
      1,
      P,
      'victim-personal-statements',
      'Victim Personal Statements supported (contacts helping with one)',
      giving('victim-personal-statement'),
    );
    count(1, P, 'advocacy', 'Contacts giving advocacy', giving('advocacy'));
  } else notRecorded(1, P, 'victim-personal-statements', 'Victim Personal Statements supported');
  // A case closed in the quarter stays counted there when it is reopened later; closed more than once in
  // it, it is counted once, under its last closure in the quarter.
  const closures = ledgers.flatMap((l) => {
    const inIt = supportChanges(l.support).filter(
      (c): c is Closure & { change: 'closed' } => c.change === 'closed' && within(c.at, quarter),
    );
    const last = inIt.at(-1);
    return last ? [{ ledger: l, closure: last }] : [];
  });
  const closed = closures.map((c) => c.ledger);
  count(1, P, 'cases-closed', 'Cases closed', closed.length);
  count(
    1,
    P,
    'hardship-payments',
    'Hardship fund payments',
    ledgers.flatMap((l) => l.events.filter((e) => e.type === 'hardship-payment' && inQuarter(e))).length,
  );
  if (logged) furtherSupportMeasures({ count, rate }, logged);

  // --- Cases closed by reason ----------------------------------------------------------------------
  // A closure recorded before reasons were asked for was support completed.
  for (const reason of CLOSURE_REASONS)
    rate(
      1,
      'Cases closed by reason',
      `cases-closed.reason.${reason}`,
      CLOSURE_REASON_NAMES[reason],
      closures.filter((c) => closureReasonOf(c.closure) === reason).length,
      closures.length,
    );

  // --- Distance travelled -----------------------------------------------------------------------------
  // The ten areas are the adults' form's: a young person's assessment counts in its domains only.
  const moved = closed.flatMap(({ support: { initial, closing } }) =>
    initial && closing && initial.form !== 'young-person' && closing.form !== 'young-person'
      ? [distanceTravelled(initial.assessment, closing.assessment)]
      : [],
  );
  const distance = NEEDS_AREAS.map((area) => {
    // Over the cases whose two assessments both asked it (physical health was added later).
    const asked = moved.flatMap((m) => (m[area] === undefined ? [] : [m[area]]));
    const average =
      asked.length === 0 ? null : Math.round((100 * asked.reduce((s, m) => s + m, 0)) / asked.length) / 100;
    add({
      id: `distance-travelled.${area}`,
      label: NEEDS_AREA_NAMES[area],
      lot: 1,
      section: 'Distance travelled (average change in need score, closed cases)',
      value: average,
      denominator: asked.length,
      ...(average === null ? { note: 'no case closed with both assessments' } : {}),
    });
    return { area, label: NEEDS_AREA_NAMES[area], average, cases: asked.length };
  });
  return distance;
}
