import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../functions/config.ts';
import { createIngestPoliceDownload } from '../../functions/intake/ingest-police-download/ingest-police-download.ts';
import { createIngestReferralEmail } from '../../functions/intake/ingest-referral-email/ingest-referral-email.ts';
import { createReceiveReferral } from '../../functions/intake/receive-referral/receive-referral.ts';
import { httpApiRequest, localContext, s3ObjectCreated } from '../../local/lambda-events.ts';
import type { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { dynamoDbTargetHardeningStores } from '../../shared/adapters/dynamodb/target-hardening-stores.ts';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.ts';
import { intakeFileId } from '../../shared/application/ingest.ts';
import type { TargetHardeningStores } from '../../shared/ports/target-hardening.ts';
import {
  aPartnerEmail,
  aPartnerReferralBody,
  aPoliceDownload,
  aPoliceRow,
  aSelfReferralBody,
  aSentinelEmail,
  RECEIVED_AT,
} from '../fixtures/referrals.ts';
import { RecordingWorkflows } from '../support/recording-workflows.ts';
import { fixedClock, freshStore } from '../support/store.ts';

// These tests read what the handlers log (counts, never a victim's details): at INFO, whatever the suite's
// level, set before the logger is first imported.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const workflows = new RecordingWorkflows();

const clock = fixedClock(RECEIVED_AT.toISOString());
const inbox = mkdtempSync(join(tmpdir(), 'vf-inbox-'));
const objects = new FolderObjectStore(inbox);

function drop(key: string, content: string) {
  writeFileSync(join(inbox, key), content);
  return s3ObjectCreated('.', key, Buffer.byteLength(content), RECEIVED_AT);
}

/** Everything the handlers write to standard output and error (Powertools logs warnings to the latter). */
function captureLogs() {
  const lines: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    }),
  );
  return {
    text: () => lines.join(''),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

describe('intake handlers, through their middy chain, on DynamoDB Local', () => {
  let store: DynamoDbCaseStore;
  let jobs: TargetHardeningStores;
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(async () => {
    const fresh = await freshStore();
    store = fresh.store;
    jobs = dynamoDbTargetHardeningStores(fresh.client, fresh.tableName);
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  describe('HTTP referrals', () => {
    const post = (path: string, body: unknown, contentType = 'application/json') =>
      createReceiveReferral({ store, clock, workflows, referrals: jobs, jobs, targetHardening: workflows })(
        httpApiRequest('POST', path, typeof body === 'string' ? body : JSON.stringify(body), contentType),
        localContext('receive-referral'),
      );

    const thReferral = (changes: Record<string, unknown> = {}) => ({
      ...JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8')),
      ...changes,
    });

    it('records a standard target-hardening referral and starts its job; a resend answers with the same', async () => {
      const first = await post('/referrals/target-hardening', thReferral({ urgency: 'standard' }));
      expect(first.statusCode).toBe(201);
      const body = JSON.parse(String(first.body));
      expect(body).toEqual({
        status: 'accepted',
        referralNumber: '100001',
        jobId: 'TH-1001',
        attendBy: expect.any(String),
      });
      expect(workflows.jobsStarted).toContain('TH-1001');
      expect((await jobs.getJob('TH-1001'))?.kind).toBe('standard');
      const again = await post('/referrals/target-hardening', thReferral({ urgency: 'standard' }));
      expect(again.statusCode).toBe(200);
      expect(JSON.parse(String(again.body))).toMatchObject({
        status: 'duplicate',
        referralNumber: '100001',
        jobId: 'TH-1001',
      });
      expect(await jobs.listJobs()).toHaveLength(1);
    });

    it('records an emergency target-hardening referral to wait for the phone call', async () => {
      const response = await post('/referrals/target-hardening', thReferral());
      expect(response.statusCode).toBe(201);
      expect(JSON.parse(String(response.body))).toEqual({
        status: 'accepted',
        referralNumber: '100001',
        next: 'Phone the emergency line and key in your referrer number, your PIN and referral number 100001: the contractor is alerted when you call.',
      });
      expect(await jobs.listJobs()).toEqual([]);
    });

    it('refuses a target-hardening referral naming every bad field, and one from a service that may not refer', async () => {
      const bad = await post(
        '/referrals/target-hardening',
        thReferral({
          service: 'police',
          urgency: 'tomorrow',
          victim: {
            forename: '=HYPERLINK("x")',
            surname: 'Example',
            phone: '12',
            address: { line1: '1 Road', town: 'Leicester', postcode: 'XX1' },
          },
          extra: true,
        }),
      );
      expect(bad.statusCode).toBe(400);
      const fields = (JSON.parse(String(bad.body)).errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual([
        'extra',
        'service',
        'urgency',
        'victim.address.postcode',
        'victim.forename',
        'victim.phone',
      ]);
      const victimFirst = await post('/referrals/target-hardening', thReferral({ service: 'victim-first' }));
      expect(victimFirst.statusCode).toBe(400);
      expect(JSON.parse(String(victimFirst.body)).errors).toEqual([
        {
          field: 'service',
          message: 'must be domestic-and-sexual-abuse-service: Victim First refers from the case page',
        },
      ]);
      expect(await jobs.listJobs()).toEqual([]);
    });

    it('opens a case for a partner referral, and answers a resend with the same case', async () => {
      const first = await post('/referrals/partner', aPartnerReferralBody());
      expect(first.statusCode).toBe(201);
      const { caseId, status } = JSON.parse(String(first.body));
      expect(status).toBe('accepted');
      const again = await post('/referrals/partner', aPartnerReferralBody());
      expect(again.statusCode).toBe(200);
      expect(JSON.parse(String(again.body))).toEqual({ status: 'duplicate', caseId });
      expect((await store.getCase(caseId))?.referral.source).toBe('partner');
    });

    it('opens one case when a self-referral form is submitted twice', async () => {
      const body = aSelfReferralBody();
      const first = await post('/referrals/self', body);
      const second = await post('/referrals/self', body);
      expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
      expect(JSON.parse(String(second.body)).caseId).toBe(JSON.parse(String(first.body)).caseId);
    });

    it('names every bad field and opens nothing', async () => {
      const response = await post('/referrals/partner', aPartnerReferralBody({ contactMethod: 'fax' }));
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(String(response.body)).errors).toEqual([
        { field: 'contactMethod', message: expect.stringContaining('must be one of') },
      ]);
    });

    it.each([
      { why: 'not JSON', body: '{"reference": ', type: 'application/json', status: 400, field: '(body)' },
      {
        why: 'not sent as JSON',
        body: 'a=b',
        type: 'application/x-www-form-urlencoded',
        status: 415,
        field: '(body)',
      },
      {
        why: 'over 64 KiB',
        body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
        type: 'application/json',
        status: 413,
        field: '(body)',
      },
    ])('refuses a body that is $why with status $status', async ({ body, type, status, field }) => {
      const response = await post('/referrals/partner', body, type);
      expect(response.statusCode).toBe(status);
      expect(JSON.parse(String(response.body)).errors[0].field).toBe(field);
    });

    describe('the origin secret CloudFront adds (the API’s own address takes no self-referral)', () => {
      const SECRET = 'Zq4'.repeat(21);
      const ORIGIN_REFUSED = {
        errors: [{ field: '(origin)', message: 'must be sent through the public intake address' }],
      };
      /** A POST as API Gateway gives it to the function, with the given extra headers. */
      const postWith = (
        path: string,
        body: unknown,
        headers: Record<string, string>,
        { originSecret }: { originSecret: string | undefined } = { originSecret: SECRET },
      ) => {
        const event = httpApiRequest('POST', path, JSON.stringify(body));
        return createReceiveReferral({
          store,
          clock,
          workflows: new RecordingWorkflows(),
          referrals: jobs,
          jobs,
          targetHardening: workflows,
          ...(originSecret === undefined ? {} : { originSecret }),
        })({ ...event, headers: { ...event.headers, ...headers } }, localContext('receive-referral'));
      };

      it('refuses a self-referral without the header (403), opening nothing and logging no value', async () => {
        const body = aSelfReferralBody();
        const refused = await postWith('/referrals/self', body, {});
        expect(refused.statusCode).toBe(403);
        expect(JSON.parse(String(refused.body))).toEqual(ORIGIN_REFUSED);
        expect(logs.text()).toContain('"originHeader":"missing"');
        // Nothing was opened: the same form through CloudFront is a new case, not a duplicate.
        const taken = await postWith('/referrals/self', body, { [ORIGIN_VERIFY_HEADER]: SECRET });
        expect(taken.statusCode).toBe(201);
        expect(JSON.parse(String(taken.body))).toMatchObject({ status: 'accepted' });
        expect(logs.text()).not.toContain(SECRET);
      });

      it.each([
        { why: 'one character off', value: `${SECRET.slice(0, -1)}X` },
        { why: 'shorter', value: SECRET.slice(0, 10) },
        { why: 'longer', value: `${SECRET}0` },
        { why: 'empty', value: '' },
      ])(
        'refuses a self-referral whose header is $why, and never logs what it carried',
        async ({ value }) => {
          const refused = await postWith('/referrals/self', aSelfReferralBody(), {
            [ORIGIN_VERIFY_HEADER]: value,
          });
          expect(refused.statusCode).toBe(403);
          expect(JSON.parse(String(refused.body))).toEqual(ORIGIN_REFUSED);
          expect(logs.text()).toContain('self-referral refused: not through the public intake address');
          expect(logs.text()).not.toContain(SECRET.slice(0, 10));
        },
      );

      it('refuses before reading the body: a bad form without the header is 403, not 400 or 415', async () => {
        const response = await postWith('/referrals/self', 'not json', { 'content-type': 'text/plain' });
        expect(response.statusCode).toBe(403);
      });

      it('accepts a self-referral with the right header, whatever the case of its name', async () => {
        const taken = await postWith('/referrals/self', aSelfReferralBody(), {
          [ORIGIN_VERIFY_HEADER.toUpperCase()]: SECRET,
        });
        expect(taken.statusCode).toBe(201);
      });

      it('leaves the signed partner and target-hardening routes alone: partners call the API’s own address', async () => {
        const partner = await postWith('/referrals/partner', aPartnerReferralBody(), {});
        expect(partner.statusCode).toBe(201);
        const th = JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8'));
        const hardening = await postWith('/referrals/target-hardening', th, {});
        expect(hardening.statusCode).toBe(201);
      });

      it('checks nothing where no secret is configured (one machine, no CloudFront)', async () => {
        const taken = await postWith('/referrals/self', aSelfReferralBody(), {}, { originSecret: undefined });
        expect(taken.statusCode).toBe(201);
      });
    });
  });

  describe('referral e-mails', () => {
    const receive = (key: string, raw: string) =>
      createIngestReferralEmail({ store, clock, objects, workflows })(
        drop(key, raw),
        localContext('ingest-referral-email'),
      );

    it('opens a partner case from a partner e-mail and a Sentinel ASB case from a Sentinel e-mail', async () => {
      const [partner] = await receive('partner.eml', aPartnerEmail());
      const [sentinel] = await receive('sentinel.eml', aSentinelEmail());
      expect(partner).toMatchObject({ status: 'accepted' });
      expect(sentinel).toMatchObject({ status: 'accepted' });
      if (sentinel?.status !== 'accepted') throw new Error('no case');
      expect((await store.getCase(sentinel.caseId))?.referral.source).toBe('sentinel-asb');
    });

    it('quarantines an e-mail with a bad field, naming the label', async () => {
      const raw = aPartnerEmail({ Postcode: 'NOT A POSTCODE' });
      const [outcome] = await receive('bad.eml', raw);
      expect(outcome).toEqual({ status: 'rejected', fileId: intakeFileId('bad.eml', Buffer.from(raw)) });
      const quarantined = await store.listQuarantine(intakeFileId('bad.eml', Buffer.from(raw)));
      expect(quarantined.map((q) => q.field)).toEqual(['Postcode']);
    });
  });

  describe('the police download', () => {
    const ingest = (key: string, csv: string) =>
      createIngestPoliceDownload({ store, clock, objects, workflows })(
        drop(key, csv),
        localContext('ingest-police-download'),
      );

    it('ingests a download and logs counts, never a victim’s details', async () => {
      const csv = aPoliceDownload([
        aPoliceRow(),
        aPoliceRow({ crime_reference: 'LP-0000002', forename: 'Bram' }),
      ]);
      const [summary] = await ingest('police-1.csv', csv);
      expect(summary).toMatchObject({ accepted: 2, rejected: 0 });
      const logged = logs.text();
      expect(logged).toContain('police download ingested');
      for (const personal of ['Example', 'Bram', '07700', 'example.org', 'LE1'])
        expect(logged).not.toContain(personal);
    });

    it('quarantines a file it cannot read at all, and does not fail the invocation', async () => {
      const csv = 'crime_reference,referred_at\r\nLP-1,23/11/2026 10:00\r\n';
      await expect(ingest('short.csv', csv)).resolves.toEqual([]);
      const [record] = await store.listQuarantine(intakeFileId('short.csv', Buffer.from(csv)));
      expect(record).toMatchObject({ row: 1, field: 'header' });
    });
  });
});
