import { localDateOf } from '../../shared/domain/calendar.ts';
import type { Case } from '../../shared/domain/case.ts';
import { ageOn, type EnhancedReason } from '../../shared/domain/triage.ts';
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
      row('What happened', referral.summary ?? 'No summary given'),
    ],
  };
}

/** The victim's earlier cases (the same person by name and date of birth), each a link to its record. */
export function earlierCases(opened: Case): Array<{ caseId: string; href: string }> {
  return opened.previousCaseIds.map((caseId) => ({ caseId, href: `/cases/${encodeURIComponent(caseId)}` }));
}

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
