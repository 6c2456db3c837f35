import { DateTime } from 'luxon';
import { localDateOf, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { Case } from '../../shared/domain/case.ts';
import type { CaseOwner } from '../../shared/domain/case-ownership.ts';
import {
  type CaseSupport,
  CLOSURE_REASON_NAMES,
  type Closure,
  closureReasonOf,
} from '../../shared/domain/case-support.ts';
import { ageOn, type EnhancedReason } from '../../shared/domain/triage.ts';
import type { CaseOwners } from '../../shared/ports/case-owners.ts';
import type { StaffDirectory } from '../../shared/ports/staff-directory.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import { localDateTime } from '../views.ts';
import { sentence } from './wording.ts';

/** Why a victim is enhanced, as the caseworker reads it. */
const ENHANCED_WORDS: Readonly<Record<EnhancedReason, string>> = {
  'victims-code-enhanced': "enhanced rights under the Victims' Code",
  'high-risk': 'high risk',
  'under-18': 'under 18',
};

type Row = { key: { text: string }; value: { text: string } | { html: string } };
const row = (key: string, text: string): Row => ({ key: { text: key }, value: { text } });
const listed = (values: readonly string[], none: string) =>
  values.length > 0 ? values.map((v) => sentence(v)).join('; ') : none;

/**
 * What intake stored that a caseworker needs before phoning the victim (docs/web-app.md, "The whole picture
 * before a call"): the offence, risk, vulnerabilities, why the victim is enhanced, their age with under 18
 * flagged, communication needs, and the referral's own summary. Shown on the case overview and the task page.
 */
export function riskProfile(opened: Case, now: Date): { rows: Row[]; underEighteen: boolean } {
  const { referral, triage } = opened;
  const age = ageOn(referral.victim, localDateOf(now));
  const underEighteen = age !== undefined && age < 18;
  const enhanced = triage.enhanced
    ? `Yes: ${triage.enhancedReasons.map((reason) => ENHANCED_WORDS[reason]).join(', ')}${
        referral.enhancedCategory ? ` (${sentence(referral.enhancedCategory).toLowerCase()})` : ''
      }`
    : 'No';
  return {
    underEighteen,
    rows: [
      row('Offence', sentence(referral.offence)),
      row('Risk', sentence(referral.risk)),
      row('Enhanced', enhanced),
      row(
        'Age',
        age === undefined
          ? 'Not known'
          : `${age}${underEighteen ? ' (under 18: a child or young person)' : ''}${
              referral.victim.dateOfBirth ? `, born ${referral.victim.dateOfBirth}` : ''
            }`,
      ),
      row('Vulnerabilities', listed(referral.vulnerabilities, 'None recorded')),
      row('Communication needs', listed(referral.communicationNeeds, 'None recorded')),
      ...(referral.contactTimes ? [row('Best times to contact', listed(referral.contactTimes, ''))] : []),
      row('What happened', referral.summary ?? 'No summary given'),
    ],
  };
}

/** One of the victim's earlier cases as the case overview and the task page list it. */
export interface EarlierCase {
  readonly caseId: string;
  readonly href: string;
  readonly state: 'open' | 'closed';
  /** Its state in words: "Open, with Alex Example", "Closed on 15 December 2026 (moved away)…". */
  readonly text: string;
  /** Whoever owns it (or owned it when it closed), by id. */
  readonly owner?: string;
  /** For a closed case: when, as a date, and why, in words. */
  readonly closed?: { readonly at: Date; readonly on: string; readonly reason: string };
}

/** A date as a sentence says it: "15 December 2026" in Leicester. */
const longDate = (at: Date) => DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE }).toFormat('d LLLL yyyy');

/** A closure's reason in words, for the middle of a sentence: "moved away", "other: the victim asked…". */
const closureWords = (closed: Closure) =>
  `${CLOSURE_REASON_NAMES[closureReasonOf(closed)].toLowerCase()}${closed.reasonText ? `: ${closed.reasonText}` : ''}`;

/**
 * Where one earlier case stands, from its support (closed or not) and its owner record: open, with its
 * owner if it has one, or closed, with the date and the reason in words (and who had it).
 */
