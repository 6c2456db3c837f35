import { describe, expect, it } from 'vitest';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

const chromium = chromiumForTests();

describe('the agency list in Chromium', () => {
  it(
    'an administrator adds an agency, is shown a taken name in the error summary, and a caseworker chooses it',
    async () => {
      const { served, page, context } = await chromium.open(TUESDAY_10AM);
      const posted = await fetch(`${served.url}/referrals/partner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aPartnerReferralBody()),
      });
      const { caseId } = (await posted.json()) as { caseId: string };

      await signIn(page, 'Robin Admin');
      await page.waitForURL((url) => url.pathname === '/agencies');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Onward-referral agencies');
      await checkAccessibility(page, 'the agency list');
      await screenshot(page, 'agencies');

      await page.getByLabel('Agency name').fill('Turning Point');
      await page.getByRole('button', { name: 'Add the agency' }).click();
      const summary = page.getByRole('alert');
      expect(await summary.getByRole('link').textContent()).toContain(
        'An agency called Turning Point is on the list already',
      );
      await checkAccessibility(page, 'the agency list with an error');
      await screenshot(page, 'agencies-error');

      await page.getByLabel('Agency name').fill('Example Advocacy Service');
      await page.getByRole('button', { name: 'Add the agency' }).click();
      await page.waitForURL((url) => url.search === '?saved=added');
      expect(await page.getByRole('rowheader', { name: 'Example Advocacy Service' }).count()).toBe(1);

      await page.getByRole('link', { name: 'Rename Samaritans' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Rename Samaritans');
      await checkAccessibility(page, 'renaming an agency');
      await screenshot(page, 'agency-rename');

      // A caseworker, in another browser session, chooses it on the case's onward-referral page.
      const caseworker = await context.browser()?.newContext({ baseURL: served.url });
      const alex = await caseworker?.newPage();
      if (!alex) throw new Error('no second browser page');
      await signIn(alex, 'Alex Example');
      await alex.goto(`/cases/${caseId}/support`);
      await alex.getByRole('button', { name: 'Refer to another service' }).click();
      await alex.waitForURL((url) => url.pathname === `/cases/${caseId}/onward-referral`);
      await alex.getByLabel('Service referred to').selectOption({ label: 'Example Advocacy Service' });
      await alex.getByRole('button', { name: 'Record the referral' }).click();
      await alex.waitForURL((url) => url.search === '?saved=onward');
      expect(await alex.getByText('Referred to Example Advocacy Service').count()).toBe(1);
      await checkAccessibility(alex, 'the case page with an onward referral');
      await screenshot(alex, 'case-onward-referral');
      await caseworker?.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
