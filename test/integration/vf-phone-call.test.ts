import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_LINE_NOTE } from '../../functions/contact/record-phone-call/record-phone-call.ts';
import { victimLinePrompts } from '../../functions/contact/victim-phone-line/flow.ts';
import { openLocalSystem } from '../../local/system/local-system.ts';
import { caseIdFor } from '../../shared/domain/case.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { lastJson, vf } from '../support/vf-command.ts';

// `vf phone call` as a person runs it, on the local system a police download made: Ada Sample (LP-0000036 in
// the sample, mobile 07700 900036) is a known victim; her case is allocated to Alex Example (caseworker.one).

const SAMPLE = new URL('../../samples/police-download.csv', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'vf-phone-'));
const ADA = caseIdFor('police', 'LP-0000036');
const FROM = ['--from', '07700 900036'];

interface CallSummary {
  readonly heard: string[];
  readonly caseId: string | null;
  readonly takenBy: string | null;
  readonly logged: boolean;
}

/** The local system of the test's data directory, opened in this process between commands. */
async function onTheLocalSystem<T>(
  work: (system: Awaited<ReturnType<typeof openLocalSystem>>) => Promise<T>,
) {
  const system = await openLocalSystem({ dataDir, definitions: definitionsOnce() });
  try {
    return await work(system);
  } finally {
    await system.close();
  }
}

/** The case's Contacts page as a signed-in caseworker sees it. */
async function contactsPageOf(user: string, caseId: string): Promise<string> {
  return onTheLocalSystem(async (system) => {
    const signIn = await system.web.fetch(
      new Request('http://localhost/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user }).toString(),
      }),
    );
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = await system.web.fetch(
      new Request(`http://localhost/cases/${caseId}/contacts`, { headers: { cookie } }),
    );
    expect(page.status).toBe(200);
    return (await page.text()).replace(/\s+/g, ' ');
  });
}

beforeAll(async () => {
  const ingested = await vf(dataDir, 'ingest', 'police', SAMPLE);
  expect(ingested.code, ingested.stderr).toBe(0);
  await onTheLocalSystem((system) =>
    system.owners.allocate({
      caseId: ADA,
      n: 1,
      to: 'caseworker.one',
      by: 'team.leader',
      at: new Date('2026-12-01T11:00:00Z'),
      suggested: true,
    }),
  );
}, 600_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('vf phone call, the 0800 line on the local system', () => {
  it('out of hours and on a bank holiday gives the out-of-hours message and logs nothing', async () => {
    for (const at of ['2026-12-13T11:00:00Z', '2026-12-25T10:00:00Z']) {
      const call = await vf(dataDir, 'phone', 'call', ...FROM, '--at', at, '--json');
      expect(call.code, call.stderr).toBe(0);
      expect(call.stdout).toContain(`Caller hears: "${victimLinePrompts().outOfHours}"`);
      expect(lastJson<CallSummary>(call.stdout)).toMatchObject({
        caseId: null,
        takenBy: null,
        logged: false,
      });
    }
  }, 120_000);

  it('in hours routes a known victim to her caseworker and logs the call on her case, shown on its Contacts page', async () => {
    const call = await vf(
      dataDir,
      'phone',
      'call',
      ...FROM,
      '--at',
      '2026-12-15T10:00:00Z',
      '--minutes',
      '7',
      '--json',
    );

    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toContain(`Routed to Alex Example (caseworker.one), the caseworker of case ${ADA}.`);
    expect(lastJson<CallSummary>(call.stdout)).toMatchObject({
      caseId: ADA,
      takenBy: 'caseworker.one',
      logged: true,
    });

    const page = await contactsPageOf('caseworker.one', ADA);
    expect(page).toContain('1 contact, 7 minutes in all.');
    expect(page).toContain('Tue 15 Dec 2026, 10:00: telephone');
    expect(page).toContain('From the victim');
    expect(page).toContain(PHONE_LINE_NOTE);
  }, 180_000);

  it('with the caseworker away, the call-takers take the call with the case, and it is logged too', async () => {
    const call = await vf(
      dataDir,
      'phone',
      'call',
      ...FROM,
      '--at',
      '2026-12-16T18:30:00Z',
      '--caseworker-away',
      '--json',
    );

    expect(call.code, call.stderr).toBe(0);
    expect(call.stdout).toContain(`Routed to the call-takers' queue with case ${ADA} on screen`);
    expect(lastJson<CallSummary>(call.stdout)).toMatchObject({
      caseId: ADA,
      takenBy: 'caseworker.three',
      logged: true,
    });
    expect(await contactsPageOf('caseworker.one', ADA)).toContain('2 contacts');
  }, 180_000);

  it('refuses a number that is not one, naming the option', async () => {
    const call = await vf(dataDir, 'phone', 'call', '--from', 'not a number');
    expect(call.code).toBe(2);
    expect(call.stderr).toContain('--from');
  });
});
