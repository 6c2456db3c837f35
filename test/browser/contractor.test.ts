import { describe, expect, it } from 'vitest';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import { aPartnerReferralBody, aThReferral } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

const chromium = chromiumForTests();

/** Lets the running engine catch up (no time passes on the virtual clock) until `ready`. */
async function until(on: ServedLocalSystem, ready: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (await ready()) return;
    await on.fresh.system.engine.runDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the job never reached the awaited state');
}

/** A partner referral by telephone through the local server; its case id. */
async function aCase(on: ServedLocalSystem): Promise<string> {
  const response = await fetch(`${on.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody()),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { caseId: string }).caseId;
}

/** An emergency job phoned in by the domestic and sexual abuse service, waiting for its visit. */
async function anEmergencyJob(on: ServedLocalSystem): Promise<string> {
  const { jobs, workflows } = on.fresh.system;
  const details = ThReferralSchema.parse(aThReferral({ urgency: 'emergency' }));
  const { referral } = await jobs.recordReferral(details, TUESDAY_10AM);
  const { job } = await jobs.createJob(referral.referralNumber, 'emergency', TUESDAY_10AM);
  await workflows.startTargetHardening(job.jobId);
  await until(on, async () => (await jobs.getJob(job.jobId))?.waiting?.stage === 'visit');
  return job.jobId;
}

describe('the contractor portal in Chromium', () => {
  it(
    'a contractor sees an emergency job, records the visit with an item and a guarantee; the commissioner’s office agrees it and inspects the works',
    async () => {
      const { served: on, context, page } = await chromium.open(TUESDAY_10AM);
      const jobId = await anEmergencyJob(on);

      await signIn(page, 'Chris Fitter (Example Locks Ltd)');
      await page.waitForURL((url) => url.pathname === '/jobs');
      const row = page.getByRole('row', { name: new RegExp(jobId) });
      expect(await row.getByText('Emergency', { exact: true }).count()).toBe(1);
      expect(await row.getByText(/due in \d+ hours/).count()).toBe(1);
      await checkAccessibility(page, 'the contractor’s jobs');
      await screenshot(page, 'contractor-jobs');

      await page.getByRole('link', { name: jobId }).click();
      expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(`Job ${jobId}`);
      await checkAccessibility(page, 'an emergency job awaiting its visit');
      await screenshot(page, 'contractor-job');

      // Score 5 and one vulnerability factor: 7, level 2. The survey is left out first.
      await page.getByRole('group', { name: 'Home security score' }).getByLabel('5', { exact: true }).check();
      const first = page.getByRole('group', { name: 'Item 1' });
      await first.getByLabel('Product').fill('Door chain, British Standard');
      await first.getByLabel('Quantity').fill('1');
      await first.getByLabel('Unit cost').fill('15.00');
      await first.getByLabel('Meets the approved standard').check();
      await page.getByRole('button', { name: 'Record the visit' }).click();
      expect(await page.getByRole('alert').getByText('There is a problem').count()).toBe(1);
      await checkAccessibility(page, 'the visit form with an error');
      await screenshot(page, 'contractor-visit-error');

      await page.getByLabel('Satisfied', { exact: true }).check();
      await page.getByRole('button', { name: 'Record the visit' }).click();
      expect(
        await page
          .getByText('Visit recorded. Service level: Level 2 – advice and items the victim fits.')
          .count(),
      ).toBe(1);
      expect(
        await page.getByText('1 × Door chain, British Standard at £15.00 (approved standard)').count(),
      ).toBe(1);
      await checkAccessibility(page, 'the job once visited');
      await screenshot(page, 'contractor-job-visited');
      expect((await on.fresh.system.jobs.getJob(jobId))?.visit?.level).toBe(2);

      // A guarantee for the works, its error first.
      await page.getByRole('link', { name: 'Guarantees and requests for work outside the contract' }).click();
      await page.getByRole('button', { name: 'Record the guarantee' }).click();
      expect(await page.getByRole('alert').getByText('There is a problem').count()).toBe(1);
      await checkAccessibility(page, 'the guarantee form with an error');
      await screenshot(page, 'contractor-guarantee-error');
      await page.getByLabel('The works', { exact: true }).check();
      await page.getByLabel('What is guaranteed').fill('Fitting of the door chain');
      await page.getByLabel('How long, in months').fill('12');
      await page.getByRole('button', { name: 'Record the guarantee' }).click();
      expect(await page.getByText(/Waiting for the commissioner’s office/).count()).toBe(1);
      await screenshot(page, 'contractor-guarantees');

      // The commissioner's office (the analyst) agrees it, then chooses the job for inspection.
      await context.clearCookies();
      await signIn(page, 'Pat Placeholder');
      await page.getByRole('link', { name: 'Target hardening oversight' }).click();
      expect(await page.content()).not.toContain('Ada');
      await checkAccessibility(page, 'the oversight page');
      await screenshot(page, 'oversight');
      await page.getByRole('link', { name: `Agree or refuse for job ${jobId}` }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await page.getByRole('alert').getByText('There is a problem').count()).toBe(1);
      await checkAccessibility(page, 'the decision form with an error');
      await screenshot(page, 'oversight-decision-error');
      await page.getByLabel('Agree', { exact: true }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByLabel(new RegExp(`${jobId}: visited`)).check();
      await page.getByRole('button', { name: 'Choose for inspection' }).click();
      await page.getByRole('link', { name: `Record the finding for job ${jobId}` }).click();
      await checkAccessibility(page, 'the inspection form');
      await page.getByLabel('Satisfactory', { exact: true }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await page.getByRole('cell', { name: 'Satisfactory', exact: true }).count()).toBe(1);
      expect(await page.getByText(/Agreed by analyst\.one/).count()).toBe(1);
      await screenshot(page, 'oversight-inspected');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a contractor opening a Victim First case or the queue is refused',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_10AM);
      const caseId = await aCase(on);

      await signIn(page, 'Chris Fitter (Example Locks Ltd)');
      const refused = await page.goto(`/cases/${caseId}`);
      expect(refused?.status()).toBe(403);
      expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(
        'You cannot open this page',
      );
      expect(await page.content()).not.toContain('Ada');
      await checkAccessibility(page, 'the refusal page');
      expect((await page.goto('/tasks'))?.status()).toBe(403);
      expect(await page.getByRole('link', { name: 'Team queue' }).count()).toBe(0);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a caseworker refers the victim for target hardening from its page in the case record',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_10AM);
      const caseId = await aCase(on);

      await signIn(page, 'Alex Example');
      await page.goto(`/cases/${caseId}/support`);
      await page.getByRole('button', { name: 'Refer for target hardening' }).click();
      await page.waitForURL((url) => url.pathname === `/cases/${caseId}/target-hardening`);
      await page.getByRole('group', { name: 'How urgent is it?' }).getByLabel('Standard').check();
      await page
        .getByRole('group', { name: /other needs they see/ })
        .getByLabel('Yes')
        .check();
      await checkAccessibility(page, 'the target-hardening referral page');
      await page.getByRole('button', { name: 'Refer for target hardening' }).click();

      await page.getByText('Referred for target hardening.').first().waitFor();
      expect(await page.getByText('Referred for target hardening.').count()).toBe(1);
      const referral = await on.fresh.system.jobs.referralOfCase(caseId);
      expect(referral?.jobId).toMatch(/^TH-\d+$/);
      await checkAccessibility(page, 'the case page once referred');
      await screenshot(page, 'case-target-hardening-referred');
      await page.getByRole('link', { name: 'Timeline' }).click();
      expect(
        await page.locator('.moj-timeline').getByText('Referred for target hardening (standard)').count(),
      ).toBe(1);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
