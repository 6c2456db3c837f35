import { recordOnJob } from '../../shared/application/job-records.ts';
import { referForTargetHardening } from '../../shared/application/refer-target-hardening.ts';
import type { Item } from '../../shared/domain/target-hardening.ts';
import { productLimitsFrom, serviceLevelFor } from '../../shared/domain/target-hardening.ts';
import { JobNotWaitingError } from '../../shared/domain/target-hardening-jobs.ts';
import { validateThReferral } from '../../shared/domain/target-hardening-referral.ts';
import { connectEmergencyEvent } from '../lambda-events.ts';
import { LOCAL_REFERRERS } from '../synthetic/referrers.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { VirtualClock } from '../system/virtual-clock.ts';
import { workingTime } from './care-time.ts';
import { keyedRandom } from './keyed-random.ts';

// Target hardening in the simulation (docs/local-system.md, simulation): about one case in five in further
// support is referred by its caseworker through the service the case page uses; one referral in five is an
// emergency, phoned in on the emergency line (the connect function, with the local Victim First referrer's
// number and PIN). The contractor (contractor.one) records the booking call and the visit through the
// service the portal uses, so the job's workflow hears them: some refuse, some visits are late, and each
// visit records its assessment, items of the approved standard within the price per property, labour and
// the survey. Every step is drawn from the seed keyed on the case id, and each is keyed (the referral by
// its case, the records by job and stage), so a step worked again records once.

const HOUR = 3_600_000;
const CONTRACTOR = 'contractor.one';
const PRODUCTS: ReadonlyArray<readonly [string, number]> = [
  ['British Standard mortice lock', 4_500],
  ['Window lock', 1_200],
  ['Door chain', 900],
  ['Video doorbell', 6_000],
  ['Outdoor security light', 3_500],
  ['Door viewer', 1_100],
];

/** One step of a case's target hardening, at an instant on the virtual clock. */
export type ThStep =
  | { readonly kind: 'th-refer'; readonly at: number; readonly emergency: boolean }
  | { readonly kind: 'th-call'; readonly at: number }
  | { readonly kind: 'th-booking'; readonly at: number; readonly visitAt: number; readonly refused: boolean }
  | { readonly kind: 'th-visit'; readonly at: number; readonly refused: boolean };

/** Whether a step of a case's casework is one of its target hardening's. */
export const isThStep = (step: { readonly kind: string }): step is ThStep => step.kind.startsWith('th-');

/**
 * A case's target hardening, if it is referred: the referral 1 to 3 working days after first contact. An
 * emergency is phoned in 15 minutes later and visited 1 to 5 hours after the call (a quarter late); a
 * standard job's booking call is 2 to 6 hours after the referral (one in ten refused) and its visit 1 to 7
 * working days after it (those after 5 late; one in twelve refused at the door).
 */
export function thPlan(seed: number, caseId: string, from: number): ThStep[] {
  const random = keyedRandom(seed, `target-hardening|${caseId}`);
  if (!random.chance(0.2)) return [];
  const referAt = workingTime(random, from, random.int(1, 3));
  if (random.chance(0.2)) {
    const callAt = referAt + HOUR / 4;
    return [
      { kind: 'th-refer', at: referAt, emergency: true },
      { kind: 'th-call', at: callAt },
      { kind: 'th-visit', at: callAt + random.int(4, 20) * (HOUR / 4), refused: false },
    ];
  }
  const bookAt = referAt + random.int(2, 6) * HOUR;
  const visitAt = workingTime(random, referAt, random.int(1, 7));
  const refusedOnCall = random.chance(0.1);
  return [
    { kind: 'th-refer', at: referAt, emergency: false },
    { kind: 'th-booking', at: bookAt, visitAt, refused: refusedOnCall },
    ...(refusedOnCall ? [] : [{ kind: 'th-visit' as const, at: visitAt, refused: random.chance(1 / 12) }]),
  ];
}

