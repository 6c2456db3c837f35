import { describe, expect, it } from 'vitest';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): Q2 of 2026/27 has ended. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

const chromium = chromiumForTests();

describe('the quarterly returns in Chromium', () => {
  it(
    'an analyst signs in to the stored returns, and opens the HTML return',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_10AM);
      await on.fresh.system.invoke('produceQuarterlyReturn', { quarter: '2026/27-Q2' });
      await on.fresh.system.invoke('produceQuarterlyReturn', { quarter: '2026/27-Q1' });

      await signIn(page, 'Pat Placeholder');
      await page.waitForURL((url) => url.pathname === '/returns');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Quarterly returns');
      const rows = page.getByRole('table').getByRole('row');
      expect(await rows.nth(1).getByRole('rowheader').textContent()).toBe('2026/27-Q2');
      expect(await rows.nth(2).getByRole('rowheader').textContent()).toBe('2026/27-Q1');
      for (const format of ['CSV', 'HTML', 'PDF', 'JSON'])
        expect(await page.getByRole('link', { name: `${format} of the 2026/27-Q2 return` }).count()).toBe(1);
      // Both are past their due dates (31 July, 31 October) and not marked: the alert says so.
      const alert = page.getByRole('region', { name: 'Returns due' });
      expect(await alert.textContent()).toContain('The 2026/27-Q2 return was due by 31 October 2026');
      await checkAccessibility(page, 'the quarterly returns');
      await screenshot(page, 'returns');

      await page.getByRole('button', { name: 'Mark as submitted the 2026/27-Q2 return' }).click();
      await page.waitForURL((url) => url.pathname === '/returns' && url.search === '?submitted=2026-27-Q2');
      expect(await page.getByText('The 2026/27-Q2 return is marked as submitted.').count()).toBe(1);
      expect(await alert.textContent()).not.toContain('2026/27-Q2');
      expect(await rows.nth(1).textContent()).toContain('Submitted late');
      await checkAccessibility(page, 'the quarterly returns, one submitted');
      await screenshot(page, 'returns-submitted');

      await page.getByRole('link', { name: 'November 2026' }).click();
      await page.waitForURL((url) => url.pathname === '/returns/monthly/2026-11');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Monthly catch-up: November 2026',
      );
      await checkAccessibility(page, 'the monthly catch-up summary');
      await screenshot(page, 'monthly-summary');
      await page.getByRole('link', { name: 'Back to the quarterly returns' }).click();
      await page.waitForURL((url) => url.pathname === '/returns');

      await page.getByRole('link', { name: 'HTML of the 2026/27-Q2 return' }).click();
      await page.waitForURL((url) => url.pathname === '/returns/2026-27-Q2.html');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('2026/27');
      expect(await page.getByText('1 July to 30 September 2026').count()).toBeGreaterThan(0);
      await checkAccessibility(page, 'the HTML return');
      await screenshot(page, 'return-html');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
