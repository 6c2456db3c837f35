import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { aSelfReferralBody } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';
import { untilTaskOpen } from '../support/contact-path.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 10:00 in Leicester; the victim books a web chat for Wednesday at 14:00. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const SLOT = new Date('2026-12-16T14:00:00Z');

const chromium = chromiumForTests();

const headingOf = async (page: Page) => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();

describe('a booked web chat in Chromium', () => {
  it(
    'a self-referrer books a chat, gets the link in the outbox, opens it at the slot and chats with the caseworker whose task appeared; the transcript is on the case',
    async () => {
      const { served, context, page } = await chromium.open(TUESDAY_10AM);
      // The self-referral with a slot, through the intake API the public form posts to.
      const referred = await fetch(`${served.url}/referrals/self`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aSelfReferralBody({ webChatSlot: SLOT.toISOString() })),
      });
      expect(referred.status).toBe(201);
      const { caseId } = (await referred.json()) as { caseId: string };

      // 1. The confirmation, in the outbox: a text with the one-time link.
      await signIn(page, 'Alex Example');
      const confirmation = `/outbox/${caseId}/message.web-chat-booking-confirmation.1`;
      for (let tries = 0; tries < 50 && (await page.goto(confirmation))?.status() !== 200; tries++)
        await served.fresh.system.engine.runDue();
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain(
        'your web chat with Victim First is booked for Wednesday 16 December 2026 at 2pm',
      );
      const link = /\/chat\/[A-Za-z0-9_-]{43}/.exec(text)?.[0] as string;
      expect(link).toBeDefined();

      // 2. At the slot on the virtual clock, the caseworkers' task appears.
      await untilTaskOpen(served.fresh, caseId, 'web-chat');
      expect(served.fresh.clock.now()).toEqual(SLOT);

      // 3. The victim opens the link in a browser of their own (no staff session) and says hello.
      const victimContext = await context.browser()?.newContext({ baseURL: served.url });
      if (!victimContext) throw new Error('no browser for the victim');
      try {
        const victim = await victimContext.newPage();
        await victim.goto(link);
        expect(await headingOf(victim)).toBe('Web chat with Victim First');
        await victim.getByRole('button', { name: 'Send' }).click();
        expect(await victim.locator('.govuk-error-summary').textContent()).toContain('Enter a message');
        await checkAccessibility(victim, 'the victim’s chat page with an error');
        await victim.getByLabel('Your message').fill('Hello, I booked this chat about my shed.');
        await victim.getByRole('button', { name: 'Send' }).click();
        await victim.getByText('Hello, I booked this chat about my shed.').waitFor();

        // 4. The caseworker (signed out by the day that passed) takes the task, opens the chat and replies.
        await signIn(page, 'Alex Example');
        await page.goto('/tasks');
        await page.getByRole('link', { name: 'Web chat' }).first().click();
        expect(await headingOf(page)).toContain('Web chat');
        await page.getByRole('link', { name: 'Open the chat' }).click();
        await page.getByText('Hello, I booked this chat about my shed.').waitFor();
        await page
          .getByLabel('Your message')
          .fill('Hello, I am Alex from Victim First. How are you feeling?');
        await page.getByRole('button', { name: 'Send' }).click();
        await checkAccessibility(page, 'the caseworker’s chat page');
        await screenshot(page, 'web-chat-caseworker');

        // 5. The victim checks for new messages and sees the reply.
        await victim.getByRole('link', { name: 'Check for new messages' }).click();
        await victim.getByText('How are you feeling?').waitFor();
        await checkAccessibility(victim, 'the victim’s chat page');
        await screenshot(victim, 'web-chat-victim');

        // 6. The caseworker ends the chat with the support given; the victim's page says it has ended.
        await page.getByLabel('Emotional support').check();
        await page.getByRole('button', { name: 'End the chat' }).click();
        await page.getByText(/^Ended /).waitFor();
        expect(await page.getByText('Hello, I booked this chat about my shed.').count()).toBe(1);
        await screenshot(page, 'web-chat-transcript');
        await victim.reload();
        expect(await headingOf(victim)).toBe('This web chat has ended');
        await checkAccessibility(victim, 'the ended chat page');
        await screenshot(victim, 'web-chat-ended');

        // 7. The link opens nothing in any other browser.
        const stranger = await victimContext.browser()?.newContext({ baseURL: served.url });
        const strangerPage = await stranger?.newPage();
        await strangerPage?.goto(link);
        expect(strangerPage && (await headingOf(strangerPage))).toBe('This web chat link does not work');
        if (strangerPage) await checkAccessibility(strangerPage, 'the link that does not work');
        await stranger?.close();
      } finally {
        await victimContext.close();
      }

      // 8. The task is recorded, and the chat is on the case as a web chat contact.
      await page.goto('/tasks');
      await page.getByRole('link', { name: 'Web chat' }).first().click();
      await page.getByLabel('Chat held').check();
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.goto(`/cases/${caseId}/contacts`);
      expect(await page.locator('main').textContent()).toContain('web chat');
      await screenshot(page, 'web-chat-contact');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
