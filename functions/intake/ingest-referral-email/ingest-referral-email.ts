import type { S3Event } from 'aws-lambda';
import type { IntakeDeps } from '../../../shared/application/ingest.ts';
import { ingestReferral, intakeFileId, type ReferralOutcome } from '../../../shared/application/ingest.ts';
import type { IntakeResult } from '../../../shared/domain/intake/partner-referral.ts';
import { parseReferralEmail } from '../../../shared/domain/intake/referral-email.ts';
import { ObjectTooLargeError } from '../../../shared/domain/received-file.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

/** A referral e-mail is small; anything larger is not one (attachments are not read). */
export const REFERRAL_EMAIL_MAX_BYTES = 1024 * 1024;

const TOO_LARGE: IntakeResult = {
  ok: false,
  errors: [{ field: '(message)', message: `is larger than ${REFERRAL_EMAIL_MAX_BYTES / 1024 / 1024} MiB` }],
};

export interface IngestReferralEmailDeps extends IntakeDeps {
  readonly objects: ObjectStore;
}

export type EmailOutcome = ReferralOutcome | { readonly status: 'rejected'; readonly fileId: string };

/**
 * A partner or Sentinel ASB referral e-mail, stored raw by SES in the intake bucket: one case, or a
 * quarantine record naming each bad field. Safe to retry: the case is keyed by source and reference.
 */
export function createIngestReferralEmail(deps: IngestReferralEmailDeps) {
  return lambdaHandler(async (event: S3Event): Promise<EmailOutcome[]> => {
    const outcomes: EmailOutcome[] = [];
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const receivedAt = new Date(record.eventTime);
      let raw: Uint8Array;
      let parsed: Awaited<ReturnType<typeof parseReferralEmail>>;
      try {
        raw = await deps.objects.get(bucket, key, REFERRAL_EMAIL_MAX_BYTES);
        parsed = await parseReferralEmail(raw, receivedAt);
      } catch (error) {
        if (!(error instanceof ObjectTooLargeError)) throw error;
        // Not a referral (attachments, a mail loop): refused with its reason, as a retry would only fail
        // again. The bytes were not read, so the record's id comes from the key and the size S3 reported.
        raw = Buffer.from(`too large: ${error.message}`);
        parsed = { format: 'unknown', result: TOO_LARGE };
      }
      const { format, result } = parsed;
      if (!result.ok) {
        const fileId = intakeFileId(key, raw);
        const rejectedAt = deps.clock.now();
        await deps.store.quarantine(
          result.errors.map((e) => ({
            fileId,
            file: key,
            row: 1,
            field: e.field,
            message: e.message,
            rejectedAt,
          })),
        );
        logger.warn('referral e-mail refused', { fileId, format, fields: result.errors.map((e) => e.field) });
        outcomes.push({ status: 'rejected', fileId });
        continue;
      }
      const channel = format === 'sentinel-asb' ? 'sentinel-email' : 'partner-email';
      const outcome = await ingestReferral(result.referral, { channel, file: key }, deps);
      logger.info('referral e-mail received', { channel, caseId: outcome.caseId, status: outcome.status });
      outcomes.push(outcome);
    }
    return outcomes;
  });
}
