import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const VF = new URL('../../bin/vf.js', import.meta.url).pathname;
const SAMPLE = new URL('../../samples/police-download.csv', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'vf-cli-'));

async function vf(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [VF, ...args], {
      env: { ...process.env, VF_DATA_DIR: dataDir },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const lastJson = (stdout: string) =>
  JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;

describe('the vf command, as a new user runs it', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('dies of the signal that stopped its command, so a stopped run is never taken for a finished one', async () => {
    const launcher = spawn(
      process.execPath,
      [VF, 'simulate', '--referrals', '100000', '--seed', '1', '--in-memory'],
      {
        env: { ...process.env, VF_DATA_DIR: join(dataDir, 'stopped') },
        stdio: ['ignore', 'pipe', 'pipe'],
        // A group of its own, so that whatever the stopped command had started is stopped after it.
        detached: true,
      },
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      launcher.once('exit', (code, signal) => resolve({ code, signal })),
    );
    // While the command runs (a hundred thousand referrals take minutes), the launcher passes the signal on.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    launcher.kill('SIGTERM');

    const ended = await exited;
    try {
      process.kill(-(launcher.pid ?? 0), 'SIGKILL');
    } catch {
      // Nothing of the group was left.
    }

    expect(ended).toEqual({ code: null, signal: 'SIGTERM' });
  }, 60_000);

  it('ingests the sample, and a second run accepts nothing and reports every row as a duplicate', async () => {
    const first = await vf('ingest', 'police', SAMPLE, '--json');
    expect(first.code).toBe(0);
    expect(lastJson(first.stdout)).toEqual({
      accepted: 60,
      duplicates: 0,
      declined: 4,
      rejected: 0,
      errors: [],
    });
    const second = await vf('ingest', 'police', SAMPLE, '--json');
    expect(lastJson(second.stdout)).toEqual({
      accepted: 0,
      duplicates: 64,
      declined: 0,
      rejected: 0,
      errors: [],
    });
  }, 120_000);

  it('takes the sample police survey for the sample cases once, reporting a row for no case by number', async () => {
    const survey = new URL('../../samples/police-survey.csv', import.meta.url).pathname;
    const first = await vf('ingest', 'survey', survey, '--json');
    expect(first.code).toBe(0);
    expect(lastJson(first.stdout)).toEqual({ recorded: 20, duplicates: 0, rejected: 0, errors: [] });
    const again = join(dataDir, 'survey-again.csv');
    writeFileSync(again, `${readFileSync(survey, 'utf8')}LP-0999999,01/12/2026,Y,Y\r\n`);
    const second = await vf('ingest', 'survey', again, '--json');
    expect(lastJson(second.stdout)).toEqual({
      recorded: 0,
      duplicates: 20,
      rejected: 1,
      errors: [{ row: 22, field: 'reference', message: 'matches no case' }],
    });
    expect(second.stdout).toContain('row 22  reference  matches no case');
  }, 120_000);

  it('reports each broken row by spreadsheet row number and keeps the rest', async () => {
    const lines = readFileSync(SAMPLE, 'utf8').split('\r\n');
    // Data rows start at row 2 (index 1). Break rows 3 and 7; rename all references so they are new.
    const edited = lines.map((line, index) => (index === 0 ? line : line.replace(/^LP-/, 'LQ-')));
    edited[2] = (edited[2] ?? '').replace(/,[A-Z]{1,2}\d{1,2} \dZZ,/, ',NOT A POSTCODE,');
    edited[6] = (edited[6] ?? '').split(',').slice(0, 5).join(',');
    const broken = join(dataDir, 'broken.csv');
    writeFileSync(broken, edited.join('\r\n'));
    const result = lastJson((await vf('ingest', 'police', broken, '--json')).stdout);
    expect(result.rejected).toBe(2);
    expect(result.errors).toEqual([
      { row: 3, field: 'postcode', message: 'is not a valid UK postcode' },
      { row: 7, field: '(row)', message: 'has 5 cells, the header has 32' },
    ]);
    expect(Number(result.accepted) + Number(result.declined)).toBe(62);
  }, 120_000);

  it('prints the home visit due at midnight after the fifth working day, bank holidays skipped', async () => {
    const result = await vf(
      'deadlines',
      '--received',
      '2026-12-18T10:00:00Z',
      '--method',
      'in-person',
      '--json',
    );
    expect(lastJson(result.stdout)).toEqual({
      initialContactDue: '2026-12-19T00:00:00.000Z',
      homeVisitDue: '2026-12-30T00:00:00.000Z',
      secondHomeVisitDue: '2027-01-07T00:00:00.000Z',
    });
  });

  it('refuses an unknown contact method naming the option', async () => {
    const result = await vf(
      'deadlines',
      '--received',
      '2026-12-18T10:00:00Z',
      '--method',
      'carrier-pigeon',
      '--json',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--method must be one of home-telephone');
  });

  it('refuses to end the sessions of someone who is none of the local people, naming them', async () => {
    const result = await vf('sessions', 'end', 'nobody.at.all');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('vf: <user>: nobody.at.all is none of the local people (caseworker.one,');
  });

  it('refuses a file with a missing column before taking any row', async () => {
    const file = join(dataDir, 'short-header.csv');
    writeFileSync(file, 'crime_reference,referred_at\r\nLP-1,23/11/2026 10:00\r\n');
    const result = await vf('ingest', 'police', file, '--json');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/header: missing column victim_consent/);
  });
});
