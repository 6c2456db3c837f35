import { describe, expect, it } from 'vitest';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

const chromium = chromiumForTests();

/** Each action's page, as the assessment and plan links it: the button that opens it and its path. */
const PAGES = [
  {
    button: 'Record the restorative justice offer',
    heading: 'Restorative justice offer',
    path: 'restorative-justice',
    submit: 'Record the offer',
  },
  {
    button: 'Refer to the mental health nurses',
    heading: 'Refer to the mental health nurses',
    path: 'mental-health-triage',
    submit: 'Record the referral',
  },
  {
    button: 'Refer for target hardening',
    heading: 'Refer for target hardening',
    path: 'target-hardening',
    submit: 'Refer for target hardening',
  },
  {
    button: 'Refer to another service',
    heading: 'Refer to another service',
    path: 'onward-referral',
    submit: 'Record the referral',
  },
  {
    button: 'Record a hardship payment',
    heading: 'Record a hardship payment',
    path: 'hardship',
    submit: 'Record a payment',
  },
] as const;

describe('the case actions in Chromium, each on a page of its own', () => {
  it(
    'opens each action from the assessment and plan, accessible as drawn and with its error summary, and comes back',
    async () => {
      const { served, page } = await chromium.open(TUESDAY_10AM);
      const posted = await fetch(`${served.url}/referrals/partner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aPartnerReferralBody()),
      });
      const { caseId } = (await posted.json()) as { caseId: string };
      const support = `/cases/${caseId}/support`;

      await signIn(page, 'Alex Example');
      await page.goto(support);
      await screenshot(page, 'case-action-links');
      for (const { button, heading, path, submit } of PAGES) {
        await page.goto(support);
        await page.getByRole('button', { name: button }).click();
        await page.waitForURL((url) => url.pathname === `/cases/${caseId}/${path}`);
        expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(caseId);
        expect(await page.getByRole('heading', { level: 2, name: heading }).count()).toBe(1);
        await checkAccessibility(page, `the ${path} page`);
        await screenshot(page, `case-action-${path}`);

        // Sent with nothing chosen: the same page again, its error summary linking to the field.
        await page.getByRole('button', { name: submit }).click();
        await page.getByRole('alert').waitFor();
        expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}/${path}`);
        expect(await page.getByRole('heading', { level: 2, name: heading }).count()).toBe(1);
        expect(await page.getByRole('alert').getByRole('link').count()).toBeGreaterThan(0);
        await checkAccessibility(page, `the ${path} page with an error`);
        await screenshot(page, `case-action-${path}-error`);

        await page.getByRole('link', { name: 'Back to assessment and plan' }).click();
        await page.waitForURL((url) => url.pathname === support);
      }

      // The offer for stalking and a team leader's decision on it: test/browser/restorative-justice.test.ts.
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
