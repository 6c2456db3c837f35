import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/logger.ts';
import { executionArnOf } from '../../local/engine/engine.ts';
import { connectEmergencyEvent, localContext } from '../../local/lambda-events.ts';
import { recordVisit } from '../../shared/application/job-actions.ts';
import { DEFAULT_PRODUCT_LIMITS } from '../../shared/domain/target-hardening.ts';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import { aPartnerVictim } from '../fixtures/referrals.ts';
import {
  advanceUntil,
  answerTask,
  executionOf,
  NO_ANSWER,
  receivePartnerReferral,
} from '../support/contact-path.ts';
import { definitionsOnce, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

// No personal data in logs, error messages or execution history beyond ids (docs/service-rules.md): the
// workflows run with seeded personal data, every log line the functions write is captured at INFO, and
// every execution's history is read; none of the victims' details may appear anywhere in them.

// The functions' logger reads its level when it is made: INFO here, as in AWS.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

// Distinctive synthetic details, so a match can only be a leak.
const VICTIM = {
  forename: 'Quenby',
  surname: 'Fictitious',
  street: '77 Imaginary Lane',
  town: 'Leicester',
  postcode: 'LE7 9ZZ',
  mobile: '07700 900777',
  home: '0116 496 0777',
  email: 'quenby.fictitious@example.org',
  dateOfBirth: '1977-07-07',
};
const PERSONAL = [
  VICTIM.forename,
  VICTIM.surname,
  'Imaginary Lane',
  VICTIM.postcode,
  'LE79ZZ',
  '900777',
  '4960777',
  '496 0777',
  VICTIM.email,
  VICTIM.dateOfBirth,
  'Bram Sample',
  'bram.sample@example.org',
  'Repeated unwanted messages',
];

let fresh: FreshLocalSystem;
const lines: string[] = [];

beforeAll(() => {
  definitionsOnce();
}, 120_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await fresh?.close();
});

/** Every line written to standard output and standard error while `work` runs. */
async function capturing(work: () => Promise<void>): Promise<void> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await work();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const victim = () =>
  aPartnerVictim({
    forename: VICTIM.forename,
    surname: VICTIM.surname,
    dateOfBirth: VICTIM.dateOfBirth,
    address: { line1: VICTIM.street, town: VICTIM.town, postcode: VICTIM.postcode },
    phones: { mobile: VICTIM.mobile, home: VICTIM.home },
    email: VICTIM.email,
  });

describe('no personal data leaves the case and job records', () => {
  const executions: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    // freshLocalSystem silences the functions; here every info line is wanted.
    logger.setLogLevel('INFO');
    await capturing(async () => {
      // A telephone referral: three unanswered calls, then the final letter.
      const byPhone = await receivePartnerReferral(fresh, { reference: 'DSA-LOG-1', victim: victim() });
      executions.push(byPhone.executionArn);
      for (const attempt of [1, 2, 3])
        await answerTask(fresh, byPhone.caseId, 'call-attempt', attempt, NO_ANSWER);
      await advanceUntil(
        fresh,
        async () => (await executionOf(fresh, byPhone.executionArn)).status !== 'RUNNING',
      );
      // An e-mail referral: the support offer, its delivery wait.
      const byEmail = await receivePartnerReferral(fresh, {
        reference: 'DSA-LOG-2',
        contactMethod: 'email',
        victim: victim(),
      });
      executions.push(byEmail.executionArn);
      await fresh.system.engine.runDue();
      // A target-hardening emergency: the referral, the call, the alert, the visit with further needs.
      const { referral } = await fresh.system.jobs.recordReferral(
        ThReferralSchema.parse({
          service: 'domestic-and-sexual-abuse-service',
          reference: 'DSA-LOG-3',
          referrer: { name: 'Bram', email: 'bram.sample@example.org' },
          victim: {
            forename: VICTIM.forename,
            surname: VICTIM.surname,
            address: { line1: VICTIM.street, town: VICTIM.town, postcode: VICTIM.postcode },
            phone: VICTIM.mobile,
          },
          vulnerabilities: ['older-person'],
          urgency: 'emergency',
          consentToFeedback: true,
        }),
        TUESDAY_10AM,
      );
      const answer = (await fresh.system.handlers.connectEmergency(
        connectEmergencyEvent(
          { referrer: '300001', pin: '246813', reference: referral.referralNumber },
          'contact-log-1',
        ),
        localContext('connect-emergency', 8000),
      )) as { jobId: string };
      executions.push(executionArnOf(definitionsOnce().targetHardeningArn, answer.jobId));
      await fresh.system.engine.runDue();
      await recordVisit(
        {
          jobs: fresh.system.jobs,
          workflows: fresh.system.workflows,
          clock: fresh.clock,
          limits: DEFAULT_PRODUCT_LIMITS,
        },
        answer.jobId,
        {
          outcome: 'visited',
          assessmentScore: 4,
          survey: 'satisfied',
          additionalNeeds: `${VICTIM.forename} would like help with benefits`,
        },
        'contractor.one',
      );
      await fresh.system.engine.runDue();
      // Refused inputs: their errors must name fields, never echo values.
      for (const bad of [
        { referrer: '300001', pin: VICTIM.mobile, reference: referral.referralNumber },
        { referrer: '300001', pin: '246813', reference: VICTIM.postcode },
        { referrer: VICTIM.mobile, pin: '246813', reference: referral.referralNumber },
      ]) {
        const refused = (await fresh.system.handlers.connectEmergency(
          connectEmergencyEvent(bad, 'contact-log-2'),
          localContext('connect-emergency', 8000),
        )) as { message: string };
        errors.push(refused.message);
      }
      try {
        await receivePartnerReferral(fresh, {
          reference: 'DSA-LOG-4',
          victim: {
            ...victim(),
            postcode: undefined,
            address: { line1: VICTIM.street, town: VICTIM.town, postcode: 'NOT A POSTCODE' },
          },
        });
      } catch (error) {
        errors.push((error as Error).message);
      }
    });
    logger.setLogLevel('SILENT');
  }, 240_000);

  it('writes log lines, and none holds a victim’s or referrer’s details', () => {
    expect(lines.length, lines.join('')).toBeGreaterThan(10);
    const text = lines.join('');
    expect(text).toContain('"caseId"');
    for (const value of PERSONAL) expect(text, value).not.toContain(value);
  });

  it('keeps execution histories to ids, codes and instants', async () => {
    expect(executions).toHaveLength(3);
    for (const arn of executions) {
      const history = JSON.stringify(await fresh.system.engine.getExecutionHistory(arn));
      expect(history.length).toBeGreaterThan(500);
      for (const value of PERSONAL) expect(history, `${value} in ${arn}`).not.toContain(value);
    }
  });

  it('answers refused input with errors that name the field and echo nothing of it', () => {
    expect(errors.length).toBe(4);
    for (const message of errors) for (const value of PERSONAL) expect(message, value).not.toContain(value);
    expect(errors.at(-1)).toContain('victim.address.postcode');
  });
});
