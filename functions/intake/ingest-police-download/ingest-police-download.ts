import type { S3Event } from 'aws-lambda';
import type { IntakeDeps } from '../../../shared/application/ingest.ts';
import { type IntakeSummary, ingestRows, intakeFileId } from '../../../shared/application/ingest.ts';
import {
  InvalidDownloadError,
  POLICE_DOWNLOAD_LIMITS,
  parsePoliceDownload,
} from '../../../shared/domain/intake/police-download.ts';
import { ObjectTooLargeError } from '../../../shared/domain/received-file.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface IngestPoliceDownloadDeps extends IntakeDeps {
  readonly objects: ObjectStore;
}

/**
 * The police daily download landed in the intake bucket: every row becomes a case, a declined count or a
 * quarantined rejection. Safe to retry: cases are keyed by source and crime reference.
 */
export function createIngestPoliceDownload(deps: IngestPoliceDownloadDeps) {
  /** The whole file is unreadable: quarantined as row 1 so the operators see why; it is not retried. */
  const refuse = async (key: string, fileId: string, error: InvalidDownloadError) => {
    await deps.store.quarantine([
      { fileId, file: key, row: 1, field: error.field, message: error.message, rejectedAt: deps.clock.now() },
    ]);
    logger.error('police download refused', { fileId, field: error.field });
  };
  return lambdaHandler(async (event: S3Event): Promise<IntakeSummary[]> => {
    const summaries: IntakeSummary[] = [];
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      let content: Uint8Array;
      try {
        content = await deps.objects.get(bucket, key, POLICE_DOWNLOAD_LIMITS.maxBytes);
      } catch (error) {
        if (!(error instanceof ObjectTooLargeError)) throw error;
        // Refused like any unreadable file (a retry would only fail again), and named so the operators see
        // why; the id comes from the key and the size the store reported, since the bytes were not read.
        await refuse(
          key,
          intakeFileId(key, `too large: ${error.message}`),
          new InvalidDownloadError(
            'file',
            `is larger than ${POLICE_DOWNLOAD_LIMITS.maxBytes / 1024 / 1024} MiB`,
          ),
        );
        continue;
      }
      const fileId = intakeFileId(key, content);
      let rows: ReturnType<typeof parsePoliceDownload>;
      try {
        rows = parsePoliceDownload(content);
      } catch (error) {
        if (!(error instanceof InvalidDownloadError)) throw error;
        await refuse(key, fileId, error);
        continue;
      }
      const summary = await ingestRows(rows, { file: key, fileId, channel: 'police-download' }, deps);
      const { accepted, duplicates, declined, rejected } = summary;
      logger.info('police download ingested', { fileId, accepted, duplicates, declined, rejected });
      summaries.push(summary);
    }
    return summaries;
  });
}
