import { describe, expect, it } from 'vitest';
import { aPartnerReferralBody, aPartnerVictim } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Thursday 10 December 2026, 09:00 in Leicester (GMT): three young people are referred. */
const RECEIVED = new Date('2026-12-10T09:00:00Z');
/** Monday 14 December 2026, 10:00: Saturday's group session is recorded. */
const MONDAY_10AM = new Date('2026-12-14T10:00:00Z');
/** Monday 4 January 2027, 10:00: 2026/27-Q3 has ended, and its return is produced. */
const AFTER_Q3 = new Date('2027-01-04T10:00:00Z');

const chromium = chromiumForTests();

describe('children and young people in Chromium', () => {
  it(
    'a caseworker records a group session with three young people, and the quarter’s return counts it',
    async () => {
      const { served: on, page, context } = await chromium.open(RECEIVED);
      const young: string[] = [];
      for (const [n, forename, dateOfBirth] of [
        ['0201', 'Rowan', '2011-03-04'],
        ['0202', 'Kai', '2010-06-30'],
        ['0203', 'Jude', '2009-12-20'],
      ] as const) {
        const response = await fetch(`${on.url}/referrals/partner`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            aPartnerReferralBody({
              reference: `DSA-2026-${n}`,
              victim: aPartnerVictim({ forename, dateOfBirth }),
            }),
          ),
        });
        young.push(((await response.json()) as { caseId: string }).caseId);
      }
      on.fresh.clock.set(MONDAY_10AM);

      await signIn(page, 'Alex Example');
      await page.getByRole('link', { name: 'Group sessions' }).click();
      await page.waitForURL((url) => url.pathname === '/group-sessions');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Young people’s group sessions',
      );
      await checkAccessibility(page, 'the group sessions');
      await screenshot(page, 'group-sessions-empty');

      await page.getByRole('button', { name: 'Record a session' }).click();
      await page.getByLabel('Title or theme').fill('Feeling safe online');
      await page.getByLabel('Day').fill('12');
      await page.getByLabel('Venue').fill('Example Street youth centre');
      await page.getByLabel('Young people who attended').fill(young.join('\n'));
      await checkAccessibility(page, 'the group session form');
      await screenshot(page, 'group-session-new');
      await page.getByRole('button', { name: 'Record the session' }).click();
      await page.waitForURL((url) => /^\/group-sessions\/[0-9a-f-]{36}$/.test(url.pathname));
      expect(await page.getByText('Group session recorded.').count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Young people who attended (3)' }).count()).toBe(1);
      for (const caseId of young) expect(await page.getByRole('link', { name: caseId }).count()).toBe(1);
      await checkAccessibility(page, 'the group session');
      await screenshot(page, 'group-session');
      await page.getByRole('link', { name: 'Back to group sessions' }).click();
      expect(
        await page
          .getByRole('row', { name: /Feeling safe online/ })
          .getByRole('cell')
          .last()
          .textContent(),
      ).toBe('3');
      await screenshot(page, 'group-sessions');

      // The age-appropriate needs assessment for one of them.
      await page.goto(`/cases/${young[0]}/assessment?kind=initial`);
      expect(await page.getByRole('group', { name: 'Feeling safe' }).count()).toBe(1);
      expect(await page.getByRole('group', { name: 'Personal safety' }).count()).toBe(0);
      await checkAccessibility(page, 'the young people’s needs assessment');
      await screenshot(page, 'assessment-young-person');

      // The quarter ends; its return is produced, and the analyst reads it.
      on.fresh.clock.set(AFTER_Q3);
      await on.fresh.system.invoke('produceQuarterlyReturn', { quarter: '2026/27-Q3' });
      await context.clearCookies();
      await signIn(page, 'Pat Placeholder');
      await page.getByRole('link', { name: 'HTML of the 2026/27-Q3 return' }).click();
      await page.waitForURL((url) => url.pathname === '/returns/2026-27-Q3.html');
      const figure = async (id: string) =>
        (await page.locator(`tr[data-measure-id="${id}"] td`).first().textContent())?.trim();
      expect(await figure('young-peoples-group-sessions')).toBe('1');
      expect(await figure('young-peoples-group-sessions.attendance')).toBe('3');
      expect(await figure('children-and-young-people.supported')).toBe('3');
      await page.locator('tr[data-measure-id="young-peoples-group-sessions"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'return-young-people');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
