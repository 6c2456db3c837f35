import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DateTime } from 'luxon';
import * as z from 'zod';
import { SERVICE_TIME_ZONE } from '../../../shared/domain/calendar.ts';
import { PIN, REFERRAL_NUMBER } from '../../../shared/domain/target-hardening.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { TargetHardeningStore } from '../../../shared/ports/target-hardening.ts';
import type { TargetHardeningJobs } from '../../../shared/ports/workflows.ts';
import { logger } from '../../logger.ts';
import type { OperationsMetrics } from '../../operations-metrics.ts';

export interface ConnectEmergencyDeps {
  readonly jobs: TargetHardeningStore;
  readonly workflows: TargetHardeningJobs;
  readonly clock: Clock;
  /** Counts each call's result for the emergency-line alarm (AWS only). */
  readonly metrics?: OperationsMetrics;
}

/** What the contact flow branches on; `message` is read to the caller. */
export type CallResult = 'created' | 'existing' | 'wrong-pin' | 'unknown-reference' | 'invalid' | 'error';

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
// the block's parameters. Anything else is answered `invalid`, never thrown: the caller must hear something.
const ConnectEvent = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.object({
    ContactData: z.object({ ContactId: z.string().min(1), InstanceARN: z.string().min(1) }),
    Parameters: z.object({ pin: z.string(), reference: z.string() }),
  }),
});

const spoken = (digits: string) => digits.split('').join(' ');
const localTime = (at: Date) =>
  DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE }).toFormat('h:mm a').toLowerCase();

const answer = (result: CallResult, message: string, jobId = ''): CallAnswer => ({ result, message, jobId });

/**
 * The emergency target-hardening line (DESIGN 2: Amazon Connect → connect function): checks the referrer's
 * PIN and the referral number keyed on the phone, creates the emergency job (attend within 4 hours), starts
 * its workflow — which alerts the contractor — and answers within Connect's limit with what the flow reads
 * back. A repeated call for the same referral reports the job already made.
 */
export function createConnectEmergency(deps: ConnectEmergencyDeps) {
  async function handle(event: unknown): Promise<CallAnswer> {
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
    const { pin, reference } = parsed.data.Details.Parameters;
    const contactId = parsed.data.Details.ContactData.ContactId;
    if (!REFERRAL_NUMBER.test(reference))
      return answer('invalid', 'A referral number has six digits. Please check it and call again.');
    const referrer = PIN.test(pin) ? await deps.jobs.referrerByPin(pin) : undefined;
    if (!referrer) {
      logger.info('emergency call: PIN not recognised', { contactId });
      return answer('wrong-pin', 'That PIN was not recognised.');
    }
    const referral = await deps.jobs.getReferral(reference);
    // A referral of another service is answered as unknown: a PIN opens only its own service's referrals.
    if (!referral || referral.details.service !== referrer.service) {
      logger.info('emergency call: referral not found', { contactId, referrerId: referrer.referrerId });
      return answer(
        'unknown-reference',
        `No referral of yours has the number ${spoken(reference)}. Please check it and call again.`,
      );
    }
    const { job, status } = await deps.jobs.createJob(reference, 'emergency', deps.clock.now());
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

  return middy(async (event: unknown, context: Context): Promise<CallAnswer> => {
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
      answered = await Promise.race([handle(event), late]);
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
  }).use(injectLambdaContext(logger));
}
