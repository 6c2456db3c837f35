import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_CONTACT } from '../../shared/domain/messages/index.ts';
import { lastJson, pdfText, vf } from '../support/vf-command.ts';

const SAMPLE = new URL('../../samples/police-download.csv', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'vf-simulate-'));

/** A fresh data directory under the test's own temporary folder (never the repository's .vf). */
const freshDataDir = (name: string) => join(root, name);

interface OutboxRow {
  readonly channel: 'email' | 'sms' | 'letter';
  readonly purpose: string;
  readonly caseId: string;
  readonly status: string;
  readonly file: string;
}

/** The letters' PDFs under a data directory, relative to its letters folder. */
function letterPdfs(dataDir: string): string[] {
  const dir = join(dataDir, 'letters');
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.pdf'));
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('vf simulate keeps its world in the data directory', () => {
  const dataDir = freshDataDir('acceptance');
  let simulated: Awaited<ReturnType<typeof vf>>;

  // The acceptance run, shared by the tests below (about 30 s on DynamoDB Local's files).
  beforeAll(async () => {
    simulated = await vf(dataDir, 'simulate', '--referrals', '200', '--seed', '3');
  }, 540_000);

  it('after vf simulate --referrals 200 --seed 3, vf outbox --json lists e-mails, texts and letters, and every letter is a PDF that reads correctly', async () => {
    expect(simulated.code, simulated.stderr).toBe(0);
    expect(simulated.stderr).toBe('');
    expect(simulated.stdout).toContain(`Kept in ${dataDir}: vf outbox lists its messages`);

    const outbox = await vf(dataDir, 'outbox', '--json');
    expect(outbox.code, outbox.stderr).toBe(0);
    const rows = lastJson<OutboxRow[]>(outbox.stdout);
    const channels = new Set(rows.map((row) => row.channel));
    expect([...channels].sort()).toEqual(['email', 'letter', 'sms']);
    // Every e-mail and text was reported by the simulated provider; letters have no reports.
    for (const row of rows) {
      if (row.channel === 'letter') expect(row.status).toBe('sent');
      else expect(['delivered', 'bounced', 'failed']).toContain(row.status);
    }

    const letters = rows.filter((row) => row.channel === 'letter');
    for (const letter of letters) {
      expect(letter.file.startsWith(join(dataDir, 'letters'))).toBe(true);
      const bytes = readFileSync(letter.file);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = await pdfText(bytes);
      expect(text).toContain(`Your reference: ${letter.caseId}`);
      expect(text).toContain(`Reference ${letter.caseId}`);
      expect(text).toContain(`Phone: ${SERVICE_CONTACT.phone}`);
      expect(text).toContain('call 999');
      expect(text).toContain(`Yours sincerely, ${SERVICE_CONTACT.signOff}`);
    }
  }, 120_000);

  it('leaves the virtual clock at its end and simulation.json saying how it was made, and releases the directory', () => {
    const record = JSON.parse(readFileSync(join(dataDir, 'simulation.json'), 'utf8'));
    expect(record).toMatchObject({
      options: { referrals: 200, seed: 3, start: '2026-12-21T09:00:00.000Z' },
      seed: 3,
      referrals: 200,
      simulatedFrom: '2026-12-21T09:00:00.000Z',
      simulatedUntil: expect.stringMatching(/^2027-/),
      finishedAt: expect.any(String),
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'virtual-clock.json'), 'utf8'))).toEqual({
      now: record.simulatedUntil,
    });
    expect(simulated.stdout).toContain(`vf start --virtual-clock opens it at ${record.simulatedUntil}`);
    // Nothing left running: no claim, no DynamoDB Local.
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'dynamodb-local.json'))).toBe(false);
  });

  it("replaces the previous simulation's world without asking", async () => {
    const again = await vf(dataDir, 'simulate', '--referrals', '5', '--seed', '1', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(lastJson<{ referrals: number }>(again.stdout).referrals).toBe(5);

    const rows = lastJson<OutboxRow[]>((await vf(dataDir, 'outbox', '--json')).stdout);
    expect(new Set(rows.map((row) => row.caseId)).size).toBeLessThanOrEqual(5);
    // The first run's letters are gone with it: the folder holds this run's letters only.
    expect(letterPdfs(dataDir).length).toBe(rows.filter((row) => row.channel === 'letter').length);
    expect(JSON.parse(readFileSync(join(dataDir, 'simulation.json'), 'utf8'))).toMatchObject({
      seed: 1,
      referrals: 5,
    });
  }, 540_000);
});

describe("vf simulate and a local system's own data", () => {
  it('refuses a data directory whose data no simulation made, naming --replace; --replace replaces only the local system data', async () => {
    const dataDir = freshDataDir('local-system');
    const sample = await vf(dataDir, 'ingest', 'police', SAMPLE, '--json');
    expect(sample.code, sample.stderr).toBe(0);
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');

    const refused = await vf(dataDir, 'simulate', '--referrals', '5');
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('vf simulate --replace replaces it');
    expect(refused.stderr).toContain('VF_DATA_DIR=<other dir> vf simulate keeps both');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dataDir, 'simulation.json'))).toBe(false);

    const replaced = await vf(dataDir, 'simulate', '--referrals', '5', '--replace');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'simulation.json'))).toBe(true);
    expect(readFileSync(join(dataDir, 'notes.txt'), 'utf8')).toBe('mine');
    // The sample's cases went with the data they were in: taking the sample in again finds none of them, only
    // the simulation's five at most (its downloads number crime references from LP-0000001, as the sample does).
    const ingested = await vf(dataDir, 'ingest', 'police', SAMPLE, '--json');
    const again = lastJson<{ accepted: number; duplicates: number }>(ingested.stdout);
    expect(again.accepted + again.duplicates).toBe(60);
    expect(again.duplicates).toBeLessThanOrEqual(5);
  }, 540_000);

  it('refuses while a local system is running on the data directory', async () => {
    const dataDir = freshDataDir('running');
    // This test's own process stands in for a running vf start.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      join(dataDir, 'server.json'),
      JSON.stringify({ pid: process.pid, virtualClock: false, url: 'http://127.0.0.1:1' }),
    );

    const refused = await vf(dataDir, 'simulate', '--referrals', '5');
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`pid ${process.pid}`);
    expect(refused.stderr).toContain('stop it first');
    expect(readdirSync(dataDir)).toEqual(['server.json']);
  }, 60_000);

  it('--in-memory leaves the data directory untouched', async () => {
    const dataDir = freshDataDir('in-memory');
    const result = await vf(dataDir, 'simulate', '--in-memory', '--referrals', '5', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(lastJson<{ referrals: number }>(result.stdout).referrals).toBe(5);
    expect(result.stdout).not.toContain('Kept in');
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);
});
