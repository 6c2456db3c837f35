import type { Context } from 'aws-lambda';
import { DateTime } from 'luxon';
import * as z from 'zod';
import { SERVICE_TIME_ZONE } from '../../../shared/domain/calendar.ts';
import { callerKey, lockedOut, referrerKey, verifiedReferrer } from '../../../shared/domain/referrer-pin.ts';
import { PIN, REFERRAL_NUMBER, REFERRER_NUMBER } from '../../../shared/domain/target-hardening.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { PinAttempts } from '../../../shared/ports/pin-attempts.ts';
import type {
  ReferrerDirectory,
  ThJobStore,
  ThReferralStore,
} from '../../../shared/ports/target-hardening.ts';
import type { TargetHardeningJobs } from '../../../shared/ports/workflows.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import type { CallResult, OperationsMetrics } from '../../operations-metrics.ts';

export interface ConnectEmergencyDeps {
  /** Who is calling: the referrer number keyed, and their PIN's hash. */
  readonly referrers: Pick<ReferrerDirectory, 'referrerByNumber'>;
  /** The referral number keyed. */
  readonly referrals: Pick<ThReferralStore, 'getReferral'>;
  /** The emergency job the call makes. */
  readonly jobs: Pick<ThJobStore, 'createJob'>;
  /** Failed attempts per calling number and per referrer number, for the lockout. */
  readonly attempts: PinAttempts;
  readonly workflows: TargetHardeningJobs;
  readonly clock: Clock;
  /** Counts each call's result for the emergency-line alarm (AWS only). */
  readonly metrics?: OperationsMetrics;
}

/** The flat attribute map Amazon Connect takes back from a function: string values only. */
export interface CallAnswer {
  readonly [key: string]: string;
  readonly result: CallResult;
  readonly message: string;
  readonly jobId: string;
}

/** Connect waits 8 seconds for a function; the answer must be back with a margin for the network. */
export const ANSWER_WITHIN_MS = 8000;
const MARGIN_MS = 1500;

// The invocation Amazon Connect sends from an "Invoke AWS Lambda function" block: the keyed digits arrive as
// the block's parameters, the caller's number (absent or empty when withheld) in the contact's data. Anything
// else is answered `invalid`, never thrown: the caller must hear something.
const ConnectEvent = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string().min(1),
      InstanceARN: z.string().min(1),
      CustomerEndpoint: z.object({ Address: z.string().nullish() }).nullish(),
    }),
    Parameters: z.object({ referrer: z.string(), pin: z.string(), reference: z.string() }),
  }),
});

/** The one answer to an unknown referrer number and to a wrong PIN alike: it must not say which was wrong. */
const NOT_RECOGNISED = 'That referrer number and PIN were not recognised.';
const REFUSED =
  'Sorry, this line cannot take your call just now: too many referrer numbers or PINs were not recognised. Please phone Victim First on the normal number.';

const spoken = (digits: string) => digits.split('').join(' ');
const localTime = (at: Date) =>
  DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE }).toFormat('h:mm a').toLowerCase();

const answer = (result: CallResult, message: string, jobId = ''): CallAnswer => ({ result, message, jobId });

/**
 * The emergency target-hardening line (Amazon Connect → this function, docs/target-hardening.md): identifies
 * the referrer by the referrer number and PIN keyed on the phone, checks the referral number, creates the
 * emergency job (attend within 4 hours), starts its workflow — which alerts the contractor — and answers
 * within Connect's limit with what the flow reads back. A repeated call for the same referral reports the job
 * already made. Failed identifications are counted per calling number and per referrer number; past
 * PIN_LOCKOUT the line refuses every call from that number or for that referrer until its window ends.
 */
