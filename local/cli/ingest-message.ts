import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createIngestReferralEmail } from '../../functions/intake/ingest-referral-email/ingest-referral-email.ts';
import { createReceiveReferral } from '../../functions/intake/receive-referral/receive-referral.ts';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { httpApiRequest, localContext, s3ObjectCreated } from '../lambda-events.ts';
import { openLocalSystem } from '../system/local-system.ts';
import { type Output, UsageError } from './output.ts';

type Result =
  | { status: 'accepted' | 'duplicate'; caseId: string }
  | { status: 'rejected'; errors: Array<{ field: string; message: string }> };

function readable(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
}

function print(result: Result, options: { json?: boolean }, out: Output): void {
  if (result.status === 'rejected') {
    out.line('Rejected, kept in quarantine:');
    for (const error of result.errors) out.line(`  ${error.field}  ${error.message}`);
  } else
    out.line(`${result.status === 'accepted' ? 'Case opened' : 'Already received as case'} ${result.caseId}`);
  if (options.json) out.json(result);
}

/**
 * `vf ingest partner|self-referral FILE`: posts a JSON referral to the same handler the HTTP API invokes,
 * in-process with an HTTP API-shaped event (docs/local-system.md).
 */
export async function ingestJsonCommand(
  route: 'partner' | 'self',
  file: string,
  options: { json?: boolean },
  out: Output,
): Promise<void> {
  readable(file);
  const local = await openLocalSystem();
  let response: APIGatewayProxyStructuredResultV2;
  try {
    const handler = createReceiveReferral({
      store: local.store,
      clock: systemClock,
      workflows: local.workflows,
      referrals: local.jobs,
      jobs: local.jobs,
      targetHardening: local.workflows,
    });
    response = await handler(
      httpApiRequest('POST', `/referrals/${route}`, readFileSync(file, 'utf8')),
      localContext('receive-referral'),
    );
  } finally {
    await local.close();
  }
  const body = JSON.parse(String(response.body)) as Record<string, unknown>;
  if (response.statusCode === 201 || response.statusCode === 200) print(body as Result, options, out);
  else
    print(
      { status: 'rejected', errors: body.errors as Array<{ field: string; message: string }> },
      options,
      out,
    );
}

/**
 * `vf ingest email FILE`: a raw partner or Sentinel ASB referral e-mail (.eml), through the same handler
 * SES's S3 delivery invokes, with an S3-shaped event and the local folder standing in for the bucket.
 */
export async function ingestEmailCommand(
  file: string,
  options: { json?: boolean },
  out: Output,
): Promise<void> {
  const size = readable(file);
  const local = await openLocalSystem();
  try {
    const path = resolve(file);
    const objects = new FolderObjectStore(dirname(path));
    const handler = createIngestReferralEmail({
      store: local.store,
      clock: systemClock,
      workflows: local.workflows,
      objects,
    });
    const event = s3ObjectCreated('.', basename(path), size);
    const [outcome] = await handler(event, localContext('ingest-referral-email'));
    if (!outcome) throw new Error('the e-mail handler returned nothing');
    if (outcome.status === 'rejected') {
      const quarantined = await local.store.listQuarantine(outcome.fileId);
      print(
        { status: 'rejected', errors: quarantined.map(({ field, message }) => ({ field, message })) },
        options,
        out,
      );
    } else print(outcome, options, out);
  } finally {
    await local.close();
  }
}
