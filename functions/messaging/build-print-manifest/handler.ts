import { S3Client } from '@aws-sdk/client-s3';
import { MESSAGING_MAX_ATTEMPTS, S3PrintManifests } from '../../../shared/adapters/aws/aws-messenger.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { lettersConfig } from '../../config.ts';
import { createBuildPrintManifest } from './build-print-manifest.ts';

export const handler = createBuildPrintManifest({
  manifests: new S3PrintManifests(
    new S3Client({ maxAttempts: MESSAGING_MAX_ATTEMPTS, retryMode: 'adaptive' }),
    lettersConfig(),
  ),
  clock: systemClock,
});
