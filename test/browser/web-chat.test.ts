import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  checkAccessibility,
  chromiumForTests,
  isKnownGovukConditional,
  screenshot,
  signIn,
} from '../support/browser.ts';
import { untilTaskOpen } from '../support/contact-path.ts';

const BROWSER_TEST_TIMEOUT_MS = 300_000;

/** Tuesday 15 December 2026, 10:00 in Leicester; the victim books a web chat for Wednesday at 14:00. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const SLOT = new Date('2026-12-16T14:00:00Z');

const chromium = chromiumForTests();

const headingOf = async (page: Page) =>
  (await page.getByRole('heading', { level: 1 }).first().textContent())?.trim();
const next = (page: Page) => page.getByRole('button', { name: 'Continue' }).click();

/** A public page passes axe with no violation of any impact (but GOV.UK's one known issue), and is kept as a screenshot. */
async function checkPublicPage(page: Page, name: string): Promise<void> {
  const { violations } = await checkAccessibility(page, name);
  const found = violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((node) => !isKnownGovukConditional(v.id, node)) }))
    .filter((v) => v.nodes.length > 0);
  expect(
    found.map((v) => `${v.id}: ${v.help}`),
    `axe on ${name}`,
  ).toEqual([]);
  await screenshot(page, name);
}

/** A staff page passes the project's axe check and is kept as a screenshot. */
async function checkStaffPage(page: Page, name: string): Promise<void> {
  await checkAccessibility(page, name);
  await screenshot(page, name);
}

/** The victim answers every page of the public self-referral form, booking the chat on Wednesday at 2pm. */
async function selfReferWithAChat(page: Page): Promise<string> {
  await page.goto('/self-referral');
  await checkPublicPage(page, 'web-chat-referral-start');
  await page.getByRole('button', { name: 'Start now' }).click();
  const steps: [string, (page: Page) => Promise<void>][] = [
    [
      'name',
      async (p) => {
        await p.getByLabel('First name').fill('Ada');
        await p.getByLabel('Last name').fill('Example');
      },
    ],
    ['date-of-birth', async () => undefined],
    [
      'contact',
      async (p) => {
        await p.getByLabel('Text message').check();
        await p.getByLabel('Mobile number for texts').fill('07700 900123');
      },
    ],
    ['contact-times', (p) => p.getByLabel('Afternoon (12 noon to 5pm)').check()],
    ['safe-contact', (p) => p.getByLabel('Do not leave a voicemail').check()],
    ['communication-needs', (p) => p.getByLabel('No, none of these').check()],
    ['what-happened', (p) => p.getByLabel('What happened? (optional)').fill('Someone broke into my shed.')],
    ['crime-type', (p) => p.getByLabel('Damage to my home, car or belongings').check()],
    ['area', (p) => p.getByLabel('Blaby').check()],
    ['web-chat', (p) => p.getByLabel('Yes, book a web chat').check()],
    ['web-chat-day', (p) => p.getByLabel('Wednesday 16 December').check()],
    ['web-chat-time', (p) => p.getByLabel('2:00pm', { exact: true }).check()],
    ['consent', (p) => p.getByLabel('I agree to Victim First keeping my details and contacting me').check()],
  ];
  for (const [slug, answer] of steps) {
    await page.waitForURL((url) => url.pathname === `/self-referral/${slug}`);
    await checkPublicPage(page, `web-chat-referral-${slug}`);
    await answer(page);
    await next(page);
  }
  await page.waitForURL((url) => url.pathname === '/self-referral/check-answers');
  expect(await page.getByText('Wednesday 16 December at 2:00pm').count()).toBe(1);
  await checkPublicPage(page, 'web-chat-referral-check-answers');
  await page.getByRole('button', { name: 'Send my referral' }).click();
  await page.waitForURL((url) => url.pathname === '/self-referral/confirmation');
  expect(
    await page.getByText('Your secure web chat is booked for Wednesday 16 December at 2:00pm').count(),
  ).toBe(1);
  await checkPublicPage(page, 'web-chat-referral-confirmation');
  return (await page.locator('.govuk-panel__body strong').textContent())?.trim() ?? '';
}

