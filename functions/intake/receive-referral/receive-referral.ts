import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IntakeDeps } from '../../../shared/application/ingest.ts';
import { ingestReferral } from '../../../shared/application/ingest.ts';
import type { IntakeOrigin } from '../../../shared/domain/case-records.ts';
import {
  PARTNER_REFERRAL_MAX_BYTES,
  partnerReferralFromText,
} from '../../../shared/domain/intake/partner-referral.ts';
import { selfReferralFromForm } from '../../../shared/domain/intake/self-referral.ts';
import { validateThReferral } from '../../../shared/domain/target-hardening-referral.ts';
import type { ThJobStore, ThReferralStore } from '../../../shared/ports/target-hardening.ts';
import type { TargetHardeningJobs } from '../../../shared/ports/workflows.ts';
import { ORIGIN_VERIFY_HEADER } from '../../config.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface ReceiveReferralDeps extends IntakeDeps {
  /** A target-hardening referral sent to the API is recorded here, */
  readonly referrals: Pick<ThReferralStore, 'recordReferral'>;
  /** and a standard one's job made. */
  readonly jobs: Pick<ThJobStore, 'createJob'>;
  readonly targetHardening: TargetHardeningJobs;
  /**
   * The public intake's origin secret, which CloudFront sends in the ORIGIN_VERIFY_HEADER header: a
   * self-referral without it is refused (403), so the API's own address cannot be used to go around AWS WAF
   * (docs/infrastructure.md, "Public intake address"). The AWS handler always has it: it does not start
   * without it (receiveReferralConfig). Absent only where there is no CloudFront, on one machine (the local
   * system and tests), and then the check is off.
   */
  readonly originSecret?: string;
}

/** The domestic and sexual abuse service's target-hardening referral form (Victim First refers from a case). */
export const TARGET_HARDENING_ROUTE = 'POST /referrals/target-hardening';

/** The routes this function serves (HTTP API in AWS, the local server on one machine). */
export const REFERRAL_ROUTES = {
  'POST /referrals/partner': 'partner-api',
  'POST /referrals/self': 'self-referral-form',
} as const satisfies Record<string, IntakeOrigin['channel']>;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

const error = (statusCode: number, field: string, message: string) =>
  json(statusCode, { errors: [{ field, message }] });

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether the request carries the origin secret in ORIGIN_VERIFY_HEADER: 'missing', 'wrong', or 'right'.
 * Compared in constant time (digests of equal length), so the answer's timing tells nothing of the secret.
 */
export function originHeaderOf(
  headers: APIGatewayProxyEventV2['headers'] | undefined,
  secret: string,
): 'missing' | 'wrong' | 'right' {
  const name = Object.keys(headers ?? {}).find((key) => key.toLowerCase() === ORIGIN_VERIFY_HEADER);
  const value = name === undefined ? undefined : headers?.[name];
  if (value === undefined || value === '') return 'missing';
  return timingSafeEqual(sha256(value), sha256(secret)) ? 'right' : 'wrong';
}

/**
 * Partner-agency and self-referrals over HTTP. 201 with the case reference when a case is opened, 200 with
 * the same reference when it was already received (a resend or a double click), 400 naming every bad field.
 */
export function createReceiveReferral(deps: ReceiveReferralDeps) {
  return lambdaHandler(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const channel = REFERRAL_ROUTES[event.routeKey as keyof typeof REFERRAL_ROUTES];
    const targetHardening = event.routeKey === TARGET_HARDENING_ROUTE;
    if (!channel && !targetHardening) return error(404, '(route)', `no such route: ${event.routeKey}`);
    // The public route only: the signed (IAM) routes are called on the API's own address by partners.
    if (channel === 'self-referral-form' && deps.originSecret !== undefined) {
      const origin = originHeaderOf(event.headers, deps.originSecret);
      if (origin !== 'right') {
        // Never the header's value: a wrong one may be a near miss of the secret.
        logger.warn('self-referral refused: not through the public intake address', {
          originHeader: origin,
        });
        return error(403, '(origin)', 'must be sent through the public intake address');
      }
    }
    const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      return error(415, '(body)', 'must be sent as application/json');
    }
    const raw = event.body ?? '';
    const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    if (Buffer.byteLength(text) > PARTNER_REFERRAL_MAX_BYTES) {
      return error(413, '(body)', `must be at most ${PARTNER_REFERRAL_MAX_BYTES / 1024} KiB`);
    }
    const receivedAt = deps.clock.now();
    if (targetHardening) return receiveTargetHardening(text, receivedAt, deps);
    let parsed: ReturnType<typeof partnerReferralFromText>;
    if (channel === 'partner-api') parsed = partnerReferralFromText(text, receivedAt);
    else {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return error(400, '(body)', 'is not valid JSON');
      }
      parsed = selfReferralFromForm(body, receivedAt);
    }
    if (!parsed.ok) {
      logger.info('referral refused', { channel, fields: parsed.errors.map((e) => e.field) });
      return json(400, { errors: parsed.errors });
    }
    const outcome = await ingestReferral(
      parsed.referral,
      { channel: channel as IntakeOrigin['channel'] },
      deps,
    );
    logger.info('referral received', { channel, caseId: outcome.caseId, status: outcome.status });
    return json(outcome.status === 'accepted' ? 201 : 200, outcome);
  });
}

/**
 * A target-hardening referral from the domestic and sexual abuse service (docs/service-rules.md, rule 12).
 * Standard: the job is made and its workflow started at once. Emergency: the referral waits for the
 * referrer's call to the emergency line, which makes the job and alerts the contractor. The same reference
 * again answers with the first referral (200).
 */
async function receiveTargetHardening(
  text: string,
  receivedAt: Date,
  deps: ReceiveReferralDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return error(400, '(body)', 'is not valid JSON');
  }
  const parsed = validateThReferral(body);
  if (!parsed.ok) {
    logger.info('target-hardening referral refused', { fields: parsed.errors.map((e) => e.field) });
    return json(400, { errors: parsed.errors });
  }
  if (parsed.referral.service !== 'domestic-and-sexual-abuse-service')
    return error(
      400,
      'service',
      'must be domestic-and-sexual-abuse-service: Victim First refers from the case page',
    );
  const { referral, status } = await deps.referrals.recordReferral(parsed.referral, receivedAt);
  let jobId = referral.jobId;
  let attendBy: string | undefined;
  if (parsed.referral.urgency === 'standard' || jobId) {
    const made = await deps.jobs.createJob(referral.referralNumber, referral.details.urgency, receivedAt);
    await deps.targetHardening.startTargetHardening(made.job.jobId);
    jobId = made.job.jobId;
    attendBy = made.job.attendBy.toISOString();
  }
  logger.info('target-hardening referral received', {
    referralNumber: referral.referralNumber,
    jobId,
    status,
  });
  return json(status === 'recorded' ? 201 : 200, {
    status: status === 'recorded' ? 'accepted' : 'duplicate',
    referralNumber: referral.referralNumber,
    ...(jobId ? { jobId, attendBy } : {}),
    ...(jobId
      ? {}
      : {
          next: `Phone the emergency line and key in your referrer number, your PIN and referral number ${referral.referralNumber}: the contractor is alerted when you call.`,
        }),
  });
}
