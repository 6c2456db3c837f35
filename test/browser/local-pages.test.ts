import { describe, expect, it } from 'vitest';
import { aPartnerReferralBody, RECEIVED_AT } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';

// A browser test does more than most (Chromium starts, pages render, axe runs): it gets longer than the
// suite's default.
const BROWSER_TEST_TIMEOUT_MS = 120_000;

const chromium = chromiumForTests();

/** Asks until the answer is there; fails naming what never came. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the local system in Chromium', () => {
  it(
    'lists the letter sent on a referral by post in the outbox, opens it as its PDF, and both pages pass axe',
    async () => {
      const { served, context: opened, page } = await chromium.open(RECEIVED_AT);
      const { fresh, url } = served;
      const posted = await fetch(`${url}/referrals/partner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aPartnerReferralBody({ reference: 'DSA-2026-0501', contactMethod: 'post' })),
      });
      expect(posted.status).toBe(201);
      const { caseId } = (await posted.json()) as { caseId: string };
      // Received Tuesday 10:00 with post chosen: the offer of support goes as a letter at once.
      await eventually('the offer of support by letter', async () => {
        const sent = await fresh.system.messages.getMessage(caseId, 'message.support-offer.1');
        return sent?.channel === 'letter' ? sent : undefined;
      });

      // The outbox holds victims' messages: open to the people who work cases, signed in.
      await signIn(page, 'Alex Example');
      const outbox = await page.goto('/outbox');
      expect(outbox?.status()).toBe(200);
      expect(await page.title()).toBe('Outbox – Victim First (local system)');

      const letters = page.getByRole('region', { name: 'Letter' });
      const row = letters.getByRole('row').filter({ hasText: caseId });
      expect(await row.count()).toBe(1);
      expect(await row.getByRole('cell').allInnerTexts()).toEqual([
        'Tue 15 Dec 2026, 10:00',
        caseId,
        'Offer of support',
        'Sent',
        'message.support-offer.1 (PDF)',
      ]);
      await checkAccessibility(page, 'the outbox');
      await screenshot(page, 'outbox');

      const link = row.getByRole('link', { name: 'message.support-offer.1' });
      const href = await link.getAttribute('href');
      expect(href).toBe(`/outbox/${encodeURIComponent(caseId)}/message.support-offer.1`);
      const [letter] = await Promise.all([
        page.waitForResponse((response) => new URL(response.url()).pathname === href),
        link.click(),
      ]);
      expect(letter.status()).toBe(200);
      expect(letter.headers()['content-type']).toBe('application/pdf');
      await page.waitForURL((url) => url.pathname === href);
      // Chromium hands the document to its PDF viewer (the navigation's body is the viewer's page): the
      // bytes, fetched again in the same browser context, are the letter itself.
      const bytes = await (await opened.request.get(href as string)).body();
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      const home = await page.goto('/');
      expect(home?.status()).toBe(200);
      await checkAccessibility(page, 'the home page');
      await screenshot(page, 'home');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
