import { describe, expect, it } from 'vitest';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';
import { advanceUntil } from '../support/contact-path.ts';

const BROWSER_TEST_TIMEOUT_MS = 240_000;

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** Twenty working days on, past the Christmas bank holidays, the response is due by Friday 15 January; warned the day before. */
const RESPOND_WARNING = new Date('2027-01-14T09:00:00Z');

const chromium = chromiumForTests();

describe('complaints in Chromium', () => {
  it(
    'a complaint from the public page is acknowledged, investigated, warned before its deadline on the virtual clock, and closed with actions',
    async () => {
      const { served, page, context } = await chromium.open(TUESDAY_10AM);

      // A victim, signed in to nothing, complains: first with nothing chosen, then an unsafe way to reply.
      await page.goto('/complaints');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Make a complaint');
      await checkAccessibility(page, 'making a complaint');
      await screenshot(page, 'complaint-public-form');
      await page.getByRole('button', { name: 'Send your complaint' }).click();
      expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([
        'Select which service your complaint is about',
        'Enter what went wrong',
        'Enter what you would like to happen',
        'Select how you would like us to reply',
      ]);
      await page.getByLabel('Victim First support').check();
      await page
        .getByLabel('What went wrong?')
        .fill('I was promised a call back on Friday and nobody called me.');
      await page.getByLabel('What would you like to happen?').fill('An apology, and a call this week.');
      await page.getByLabel('By email').check();
      await page.getByLabel('Email address').fill('sample.complainant@example.org');
      await page.getByLabel('Emails').check();
      await page.getByRole('button', { name: 'Send your complaint' }).click();
      expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([
        'You said emails are not safe. Choose another way for us to reply, or no reply',
      ]);
      expect(await page.getByLabel('What went wrong?').inputValue()).toContain('nobody called me');
      await checkAccessibility(page, 'a complaint with errors');
      await screenshot(page, 'complaint-public-errors');
      await page.getByLabel('Emails').uncheck();
      await page.getByLabel('Reference (optional)').fill('VF-7K3Q9-X2A4B');
      await page.getByRole('button', { name: 'Send your complaint' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Complaint sent');
      const reference = ((await page.locator('#complaint-reference').textContent()) ?? '').trim();
      expect(reference).toMatch(/^CMP-[0-9A-Z]{8}$/);
      expect(await page.getByText('reply in full by 15 January 2027').count()).toBe(1);
      await checkAccessibility(page, 'a complaint sent');
      await screenshot(page, 'complaint-public-sent');

      // The team leader, in another browser session, finds it with its deadline and acknowledges it.
      const staff = await context.browser()?.newContext({ baseURL: served.url });
      const jo = await staff?.newPage();
      if (!jo) throw new Error('no second browser page');
      await signIn(jo, 'Jo Specimen');
      await jo.getByRole('link', { name: 'Complaints' }).click();
      await jo.waitForURL((url) => url.pathname === '/complaints-received');
      expect(await jo.getByRole('row', { name: new RegExp(reference) }).textContent()).toContain(
        'Acknowledge by 17 December 2026',
      );
      await checkAccessibility(jo, 'the complaints list');
      await screenshot(jo, 'complaints-staff-list');
      await jo.getByRole('link', { name: reference }).click();
      await jo.getByRole('button', { name: 'Acknowledge the complaint' }).click();
      expect(await jo.getByText('Complaint acknowledged.').count()).toBe(1);
      const [message] = await served.fresh.system.messages.listMessages(reference);
      expect([message?.purpose, message?.channel]).toEqual(['complaint-acknowledged', 'email']);

      // Assigned, and investigated: a note sent empty is refused, then kept.
      await jo.getByLabel('Who will investigate it?').selectOption({ label: 'Alex Example' });
      await jo.getByRole('button', { name: 'Assign' }).click();
      await jo.getByRole('button', { name: 'Save the note' }).click();
      expect(await jo.getByRole('alert').getByRole('link').textContent()).toBe('Enter a note');
      await checkAccessibility(jo, 'a complaint note with an error');
      await jo.getByLabel('Add a note').fill('Checked the call log: the call back was booked but not made.');
      await jo.getByRole('button', { name: 'Save the note' }).click();
      expect(await jo.getByText('Note saved.').count()).toBe(1);

      // On the virtual clock, the day before the response is due, the complaint is warned.
      await advanceUntil(served.fresh, async () =>
        ((await served.fresh.system.complaints.get(reference))?.alerts ?? []).some(
          (a) => a.alert === 'respond-warning',
        ),
      );
      expect(served.fresh.clock.now()).toEqual(RESPOND_WARNING);
      // Four weeks on, the session has ended: the team leader signs in again.
      await signIn(jo, 'Jo Specimen');
      await jo.goto('/complaints-received');
      const row = (await jo.getByRole('row', { name: new RegExp(reference) }).textContent()) ?? '';
      expect(row).toContain('Response due soon');
      expect(row).toContain('Respond by 15 January 2027');
      expect(await jo.getByText('1 open complaint needs attention.').count()).toBe(1);
      await checkAccessibility(jo, 'the complaints list with a warning');
      await screenshot(jo, 'complaints-staff-warned');

      // Closed with its finding and an action, refused first without them; the action is then done.
      await jo.getByRole('link', { name: reference }).click();
      expect(await jo.getByText('Response due soon').count()).toBeGreaterThan(0);
      await screenshot(jo, 'complaint-staff-page');
      await jo.getByRole('button', { name: 'Close with a finding' }).click();
      await jo.getByRole('button', { name: 'Close the complaint' }).click();
      expect(await jo.getByRole('alert').getByRole('link').allTextContents()).toEqual([
        'Select the finding',
        'Enter what you found and told the complainant',
      ]);
      await checkAccessibility(jo, 'closing a complaint with errors');
      await jo.getByLabel('Partly upheld').check();
      await jo
        .getByLabel('What did you find, and tell the complainant?')
        .fill('The call back was missed; we apologised.');
      await jo.getByRole('button', { name: 'Close the complaint' }).click();
      expect(await jo.getByRole('alert').getByRole('link').allTextContents()).toEqual([
        'Enter at least one action for a complaint upheld or partly upheld',
      ]);
      const action = jo.getByRole('group', { name: 'Action 1' });
      await action.getByLabel('What will be done').fill('Remind the team to make booked call backs');
      await action.getByLabel('Owner').selectOption({ label: 'Jo Specimen' });
      await action.getByLabel('Day').fill('29');
      await action.getByLabel('Month').fill('1');
      await action.getByLabel('Year').fill('2027');
      await screenshot(jo, 'complaint-staff-close');
      await jo.getByRole('button', { name: 'Close the complaint' }).click();
      expect(await jo.getByText('Complaint closed.').count()).toBe(1);
      expect(await jo.getByText('Partly upheld', { exact: true }).count()).toBe(1);
      await jo.getByRole('button', { name: 'Mark action 1 done' }).click();
      expect(await jo.getByText('Action marked done.').count()).toBe(1);
      expect(await jo.getByRole('cell', { name: /^Done by team\.leader/ }).count()).toBe(1);
      await checkAccessibility(jo, 'a complaint closed with actions');
      await screenshot(jo, 'complaint-staff-closed');
      await staff?.close();

      const kept = await served.fresh.system.complaints.get(reference);
      expect(kept?.alerts.map((a) => a.alert)).toEqual(['respond-warning']);
      expect(kept?.actions[0]?.done?.by).toBe('team.leader');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
