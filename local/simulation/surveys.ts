import { importPoliceSurvey } from '../../shared/application/import-survey.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { parsePoliceSurvey } from '../../shared/domain/intake/police-survey.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { VirtualClock } from '../system/virtual-clock.ts';
import { workingTime } from './care-time.ts';
import { keyedRandom } from './keyed-random.ts';

// The police's independent survey in the simulation (docs/outcomes.md): some victims in care are surveyed a
// few weeks after first contact, most satisfied and most enabled to cope and recover, and each answer comes
// in as the police send it — a row of their CSV, read by the same parser and import as `vf ingest survey`.

/** The share of victims in care the police survey reaches, and how their answers fall. */
const SURVEYED_SHARE = 0.45;
const SATISFIED_SHARE = 0.88;
const COPED_SHARE = 0.8;

export interface SurveyStep {
  readonly kind: 'survey';
  readonly at: number;
}

/** A case's survey, if the police reach its victim: 8 to 20 working days after first contact. */
export function surveyPlan(seed: number, caseId: string, from: number): SurveyStep[] {
  const random = keyedRandom(seed, `survey|${caseId}`);
  if (!random.chance(SURVEYED_SHARE)) return [];
  return [{ kind: 'survey', at: workingTime(random, from, random.int(8, 20)) }];
}

const yesOrNo = (yes: boolean) => (yes ? 'Y' : 'N');

/** The victim's answers, as a one-row police survey file dated today, imported as the analyst would. */
export async function workSurveyStep(
  system: LocalSystem,
  clock: VirtualClock,
  seed: number,
  caseId: string,
): Promise<void> {
  const random = keyedRandom(seed, `survey-answers|${caseId}`);
  const today = localDateOf(clock.now());
  const [year, month, day] = today.split('-');
  const csv = [
    'reference,surveyed_on,coped_and_recovered,satisfied',
    `${caseId},${day}/${month}/${year},${yesOrNo(random.chance(COPED_SHARE))},${yesOrNo(random.chance(SATISFIED_SHARE))}`,
  ].join('\r\n');
  const summary = await importPoliceSurvey(
    parsePoliceSurvey(csv, today),
    { name: `police-survey-${today}.csv`, fileId: `survey.${caseId}` },
    { store: system.store, outcomes: system.outcomes, clock },
  );
  if (summary.rejected > 0)
    throw new Error(`a simulated survey answer for ${caseId} was refused: ${JSON.stringify(summary.errors)}`);
}