describe('a booked web chat in Chromium', () => {
  it(
    'a victim self-refers on the public form booking a chat, gets the link in the outbox, opens it at the slot and chats with the caseworker whose task appeared; the transcript is on the case',
    async () => {
      const { served, context, page: victim } = await chromium.open(TUESDAY_10AM);
      // 1. The victim refers themselves on the public form, every page, and books a chat.
      const caseId = await selfReferWithAChat(victim);
      expect(caseId).toMatch(/^VF-/);

      // 2. The confirmation, in the outbox: a text with the one-time link.
      const staffContext = await context.browser()?.newContext({ baseURL: served.url });
      if (!staffContext) throw new Error('no browser for the caseworker');
      try {
        const page = await staffContext.newPage();
        await signIn(page, 'Alex Example');
        const confirmation = `/outbox/${caseId}/message.web-chat-booking-confirmation.1`;
        for (let tries = 0; tries < 50 && (await page.goto(confirmation))?.status() !== 200; tries++)
          await served.fresh.system.engine.runDue();
        const text = (await page.locator('body').textContent()) ?? '';
        expect(text).toContain(
          'your web chat with Victim First is booked for Wednesday 16 December 2026 at 2pm',
        );
        await checkStaffPage(page, 'web-chat-outbox-confirmation');
        const link = /\/chat\/[A-Za-z0-9_-]{43}/.exec(text)?.[0] as string;
        expect(link).toBeDefined();

        // 3. At the slot on the virtual clock, the caseworkers' task appears.
        await untilTaskOpen(served.fresh, caseId, 'web-chat');
        expect(served.fresh.clock.now()).toEqual(SLOT);

        // 4. The victim opens the link in the browser they referred themselves in and says hello.
        await victim.goto(link);
        expect(await headingOf(victim)).toBe('Web chat with Victim First');
        await victim.getByRole('button', { name: 'Send' }).click();
        expect(await victim.locator('.govuk-error-summary').textContent()).toContain('Enter a message');
        await checkPublicPage(victim, 'web-chat-victim-error');
        await victim.getByLabel('Your message').fill('Hello, I booked this chat about my shed.');
        await victim.getByRole('button', { name: 'Send' }).click();
        await victim.getByText('Hello, I booked this chat about my shed.').waitFor();

        // 5. The caseworker (signed out by the day that passed) takes the task, opens the chat and replies.
        await signIn(page, 'Alex Example');
        await page.goto('/tasks');
        await checkStaffPage(page, 'web-chat-tasks');
        await page.getByRole('link', { name: 'Web chat' }).first().click();
        expect(await headingOf(page)).toContain('Web chat');
        await checkStaffPage(page, 'web-chat-task');
        await page.getByRole('link', { name: 'Open the chat' }).click();
        await page.getByText('Hello, I booked this chat about my shed.').waitFor();
        await page
          .getByLabel('Your message')
          .fill('Hello, I am Alex from Victim First. How are you feeling?');
        await page.getByRole('button', { name: 'Send' }).click();
        await checkStaffPage(page, 'web-chat-caseworker');

        // 6. The victim checks for new messages and sees the reply.
        await victim.getByRole('link', { name: 'Check for new messages' }).click();
        await victim.getByText('How are you feeling?').waitFor();
        await checkPublicPage(victim, 'web-chat-victim');

        // 7. The caseworker ends the chat with the support given; the victim's page says it has ended.
        await page.getByLabel('Emotional support').check();
        await page.getByRole('button', { name: 'End the chat' }).click();
        await page.getByText(/^Ended /).waitFor();
        expect(await page.getByText('Hello, I booked this chat about my shed.').count()).toBe(1);
        await checkStaffPage(page, 'web-chat-transcript');
        await victim.reload();
        expect(await headingOf(victim)).toBe('This web chat has ended');
        await checkPublicPage(victim, 'web-chat-ended');

        // 8. The link opens nothing in any other browser.
        const stranger = await staffContext.browser()?.newContext({ baseURL: served.url });
        const strangerPage = await stranger?.newPage();
        await strangerPage?.goto(link);
        expect(strangerPage && (await headingOf(strangerPage))).toBe('This web chat link does not work');
        if (strangerPage) await checkPublicPage(strangerPage, 'web-chat-link-does-not-work');
        await stranger?.close();

        // 9. The task is recorded, and the chat is on the case as a web chat contact with its transcript.
        await page.goto('/tasks');
        await page.getByRole('link', { name: 'Web chat' }).first().click();
        await page.getByLabel('Chat held').check();
        await page.getByRole('button', { name: 'Record outcome' }).click();
        await page.goto(`/cases/${caseId}/contacts`);
        expect(await page.locator('main').textContent()).toContain('web chat');
        await checkStaffPage(page, 'web-chat-contact');
        await page.goto(`/cases/${caseId}/web-chat`);
        expect(await page.getByText('Hello, I booked this chat about my shed.').count()).toBe(1);
        expect(await page.getByText('How are you feeling?').count()).toBe(1);
      } finally {
        await staffContext.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
  it(
    'a visitor with no case chats now in service hours with the call-taker on the rota, and is offered the self-referral at the end',
    async () => {
      const { served, context, page: visitor } = await chromium.open(TUESDAY_10AM);
      await visitor.goto('/self-referral');
      await visitor.getByRole('link', { name: 'chat now' }).click();
      expect(await headingOf(visitor)).toBe('Chat now');
      await checkPublicPage(visitor, 'open-chat-start');
      await visitor.getByRole('button', { name: 'Start a chat' }).click();
      await visitor.getByLabel('Your message').fill('Hello, my bike was stolen from outside work.');
      await visitor.getByRole('button', { name: 'Send' }).click();
      await visitor.getByText('Hello, my bike was stolen from outside work.').waitFor();
      await checkPublicPage(visitor, 'open-chat-visitor');

      const staffContext = await context.browser()?.newContext({ baseURL: served.url });
      if (!staffContext) throw new Error('no browser for the call-taker');
      try {
        const page = await staffContext.newPage();
        await signIn(page, 'Alex Example');
        await page.goto('/open-chats');
        await checkStaffPage(page, 'open-chats');
        await page.getByRole('link', { name: 'Open chat 1' }).click();
        await page.getByText('Hello, my bike was stolen from outside work.').waitFor();
        await page.getByLabel('Your message').fill('I am sorry to hear that. We can support you.');
        await page.getByRole('button', { name: 'Send' }).click();
        await checkStaffPage(page, 'open-chat-call-taker');
        await visitor.getByRole('link', { name: 'Check for new messages' }).click();
        await visitor.getByText('We can support you.').waitFor();
        await page.getByRole('button', { name: 'End the chat' }).click();
        await page.getByText(/^Ended /).waitFor();
      } finally {
        await staffContext.close();
      }
      // A team leader changes who takes the chats on the call-taking rota, linked from "Open chats".
      const leaderContext = await context.browser()?.newContext({ baseURL: served.url });
      if (!leaderContext) throw new Error('no browser for the team leader');
      try {
        const page = await leaderContext.newPage();
        await signIn(page, 'Jo Specimen');
        await page.goto('/open-chats');
        await page.getByRole('link', { name: 'Call-taking rota' }).click();
        await page.getByLabel('Wednesday').selectOption({ label: 'Sam Sample' });
        await page.getByRole('button', { name: 'Save the weekly pattern' }).click();
        await page.getByText('Weekly pattern saved.').waitFor();
        expect(await page.getByRole('row', { name: /Wednesday 16 December 2026/ }).textContent()).toContain(
          'Sam Sample',
        );
        await checkStaffPage(page, 'open-chat-rota');
      } finally {
        await leaderContext.close();
      }
      await visitor.reload();
      expect(await headingOf(visitor)).toBe('This web chat has ended');
      await checkPublicPage(visitor, 'open-chat-ended');
      await visitor.getByRole('link', { name: 'Refer yourself for support' }).click();
      expect(await headingOf(visitor)).toBe('Ask Victim First for support');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
