import { describe, expect, it } from 'vitest';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

const chromium = chromiumForTests();

describe('restorative justice and mental health triage in Chromium', () => {
  it(
    'sends an RJ request for a stalking case to a team leader whose decision needs all three criteria answered',
    async () => {
      const { served, page, context } = await chromium.open(TUESDAY_10AM);
      const posted = await fetch(`${served.url}/referrals/partner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aPartnerReferralBody({ reference: 'DSA-2026-0981' })),
      });
      const { caseId } = (await posted.json()) as { caseId: string };
      const support = `/cases/${caseId}/support`;

      // The caseworker records the victim's request: accepted, admitted, shuttle mediation, Alex facilitating.
      await signIn(page, 'Alex Example');
      await page.goto(support);
      await page.getByRole('button', { name: 'Record the restorative justice offer' }).click();
      await page.waitForURL((url) => url.pathname === `/cases/${caseId}/restorative-justice`);
      await checkAccessibility(page, 'the restorative justice offer page');
      await screenshot(page, 'rj-offer');
      await page.getByLabel('Accepted').check();
      await page
        .getByRole('group', { name: 'Did the victim ask for restorative justice?' })
        .getByLabel('Yes')
        .check();
      await page
        .getByRole('group', { name: 'Has the offender admitted the offence?' })
        .getByLabel('Yes')
        .check();
      await page.getByLabel('Shuttle mediation').check();
      await page.getByLabel('Alex Example').check();
      await page.getByRole('button', { name: 'Record the offer' }).click();
      await page.waitForURL((url) => url.search === '?saved=rj');
      expect(await page.getByText("Awaiting a team leader's exception decision").count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Record a restorative justice stage' }).count()).toBe(0);

      // The team leader finds it in their queue; the task leads to the decision page.
      const leader = await context.browser()?.newContext({ baseURL: served.url });
      const jo = await leader?.newPage();
      if (!jo) throw new Error('no second browser page');
      await signIn(jo, 'Jo Specimen');
      await jo.goto('/tasks?queue=team-leaders');
      await jo.getByRole('link', { name: 'Restorative justice exception decision' }).click();
      await jo
        .getByRole('link', { name: 'Decide on restorative justice against the three criteria' })
        .click();
      await jo.waitForURL((url) => url.pathname === `/cases/${caseId}/restorative-justice-decision`);
      await checkAccessibility(jo, 'the restorative justice decision page');
      await screenshot(jo, 'rj-exception-decision');

      // Two criteria answered: the third is named in the error summary, and nothing is decided.
      await jo
        .getByRole('group', { name: 'Is there a clear benefit to the victim?' })
        .getByLabel('Yes')
        .check();
      await jo.locator('#clear-benefit-reason').fill('The victim wants to be heard');
      await jo
        .getByRole('group', { name: 'Is there no risk of harm to any participant?' })
        .getByLabel('Yes')
        .check();
      await jo.locator('#no-harm-reason').fill('Shuttle mediation: they never meet');
      await jo.getByRole('button', { name: 'Record the decision' }).click();
      const summary = jo.getByRole('alert');
      await summary.waitFor();
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Say whether there is an experienced facilitator',
        'Give the reason for your answer on an experienced facilitator',
      ]);
      expect(await jo.locator('#clear-benefit-reason').inputValue()).toBe('The victim wants to be heard');
      await checkAccessibility(jo, 'the restorative justice decision page with an error');
      await screenshot(jo, 'rj-exception-decision-error');

      await jo
        .getByRole('group', { name: 'Is the facilitator experienced enough for this case?' })
        .getByLabel('Yes')
        .check();
      await jo.locator('#experienced-facilitator-reason').fill('Alex has facilitated stalking cases before');
      await jo.getByRole('button', { name: 'Record the decision' }).click();
      await jo.waitForURL((url) => url.search === '?saved=rj-decision');
      expect(await jo.getByText('Approved as an exception by team.leader').count()).toBe(1);
      await jo.goto('/tasks?queue=team-leaders');
      expect(await jo.getByRole('link', { name: 'Restorative justice exception decision' }).count()).toBe(0);
      await leader?.close();

      // Approved, the caseworker records the first stage, then refers the victim to the mental health nurses.
      await page.goto(support);
      await page.getByRole('button', { name: 'Record a restorative justice stage' }).click();
      await checkAccessibility(page, 'the restorative justice stage page');
      await screenshot(page, 'rj-stage');
      await page.getByLabel('Preparation').check();
      await page.getByRole('button', { name: 'Record the stage' }).click();
      await page.waitForURL((url) => url.search === '?saved=rj-stage');

      await page.getByRole('button', { name: 'Refer to the mental health nurses' }).click();
      await page.getByLabel('Signs of trauma').check();
      await page.getByLabel('Routine').check();
      await page.getByRole('button', { name: 'Record the referral' }).click();
      await page.waitForURL((url) => url.search === '?saved=mh-triage');
      await page.getByRole('link', { name: 'Record the triage outcome' }).click();
      await checkAccessibility(page, 'the mental health triage outcome page');
      await screenshot(page, 'mh-triage-outcome');
      await page.getByLabel('Seen and supported by the nurse').check();
      await page.getByRole('button', { name: 'Record the outcome' }).click();
      await page.waitForURL((url) => url.search === '?saved=mh-triage-outcome');
      await screenshot(page, 'rj-and-triage-on-support');
      expect(
        await page.getByText('Seen and supported by the nurse (recorded by caseworker.one)').count(),
      ).toBe(1);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