export function createConnectEmergency(deps: ConnectEmergencyDeps) {
  /**
   * The referrer the keyed number and PIN identify, or undefined — the same, after the same scrypt, whether
   * the number is unknown or the PIN wrong. Digits of the wrong length are refused before any look-up: the
   * lengths are no secret.
   */
  async function identify(referrerNumber: string, pin: string) {
    if (!REFERRER_NUMBER.test(referrerNumber) || !PIN.test(pin)) return undefined;
    return verifiedReferrer(await deps.referrers.referrerByNumber(referrerNumber), pin);
  }

  async function handle(event: unknown, context: Context): Promise<CallAnswer> {
    const parsed = ConnectEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('connect event refused', {
        fields: parsed.error.issues.map((issue) => issue.path.join('.')),
      });
      return answer(
        'invalid',
        'Sorry, this call could not be handled. Please phone the service on its usual number.',
      );
    }
    const { referrer: referrerNumber, pin, reference } = parsed.data.Details.Parameters;
    const contactData = parsed.data.Details.ContactData;
    const contactId = contactData.ContactId;
    if (!REFERRAL_NUMBER.test(reference))
      return answer('invalid', 'A referral number has six digits. Please check it and call again.');
    // Counted against the number keyed whether or not a referrer has it, so the lockout says nothing either.
    const keys = [
      callerKey(contactData.CustomerEndpoint?.Address ?? undefined),
      ...(REFERRER_NUMBER.test(referrerNumber) ? [referrerKey(referrerNumber)] : []),
    ];
    const now = deps.clock.now();
    if (lockedOut(await deps.attempts.failures(keys, now))) {
      logger.warn('emergency call refused: too many failed attempts', { contactId });
      return answer('refused', REFUSED);
    }
    const referrer = await identify(referrerNumber, pin);
    if (!referrer) {
      // One attempt per invocation: the flow's second try in the same call is a second attempt.
      const failures = await deps.attempts.recordFailure(keys, `${contactId}:${context.awsRequestId}`, now);
      logger.info('emergency call: referrer number and PIN not recognised', { contactId, failures });
      return answer('wrong-pin', NOT_RECOGNISED);
    }
    const referral = await deps.referrals.getReferral(reference);
    // A referral of another service is answered as unknown: a PIN opens only its own service's referrals.
    if (!referral || referral.details.service !== referrer.service) {
      logger.info('emergency call: referral not found', { contactId, referrerId: referrer.referrerId });
      return answer(
        'unknown-reference',
        `No referral of yours has the number ${spoken(reference)}. Please check it and call again.`,
      );
    }
    const { job, status } = await deps.jobs.createJob(reference, 'emergency', now);
    // Started again on a repeated call too: a call cut off between the two steps still gets its workflow.
    await deps.workflows.startTargetHardening(job.jobId);
    logger.info('emergency call answered', {
      contactId,
      referrerId: referrer.referrerId,
      jobId: job.jobId,
      status,
    });
    if (status === 'created')
      return answer(
        'created',
        `Emergency job ${job.jobId} created. The contractor has been alerted and will attend by ${localTime(job.attendBy)}.`,
        job.jobId,
      );
    return answer(
      'existing',
      `Referral ${spoken(reference)} already has ${job.kind} job ${job.jobId}, to be attended by ${localTime(job.attendBy)}. No new job was made.`,
      job.jobId,
    );
  }

  return lambdaHandler(async (event: unknown, context: Context): Promise<CallAnswer> => {
    const budget = Math.min(context.getRemainingTimeInMillis(), ANSWER_WITHIN_MS) - MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<CallAnswer>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            answer(
              'error',
              'Sorry, the system is slow to answer. Please call again: a repeated call never makes a second job.',
            ),
          ),
        Math.max(0, budget),
      );
    });
    let answered: CallAnswer;
    try {
      answered = await Promise.race([handle(event, context), late]);
    } catch (error) {
      logger.error('emergency call failed', { error: (error as Error).name });
      answered = answer(
        'error',
        'Sorry, something went wrong. Please call again, or phone the service on its usual number.',
      );
    } finally {
      clearTimeout(timer);
    }
    // The function never throws, so its Errors metric cannot see a failed call: this count can.
    deps.metrics?.emergencyCall(answered.result);
    return answered;
  });
}
