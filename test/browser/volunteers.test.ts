import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';
import { advanceUntil } from '../support/contact-path.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 09:30 in Leicester (GMT): the police download lands as the service opens. */
const TUESDAY_MORNING = new Date('2026-12-15T09:30:00Z');

/**
 * Tuesday 2 February 2027, 10:00 (GMT): the case went into support when its contact path ended (the
 * booking's deadline, 23 December), so it has been in support for over a month.
 */
const FIVE_WEEKS_ON = new Date('2027-02-02T10:00:00Z');

/** The sample police download's row of Dev Testcase: home telephone. */
const DEV_TESTCASE = 52;

const chromium = chromiumForTests();

/**
 * Dev Testcase's police referral, received this morning; its first call reaches him and he wants further
 * support (recorded by Alex Example in the browser); the engine runs until the case waits for allocation.
 */
async function aCaseInFurtherSupport(on: ServedLocalSystem, page: Page): Promise<string> {
  const lines = readFileSync(new URL('../../samples/police-download.csv', import.meta.url), 'utf8').split(
    /\r?\n/,
  );
  const [header = ''] = lines;
  const row = (lines[DEV_TESTCASE - 1] ?? '').replace(/^([^,]+),[^,]+,/, '$1,15/12/2026 09:30,');
  const csv = `${header}\n${row}\n`;
  const file = 'police-download-2026-12-15.csv';
  const { system, clock } = on.fresh;
  const summary = await ingestRows(
    parsePoliceDownload(csv),
    { file, fileId: intakeFileId(file, csv), channel: 'police-download' },
    { store: system.store, clock, workflows: system.workflows },
  );
  expect(summary).toMatchObject({ accepted: 1, rejected: 0 });
  await advanceUntil(
    on.fresh,
    async () => (await system.tasks.listOpen({ queue: 'caseworkers' })).tasks.length > 0,
  );
  const caseId = (await system.tasks.listOpen({ queue: 'caseworkers' })).tasks[0]?.caseId;
  if (!caseId) throw new Error('no call attempt was queued for the police referral');
  await signIn(page, 'Alex Example');
  await page.goto('/tasks');
  await page.getByRole('link', { name: 'Call attempt' }).click();
  await page.getByLabel('Spoke to the victim').check();
  await page.getByLabel('Further support: book a needs assessment').check();
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);
  await advanceUntil(
    on.fresh,
    async () => (await system.owners.getOwner(caseId))?.waitingSince !== undefined,
  );
  return caseId;
}

/** The text of the page's first-level heading, trimmed. */
const headingOf = async (page: Page) => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();

/** The links of the GOV.UK error summary, as `text -> href`. */
async function errorSummaryOf(page: Page): Promise<string[]> {
  const links = await page.locator('.govuk-error-summary').getByRole('link').all();
  return Promise.all(
    links.map(async (link) => `${(await link.textContent())?.trim()} -> ${await link.getAttribute('href')}`),
  );
}

describe('volunteers in Chromium', () => {
  it(
    'a team leader assigns a volunteer, who sees that case and is refused another',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_MORNING);
      const caseId = await aCaseInFurtherSupport(on, page);
      const other = await fetch(`${on.url}/referrals/partner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aPartnerReferralBody({ reference: 'DSA-2026-3301' })),
      });
      const otherCase = ((await other.json()) as { caseId: string }).caseId;

      // 1. The same day: too soon, refused with the error summary, nothing written.
      await signIn(page, 'Jo Specimen');
      await page.goto(`/cases/${caseId}`);
      await page.getByRole('link', { name: 'Volunteers', exact: true }).click();
      expect(await headingOf(page)).toBe('Volunteers');
      await page.getByLabel('Val Volunteer').check();
      await page.getByRole('button', { name: 'Assign' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      expect(await errorSummaryOf(page)).toEqual([
        'The case has been in support for less than a month: a volunteer takes on a longer case -> #volunteer',
      ]);
      await checkAccessibility(page, 'the volunteers page refusing a case in support for less than a month');
      await screenshot(page, 'case-volunteers-too-soon');
      expect(await on.fresh.system.volunteers.forCase(caseId)).toEqual([]);

      // 2. Over a month into support (the session has timed out): assigned.
      on.fresh.clock.set(FIVE_WEEKS_ON);
      await signIn(page, 'Jo Specimen');
      await page.goto(`/cases/${caseId}/volunteers`);
      await page.getByLabel('Val Volunteer').check();
      await page.getByRole('button', { name: 'Assign' }).click();
      await page.getByText('Val Volunteer is assigned to the case.').waitFor();
      expect(
        await page.getByRole('table', { name: 'Volunteers assigned to this case' }).textContent(),
      ).toContain('Val Volunteer');
      await checkAccessibility(page, 'the volunteers page with a volunteer assigned');
      await screenshot(page, 'case-volunteers');

      // 3. The volunteer: My cases lists that case only; its overview and contacts open, a contact is logged.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, 'Val Volunteer');
      expect(new URL(page.url()).pathname).toBe('/cases/mine');
      const assigned = page.getByRole('table', { name: /Assigned cases/ });
      expect(await assigned.textContent()).toContain(caseId);
      expect(await assigned.textContent()).not.toContain(otherCase);
      expect(await page.getByRole('link', { name: 'Team queue' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Find a case' }).count()).toBe(0);
      await checkAccessibility(page, 'a volunteer’s My cases');
      await screenshot(page, 'volunteer-my-cases');
      await assigned.getByRole('link', { name: caseId }).click();
      expect(await headingOf(page)).toBe(caseId);
      expect(await page.getByRole('heading', { name: 'Risk and needs' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Timeline' }).count()).toBe(0);
      await checkAccessibility(page, 'a volunteer’s case overview');
      await screenshot(page, 'volunteer-case');
      await page.getByRole('link', { name: 'Contacts', exact: true }).first().click();
      await page.getByRole('button', { name: 'Log a contact' }).click();
      await page.getByLabel('Day', { exact: true }).fill('2');
      await page.getByLabel('Month', { exact: true }).fill('2');
      await page.getByLabel('Year', { exact: true }).fill('2027');
      await page.getByLabel('Time', { exact: true }).fill('09:15');
      await page.getByLabel('Telephone', { exact: true }).check();
      await page.getByLabel('To the victim', { exact: true }).check();
      await page.getByLabel('Emotional support', { exact: true }).check();
      await page.getByLabel('How long did it take?').fill('25');
      await page.getByRole('button', { name: 'Log the contact' }).click();
      await page.getByText('Contact logged.').first().waitFor();

      // 4. Another case: refused, and the refusal is on that case's audit.
      const refused = await page.goto(`/cases/${otherCase}`);
      expect(refused?.status()).toBe(403);
      expect(await headingOf(page)).toBe('You cannot open this page');
      expect(await page.content()).not.toContain('Example Street');
      await screenshot(page, 'volunteer-refused');
      const audit = await on.fresh.system.audit.forCase(otherCase, { limit: 50 });
      expect(audit.entries.some((e) => e.user === 'volunteer.one' && e.action === 'refused')).toBe(true);
      expect((await page.goto('/tasks'))?.status()).toBe(403);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
