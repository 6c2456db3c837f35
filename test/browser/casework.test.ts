import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import { taskIdFor } from '../../shared/domain/task.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';
import { advanceUntil } from '../support/contact-path.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 09:30 in Leicester (GMT): the police download lands as the service opens. */
const TUESDAY_MORNING = new Date('2026-12-15T09:30:00Z');

const chromium = chromiumForTests();

/** One row of the sample police download (a home-telephone victim), received this morning. */
async function aPoliceReferral(on: ServedLocalSystem): Promise<string> {
  const [header = '', first = ''] = readFileSync(
    new URL('../../samples/police-download.csv', import.meta.url),
    'utf8',
  ).split(/\r?\n/);
  const row = first.replace(/^([^,]+),[^,]+,/, '$1,15/12/2026 09:30,');
  const csv = `${header}\n${row}\n`;
  const file = 'police-download-2026-12-15.csv';
  const { system, clock } = on.fresh;
  const summary = await ingestRows(
    parsePoliceDownload(csv),
    { file, fileId: intakeFileId(file, csv), channel: 'police-download' },
    { store: system.store, clock, workflows: system.workflows },
  );
  expect(summary).toMatchObject({ accepted: 1, rejected: 0 });
  // The first call is queued at its slot (the next half hour in service hours).
  await advanceUntil(
    on.fresh,
    async () => (await system.tasks.listOpen({ queue: 'caseworkers' })).tasks.length > 0,
  );
  const task = (await system.tasks.listOpen({ queue: 'caseworkers' })).tasks[0];
  if (!task) throw new Error('no call attempt was queued for the police referral');
  return task.caseId;
}

