import { describe, expect, it } from 'vitest';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

const QUESTION = 'Can you help me if I did not report what happened to the police?';
const ANSWER =
  'Yes. Our support is free and confidential, whether or not you reported it.\nYou can refer yourself on our website.';

const chromium = chromiumForTests();

describe('quick questions in Chromium', () => {
  it(
    'a visitor asks a question, a caseworker answers it, and the visitor reads the answer at their private link',
    async () => {
      const { served, page, context } = await chromium.open(TUESDAY_10AM);

      // A visitor, signed in to nothing, asks: first with nothing typed, then too many words.
      await page.goto('/quick-questions');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ask us a quick question');
      await checkAccessibility(page, 'asking a quick question');
      await screenshot(page, 'quick-question-ask');
      await page.getByRole('button', { name: 'Send your question' }).click();
      expect(await page.getByRole('alert').getByRole('link').textContent()).toBe('Enter your question');
      await page.getByLabel('Your question').fill('word '.repeat(151));
      await page.getByLabel('Email address (optional)').fill('not an address');
      await page.getByRole('button', { name: 'Send your question' }).click();
      const errors = await page.getByRole('alert').getByRole('link').allTextContents();
      expect(errors).toEqual([
        'Your question must be 150 words or fewer',
        'Enter an email address in the correct format, like name@example.org',
      ]);
      await checkAccessibility(page, 'a quick question with errors');
      await screenshot(page, 'quick-question-errors');

      await page.getByLabel('Your question').fill(QUESTION);
      await page.getByLabel('Email address (optional)').fill('sample.asker@example.org');
      await page.getByRole('button', { name: 'Send your question' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Question sent');
      const link = (await page.locator('#private-link').textContent()) ?? '';
      expect(link).toMatch(new RegExp(`^${served.url}/quick-questions/answer/[A-Za-z0-9_-]{43}$`));
      await checkAccessibility(page, 'a quick question sent');
      await screenshot(page, 'quick-question-sent');

      // Before it is answered the link shows the question and says so.
      await page.goto(link);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Your question has not been answered yet',
      );
      expect(await page.getByText(QUESTION).count()).toBe(1);
      await checkAccessibility(page, 'a quick question not yet answered');

      // A caseworker, in another browser session, answers it from the list.
      const staff = await context.browser()?.newContext({ baseURL: served.url });
      const alex = await staff?.newPage();
      if (!alex) throw new Error('no second browser page');
      await signIn(alex, 'Alex Example');
      await alex.getByRole('link', { name: 'Quick questions' }).click();
      await alex.waitForURL((url) => url.pathname === '/questions');
      expect(await alex.getByRole('cell', { name: QUESTION }).count()).toBe(1);
      await checkAccessibility(alex, 'the quick questions waiting');
      await screenshot(alex, 'quick-questions-staff-list');
      await alex.getByRole('link', { name: /^Answer/ }).click();
      await alex.getByRole('button', { name: 'Save the answer' }).click();
      expect(await alex.getByRole('alert').getByRole('link').textContent()).toBe('Enter an answer');
      await checkAccessibility(alex, 'answering a quick question with an error');
      await alex.getByLabel('Your answer').fill(ANSWER);
      await screenshot(alex, 'quick-question-staff-answer');
      await alex.getByRole('button', { name: 'Save the answer' }).click();
      await alex.waitForURL((url) => url.search === '?answered=1');
      expect(await alex.getByText('There are no questions waiting for an answer.').count()).toBe(1);
      await staff?.close();

      // The visitor reads the answer at the same link, with an invitation to refer themselves.
      await page.goto(link);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your answer');
      // biome-ignore lint/performance/useDomNodeTextContent: the text as shown, its line breaks kept by CSS.
      expect(await page.locator('#answer').innerText()).toBe(ANSWER);
      expect(await page.getByRole('link', { name: 'Refer yourself for support' }).getAttribute('href')).toBe(
        '/self-referral',
      );
      await checkAccessibility(page, 'a quick question answered');
      await screenshot(page, 'quick-question-answered');

      // A link one character out shows nothing of it.
      const wrong = `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`;
      const response = await page.goto(wrong);
      expect(response?.status()).toBe(404);
      expect(await page.getByText(QUESTION).count()).toBe(0);
      await checkAccessibility(page, 'a wrong private link');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
