import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import type { IntakeDeps } from '../../../shared/domain/intake/ingest.ts';
import { type IntakeSummary, ingestRows, intakeFileId } from '../../../shared/domain/intake/ingest.ts';
import {
  InvalidDownloadError,
  POLICE_DOWNLOAD_LIMITS,
  parsePoliceDownload,
} from '../../../shared/domain/intake/police-download.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import { logger } from '../../logger.ts';

export interface IngestPoliceDownloadDeps extends IntakeDeps {
  readonly objects: ObjectStore;
}

/**
 * The police daily download landed in the intake bucket: every row becomes a case, a declined count or a
 * quarantined rejection. Safe to retry: cases are keyed by source and crime reference.
 */
export function createIngestPoliceDownload(deps: IngestPoliceDownloadDeps) {
  return middy(async (event: S3Event): Promise<IntakeSummary[]> => {
    const summaries: IntakeSummary[] = [];
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const content = await deps.objects.get(bucket, key, POLICE_DOWNLOAD_LIMITS.maxBytes);
      const fileId = intakeFileId(key, content);
      let rows: ReturnType<typeof parsePoliceDownload>;
      try {
        rows = parsePoliceDownload(content);
      } catch (error) {
        if (!(error instanceof InvalidDownloadError)) throw error;
        // The whole file is unreadable: quarantine it as row 1 so the operators see why; do not retry.
        await deps.store.quarantine([
          {
            fileId,
            file: key,
            row: 1,
            field: error.field,
            message: error.message,
            rejectedAt: deps.clock.now(),
          },
        ]);
        logger.error('police download refused', { fileId, field: error.field });
        continue;
      }
      const summary = await ingestRows(rows, { file: key, fileId, channel: 'police-download' }, deps);
      const { accepted, duplicates, declined, rejected } = summary;
      logger.info('police download ingested', { fileId, accepted, duplicates, declined, rejected });
      summaries.push(summary);
    }
    return summaries;
  }).use(injectLambdaContext(logger));
}