describe('casework in Chromium', () => {
  it(
    'a police referral: the caseworker sees the call task, records three unanswered calls, and the final letter is on the case timeline',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_MORNING);
      const caseId = await aPoliceReferral(on);

      await signIn(page, 'Alex Example');
      await page.waitForURL((url) => url.pathname === '/tasks');

      for (const attempt of [1, 2, 3]) {
        const taskId = taskIdFor(caseId, 'call-attempt', attempt);
        // The next call is queued at its slot: the virtual clock moves there.
        await advanceUntil(
          on.fresh,
          async () => (await on.fresh.system.tasks.getTask(taskId))?.status === 'open',
        );
        // Hours pass on the virtual clock between calls: the session has signed itself out (30 minutes idle).
        await page.goto('/tasks');
        if (new URL(page.url()).pathname === '/') {
          await signIn(page, 'Alex Example');
          await page.goto('/tasks');
        }
        const link = page.getByRole('link', {
          name: attempt === 1 ? 'Call attempt' : `Call attempt (${attempt})`,
        });
        expect(await link.count()).toBe(1);
        if (attempt === 1) {
          await checkAccessibility(page, 'the team queue');
          await screenshot(page, 'team-queue');
        }
        await link.click();
        expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(
          attempt === 1 ? 'Call attempt' : `Call attempt ${attempt}`,
        );
        if (attempt === 1) {
          await checkAccessibility(page, 'a call attempt task');
          await screenshot(page, 'call-attempt-task');
        }
        await page.getByLabel('No answer').check();
        await page.getByRole('button', { name: 'Record outcome' }).click();
        await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);
        await page.getByText('Outcome recorded.').first().waitFor();
        expect(await page.getByText('Outcome recorded.').count()).toBe(1);
      }

      // After the third unanswered call the path posts the final letter and ends.
      await advanceUntil(
        on.fresh,
        async () =>
          (await on.fresh.system.messages.getMessage(caseId, 'message.final-letter.1')) !== undefined,
      );
      await on.fresh.system.engine.runDue();
      await page.goto(`/cases/${caseId}/timeline`);
      const timeline = page.locator('.moj-timeline');
      expect(await timeline.getByText('Final letter sent').count()).toBe(1);
      expect(await timeline.getByText('Call attempt: no answer').count()).toBe(3);
      expect(await timeline.getByText('Contact path ended', { exact: true }).count()).toBe(1);
      // Newest first: the case closed as not contactable when the path ended, how it ended, then the letter,
      // then the third call that led to it.
      expect(await timeline.locator('.moj-timeline__title').allInnerTexts()).toEqual([
        'Case closed',
        'Contact path ended',
        'Final letter sent',
        'Call attempt: no answer',
        'Call attempt: no answer',
        'Call attempt: no answer',
      ]);
      await checkAccessibility(page, 'the case timeline');
      await screenshot(page, 'case');
      // The rest of the case record: the overview's whole picture, the assessment and plan, the messages.
      await page.getByRole('link', { name: 'Overview' }).click();
      expect(await page.getByRole('heading', { name: 'Risk and needs' }).count()).toBe(1);
      await checkAccessibility(page, 'the case overview');
      await screenshot(page, 'case-overview');
      await page.getByRole('link', { name: 'Messages and letters' }).click();
      expect(await page.getByRole('cell', { name: 'Final letter' }).count()).toBe(1);
      await checkAccessibility(page, 'the messages and letters');
      await screenshot(page, 'case-messages');
      await page.getByRole('link', { name: 'Assessment and plan' }).first().click();
      await checkAccessibility(page, 'the assessment and plan');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a victim reached: the needs assessment is booked and done, a support plan made, and the case closed with the distance travelled',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_MORNING);
      const caseId = await aPoliceReferral(on);
      await signIn(page, 'Alex Example');

      // The first call reaches the victim, who wants further support.
      await page.goto('/tasks');
      await page.getByRole('link', { name: 'Call attempt' }).click();
      await page.getByLabel('Spoke to the victim').check();
      await page.getByLabel('Further support: book a needs assessment').check();
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);

      // The booking task follows; the caseworker books the assessment for next week.
      const booking = taskIdFor(caseId, 'book-needs-assessment', 1);
      await advanceUntil(
        on.fresh,
        async () => (await on.fresh.system.tasks.getTask(booking))?.status === 'open',
      );
      await page.goto(`/tasks/${encodeURIComponent(booking)}`);
      await page.getByLabel('Day').fill('22');
      await page.getByLabel('Month').fill('12');
      await page.getByLabel('Year').fill('2026');
      await page.getByLabel('Time').fill('14:30');
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.getByText('Outcome recorded.').first().waitFor();
      expect(await page.getByText('Outcome recorded.').count()).toBe(1);

      // The assessment over the nine areas, from the case record's assessment and plan.
      await page.getByRole('link', { name: 'Assessment and plan' }).first().click();
      await page.getByRole('link', { name: 'Record the needs assessment' }).click();
      await checkAccessibility(page, 'the needs assessment');
      for (const area of await page.locator('fieldset').all()) {
        await area.getByLabel('2 – serious need').check();
      }
      await screenshot(page, 'needs-assessment');
      await page.getByRole('button', { name: 'Save the assessment' }).click();
      await page.getByText('Needs assessment saved.').first().waitFor();
      expect(await page.getByText('Needs assessment saved.').count()).toBe(1);

      // A support plan action, then the closing assessment and closure.
      await page.getByRole('link', { name: 'Add an action to the support plan' }).click();
      await page.getByLabel('Area of need').selectOption('personal-safety');
      await page.getByLabel('What will be done').fill('Refer for a home security assessment');
      await page.getByLabel('Who does it').fill('Caseworker');
      await page.getByLabel('Day').fill('12');
      await page.getByLabel('Month').fill('1');
      await page.getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'Add to the support plan' }).click();
      await page.getByRole('link', { name: 'Record the closing assessment' }).click();
      for (const area of await page.locator('fieldset').all()) {
        await area.getByLabel('4 – coping, little need').check();
      }
      await page.getByRole('button', { name: 'Save the assessment' }).click();
      await page.getByRole('button', { name: 'Close the case' }).click();
      await checkAccessibility(page, 'closing the case');
      await page.getByLabel('Support completed').check();
      await page.getByRole('button', { name: 'Close the case' }).click();

      await page.getByText('Case closed.').first().waitFor();
      expect(await page.getByText('Case closed.').count()).toBe(1);
      const distance = page.getByRole('table', { name: /Needs assessment/ });
      const safety = distance.getByRole('row', { name: /Personal safety/ });
      expect(await safety.getByRole('cell').allTextContents()).toEqual(['2', '4', '+2']);
      await checkAccessibility(page, 'the closed case');
      await screenshot(page, 'closed-case');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a contractor signed in cannot open a Victim First case',
    async () => {
      const { served, page } = await chromium.open(TUESDAY_MORNING);
      const caseId = await aPoliceReferral(served);

      await signIn(page, 'Chris Fitter (Example Locks Ltd)');
      const refused = await page.goto(`/cases/${caseId}`);

      expect(refused?.status()).toBe(403);
      expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(
        'You cannot open this page',
      );
      expect(await page.content()).not.toContain('Esme');
      await checkAccessibility(page, 'the refusal page');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