/** What the contractor records at a visit: the assessment, items within the price per property, labour. */
function visitInput(seed: number, caseId: string, vulnerabilities: number) {
  const random = keyedRandom(seed, `target-hardening-visit|${caseId}`);
  const assessmentScore = random.int(1, 10);
  const level = serviceLevelFor(assessmentScore, vulnerabilities);
  const items: Item[] = [];
  let cost = 0;
  if (level > 1) {
    for (let n = random.int(1, 3); n > 0; n--) {
      const [product, unitCostPence] = random.pick(PRODUCTS);
      const quantity = random.int(1, 2);
      if (cost + quantity * unitCostPence > 30_000 || items.some((i) => i.product === product)) continue;
      items.push({ product, quantity, unitCostPence, approvedStandard: true });
      cost += quantity * unitCostPence;
    }
  }
  const labourPence = level === 1 ? 2_500 : level === 2 ? random.int(6, 12) * 500 : random.int(12, 30) * 500;
  const survey = random.pick([
    'very-satisfied',
    'satisfied',
    'satisfied',
    'neither',
    'dissatisfied',
  ] as const);
  // Most victims feel safer once the works are done; a few say not, some do not say.
  const feelsSafer = random.chance(0.9) ? random.chance(0.88) : undefined;
  return {
    outcome: 'visited',
    assessmentScore,
    items,
    labourPence,
    neededMoreThanAllowed: false,
    survey,
    ...(feelsSafer === undefined ? {} : { feelsSafer }),
  };
}

/** Works one step of a case's target hardening at the clock's time, through the services the web app uses. */
export async function workThStep(
  system: LocalSystem,
  clock: VirtualClock,
  seed: number,
  caseId: string,
  user: string,
  step: ThStep,
): Promise<void> {
  const audit = system.audit;
  if (step.kind === 'th-refer') {
    const opened = await system.store.getCase(caseId);
    if (!opened) return;
    const { victim } = opened.referral;
    const phone = victim.phones.mobile ?? victim.phones.home;
    if (!victim.address || !phone) return;
    const checked = validateThReferral({
      service: 'victim-first',
      reference: caseId,
      referrer: { name: 'Victim First caseworker', email: 'caseworkers@victim-first.example.org' },
      victim: {
        ...(victim.title ? { title: victim.title } : {}),
        forename: victim.forename,
        surname: victim.surname,
        address: victim.address,
        phone: phone.e164,
      },
      vulnerabilities: [...opened.referral.vulnerabilities],
      urgency: step.emergency ? 'emergency' : 'standard',
      consentToFeedback: true,
    });
    if (!checked.ok)
      throw new Error(`a simulated target-hardening referral was refused: ${JSON.stringify(checked.errors)}`);
    await referForTargetHardening(
      { jobs: system.jobs, workflows: system.workflows, store: system.store, audit, clock },
      { caseId, details: checked.referral, by: user, role: 'caseworker' },
    );
    return;
  }
  const referral = await system.jobs.referralOfCase(caseId);
  if (!referral) return; // the case could not be referred (no address or phone)
  if (step.kind === 'th-call') {
    const referrer = LOCAL_REFERRERS.find((r) => r.service === 'victim-first');
    if (!referrer) throw new Error('no local Victim First referrer for the emergency line');
    await system.invoke(
      'connectEmergency',
      connectEmergencyEvent(
        { referrer: referrer.referrerNumber, pin: referrer.pin, reference: referral.referralNumber },
        `simulated-${referral.referralNumber}`,
      ),
    );
    return;
  }
  const jobId = (await system.jobs.getReferral(referral.referralNumber))?.jobId;
  if (!jobId) return;
  const input =
    step.kind === 'th-booking'
      ? step.refused
        ? { outcome: 'refused' }
        : { outcome: 'booked', visitAt: new Date(step.visitAt).toISOString() }
      : step.refused
        ? { outcome: 'refused' }
        : visitInput(seed, caseId, referral.details.vulnerabilities.length);
  try {
    await recordOnJob(
      {
        jobs: system.jobs,
        workflows: system.workflows,
        clock,
        limits: productLimitsFrom(process.env),
        audit,
      },
      {
        jobId,
        stage: step.kind === 'th-booking' ? 'booking' : 'visit',
        input,
        by: CONTRACTOR,
        role: 'contractor',
      },
    );
  } catch (error) {
    // The workflow has moved on without it (the job ended as not attended): nothing to record.
    if (!(error instanceof JobNotWaitingError)) throw error;
  }
}
