import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IntakeDeps } from '../../../shared/domain/intake/ingest.ts';
import { ingestReferral } from '../../../shared/domain/intake/ingest.ts';
import {
  PARTNER_REFERRAL_MAX_BYTES,
  partnerReferralFromText,
} from '../../../shared/domain/intake/partner-referral.ts';
import { selfReferralFromForm } from '../../../shared/domain/intake/self-referral.ts';
import type { IntakeOrigin } from '../../../shared/ports/case-store.ts';
import { logger } from '../../logger.ts';

export interface ReceiveReferralDeps extends IntakeDeps {}

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

/**
 * Partner-agency and self-referrals over HTTP. 201 with the case reference when a case is opened, 200 with
 * the same reference when it was already received (a resend or a double click), 400 naming every bad field.
 */
export function createReceiveReferral(deps: ReceiveReferralDeps) {
  return middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const channel = REFERRAL_ROUTES[event.routeKey as keyof typeof REFERRAL_ROUTES];
    if (!channel) return error(404, '(route)', `no such route: ${event.routeKey}`);
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
    const outcome = await ingestReferral(parsed.referral, { channel }, deps);
    logger.info('referral received', { channel, caseId: outcome.caseId, status: outcome.status });
    return json(outcome.status === 'accepted' ? 201 : 200, outcome);
  }).use(injectLambdaContext(logger));
}