export function earlierCaseSummary(
  caseId: string,
  support: Pick<CaseSupport, 'closed'>,
  owner: Pick<CaseOwner, 'owner' | 'waitingSince'> | undefined,
  nameOf: (user: string) => string = (user) => user,
): EarlierCase {
  const href = `/cases/${encodeURIComponent(caseId)}`;
  const who = owner?.owner ? nameOf(owner.owner) : undefined;
  const ownerField = owner?.owner ? { owner: owner.owner } : {};
  if (support.closed) {
    const closed = {
      at: support.closed.at,
      on: longDate(support.closed.at),
      reason: closureWords(support.closed),
    };
    return {
      caseId,
      href,
      state: 'closed',
      text: `Closed on ${closed.on} (${closed.reason})${who ? `; ${who} had it` : ''}`,
      ...ownerField,
      closed,
    };
  }
  return {
    caseId,
    href,
    state: 'open',
    text: who
      ? `Open, with ${who}`
      : owner?.waitingSince
        ? 'Open, waiting for allocation'
        : 'Open, not allocated',
    ...ownerField,
  };
}

/** What the earlier cases are read from: the support store (closure) and, when kept, the case owners. */
export interface EarlierCaseStores {
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly owners?: Pick<CaseOwners, 'getOwner'> | undefined;
  readonly staff?: Pick<StaffDirectory, 'caseworkers'> | undefined;
}

/**
 * The victim's earlier cases (the same person by name and date of birth), each a link to its record with
 * where it stands. One read of its support and one of its owner per earlier case (a person has few), and the
 * staff directory once for the owners' names.
 */
export async function earlierCases(stores: EarlierCaseStores, opened: Case): Promise<EarlierCase[]> {
  if (opened.previousCaseIds.length === 0) return [];
  const [read, staff] = await Promise.all([
    Promise.all(
      opened.previousCaseIds.map(
        async (caseId) =>
          [caseId, await stores.support.getSupport(caseId), await stores.owners?.getOwner(caseId)] as const,
      ),
    ),
    stores.staff?.caseworkers(),
  ]);
  const names = new Map((staff ?? []).map((member) => [member.id, member.name]));
  return read.map(([caseId, support, owner]) =>
    earlierCaseSummary(caseId, support, owner, (user) => names.get(user) ?? user),
  );
}

/**
 * Who had the victim's earlier closed cases, the one closed last first, for allocation's continuity
 * (shared/domain/allocation.ts).
 */
export const earlierCaseworkers = (earlier: readonly EarlierCase[]) =>
  earlier
    .filter((e) => e.closed !== undefined && e.owner !== undefined)
    .sort((a, b) => (b.closed?.at.getTime() ?? 0) - (a.closed?.at.getTime() ?? 0))
    .map((e) => ({ user: e.owner as string, caseId: e.caseId }));

/** The notice on a new case whose victim's earlier case is closed: reopen that one to carry on there. */
export interface ReopenNotice {
  readonly caseId: string;
  readonly text: string;
  /** The earlier case's reopen page with the reason filled in; only for those who may reopen a case. */
  readonly reopenHref?: string;
}

/**
 * The notice a new referral for the same person shows (the case overview and the task page): when the
 * victim's earlier case is closed, and none is open, the one closed last is named with its date and reason
 * and a link to reopen it, the reason naming the new referral. None while an earlier case is open (the
 * victim is supported there already) or once the new case itself is closed.
 */
export function reopenNotice(
  opened: Case,
  earlier: readonly EarlierCase[],
  options: { readonly canReopen: boolean; readonly closed?: boolean },
): ReopenNotice | undefined {
  if (options.closed || earlier.some((e) => e.state === 'open')) return undefined;
  const last = earlier
    .filter((e) => e.closed !== undefined)
    .sort((a, b) => (b.closed?.at.getTime() ?? 0) - (a.closed?.at.getTime() ?? 0))[0];
  if (!last?.closed) return undefined;
  const { forename, surname } = opened.referral.victim;
  const name = [forename, surname].filter(Boolean).join(' ');
  return {
    caseId: last.caseId,
    text: `${name}’s case ${last.caseId} was closed on ${last.closed.on} (${last.closed.reason}). Reopen it to carry on supporting them there.`,
    ...(options.canReopen
      ? { reopenHref: `${last.href}/reopen?referral=${encodeURIComponent(opened.caseId)}` }
      : {}),
  };
}

/** The reopening's reason when a new referral for the same person is why: it names the new case. */
export const newReferralReason = (newCaseId: string) => `New referral ${newCaseId} received`;

/** The referral's facts: when it came, from whom, the area and the first-contact deadline. */
export function referralRows(opened: Case): Row[] {
  const { referral } = opened;
  return [
    row('Received', localDateTime(referral.receivedAt)),
    row('From', sentence(referral.source)),
    row('Reference', referral.externalReference),
    row('Area', sentence(referral.npa)),
    row('First contact due', localDateTime(opened.deadlines.initialContactDue)),
  ];
}
