import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';
import { advanceUntil } from '../support/contact-path.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 15 December 2026, 09:30 in Leicester (GMT): the police download lands as the service opens. */
const TUESDAY_MORNING = new Date('2026-12-15T09:30:00Z');

/** Tuesday 16 February 2027, 10:00 in Leicester (GMT): two months on, the victim has moved away. */
const TWO_MONTHS_ON = new Date('2027-02-16T10:00:00Z');

/** Monday 8 March 2027, 09:00 (GMT): five working days before sentencing on Monday 15 March. */
const BEFORE_SENTENCING = new Date('2027-03-08T09:00:00Z');

/** The sample police download's row of Dev Testcase (born 8 October 2001): home telephone, no letters. */
const DEV_TESTCASE = 52;

/** The sample police download's row of Lola Specimen: home telephone, standard risk, North West Leicestershire. */
const LOLA_SPECIMEN = 4;

const chromium = chromiumForTests();

/**
 * One row (by its line in the file) of the sample police download, received this morning, as
 * test/browser/casework.test.ts makes its referral; resolves when its first call is queued.
 */
async function aPoliceReferral(on: ServedLocalSystem, line: number): Promise<string> {
  const lines = readFileSync(new URL('../../samples/police-download.csv', import.meta.url), 'utf8').split(
    /\r?\n/,
  );
  const [header = ''] = lines;
  const row = (lines[line - 1] ?? '').replace(/^([^,]+),[^,]+,/, '$1,15/12/2026 09:30,');
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

/**
 * A police referral whose first call reaches the victim, who wants further support (recorded by Alex
 * Example in the browser); the engine then runs until the contact path ends and the case waits for
 * allocation. The clock has moved on by then: the session has signed itself out.
 */
async function aCaseWaitingForAllocation(on: ServedLocalSystem, page: Page, line: number): Promise<string> {
  const caseId = await aPoliceReferral(on, line);
  await signIn(page, 'Alex Example');
  await page.goto('/tasks');
  await page.getByRole('link', { name: 'Call attempt' }).click();
  await page.getByLabel('Spoke to the victim').check();
  await page.getByLabel('Further support: book a needs assessment').check();
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);
  await advanceUntil(
    on.fresh,
    async () => (await on.fresh.system.owners.getOwner(caseId))?.waitingSince !== undefined,
  );
  return caseId;
}

/** The text of the page's first-level heading, trimmed. */
const headingOf = async (page: Page) => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();

/** The links of the GOV.UK error summary, as `text -> href`. */
async function errorSummaryOf(page: Page): Promise<string[]> {
  const summary = page.locator('.govuk-error-summary');
  expect(await summary.count()).toBe(1);
  const links = await summary.getByRole('link').all();
  return Promise.all(
    links.map(async (link) => `${(await link.textContent())?.trim()} -> ${await link.getAttribute('href')}`),
  );
}

/** Fills the contact form's date and time. */
async function contactAt(page: Page, day: string, time: string) {
  await page.getByLabel('Day', { exact: true }).fill(day);
  await page.getByLabel('Month', { exact: true }).fill('12');
  await page.getByLabel('Year', { exact: true }).fill('2026');
  await page.getByLabel('Time', { exact: true }).fill(time);
}

describe('casework over the months in Chromium', () => {
  it(
    'a caseworker finds the case, reads its risks, logs contacts (a Saturday one with its reason), records sentencing, closes it; the re-engagement call comes before sentencing and the case is reopened',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_MORNING);
      const caseId = await aCaseWaitingForAllocation(on, page, DEV_TESTCASE);
      await signIn(page, 'Alex Example');

      // 1. Find a case, from the navigation: by surname and date of birth, the form posted.
      await page.getByRole('link', { name: 'Find a case' }).click();
      expect(await headingOf(page)).toBe('Find a case');
      await page.getByLabel('Surname').fill('Testcase');
      await page.getByLabel('Day').fill('8');
      await page.getByLabel('Month').fill('10');
      await page.getByLabel('Year').fill('2001');
      const posted = page.waitForRequest(
        (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/cases',
      );
      await page.getByRole('button', { name: 'Search' }).click();
      await posted;
      await page.getByRole('heading', { name: '1 case matches' }).waitFor();
      // Nothing typed is carried in the address.
      expect(new URL(page.url()).search).toBe('');
      const results = page.getByRole('table', { name: 'Cases that match' });
      const found = results.getByRole('row', { name: new RegExp(caseId) });
      expect(await found.getByRole('cell').allTextContents()).toEqual(
        expect.arrayContaining(['Dev Testcase', '8 October 2001']),
      );
      await checkAccessibility(page, 'the search results');
      await screenshot(page, 'find-a-case');
      await results.getByRole('link', { name: caseId }).click();
      await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);

      // 2. The overview: the risk and needs, and the safe-contact flags above the record.
      expect(await headingOf(page)).toBe(caseId);
      expect(await page.getByRole('heading', { name: 'Risk and needs' }).count()).toBe(1);
      expect(await page.locator('.vf-safety-flags').textContent()).toContain(
        'Safe contact: do not send letters',
      );
      await screenshot(page, 'case-overview-risk');

      // 3. Contacts: a telephone call, a face-to-face meeting, and one on a Saturday.
      await page.getByRole('link', { name: 'Contacts', exact: true }).click();
      expect(await page.getByText('No contacts have been logged on this case yet.').count()).toBe(1);
      await page.getByRole('button', { name: 'Log a contact' }).click();
      expect(await headingOf(page)).toBe('Log a contact');
      await checkAccessibility(page, 'the contact form');
      await screenshot(page, 'contact-new');
      await contactAt(page, '16', '10:00');
      await page.getByLabel('Telephone', { exact: true }).check();
      await page.getByLabel('To the victim', { exact: true }).check();
      await page.getByLabel('Emotional support', { exact: true }).check();
      await page.getByLabel('How long did it take?').fill('20');
      await page.getByRole('button', { name: 'Log the contact' }).click();
      await page.getByText('Contact logged.').first().waitFor();
      expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}/contacts`);

      await page.getByRole('button', { name: 'Log a contact' }).click();
      await contactAt(page, '18', '14:00');
      await page.getByLabel('Face to face', { exact: true }).check();
      // The venue is asked once face to face is chosen.
      await page.getByLabel('Where did it take place?').fill('The Victim First office');
      await page.getByLabel('From the victim', { exact: true }).check();
      await page.getByLabel('Practical help', { exact: true }).check();
      await page.getByLabel('How long did it take?').fill('45');
      await page.getByRole('button', { name: 'Log the contact' }).click();
      await page.getByText('Contact logged.').first().waitFor();

      // Saturday 19 December 2026: refused without the reason, the error summary naming it.
      await page.getByRole('button', { name: 'Log a contact' }).click();
      await contactAt(page, '19', '11:00');
      await page.getByLabel('Telephone', { exact: true }).check();
      await page.getByLabel('To the victim', { exact: true }).check();
      await page.getByLabel('Information on the criminal justice process', { exact: true }).check();
      await page.getByLabel('How long did it take?').fill('15');
      await page.getByRole('button', { name: 'Log the contact' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      expect(await page.title()).toMatch(/^Error: /);
      expect(await errorSummaryOf(page)).toEqual([
        'Enter why the victim could not be supported at another time (the contact was on a Saturday) -> #saturdayReason',
      ]);
      expect(await page.locator('#saturdayReason-error').textContent()).toContain('on a Saturday');
      await checkAccessibility(page, 'the contact form refusing a Saturday without its reason');
      await screenshot(page, 'contact-saturday-error');
      // What was entered is kept: only the reason is added.
      expect(await page.getByLabel('Telephone', { exact: true }).isChecked()).toBe(true);
      await page
        .getByLabel(/on a Saturday: why could the victim not be supported/)
        .fill('She works Monday to Friday and asked for a Saturday call');
      await page.getByRole('button', { name: 'Log the contact' }).click();
      await page.getByText('Contact logged.').first().waitFor();

      // The list, newest first.
      const cards = page.locator('.govuk-summary-card');
      expect(await cards.count()).toBe(3);
      expect(await page.getByText(/^3 contacts, /).count()).toBe(1);
      const titles = await page.locator('.govuk-summary-card__title').allTextContents();
      expect(titles.map((title) => title.trim().replace(/^.*: /, ''))).toEqual([
        'telephone',
        'face to face',
        'telephone',
      ]);
      expect(await cards.first().textContent()).toContain('Why on a Saturday');
      expect(await cards.first().textContent()).toContain('She works Monday to Friday');
      expect(await cards.nth(1).textContent()).toContain('The Victim First office');
      expect(await cards.nth(2).textContent()).toContain('Emotional support');
      await checkAccessibility(page, 'the contacts');
      await screenshot(page, 'contacts');

      // 4. The sentencing date, with the victim's consent to be called before it: an empty form refused first.
      await page.getByRole('link', { name: 'Court and release dates' }).click();
      expect(await page.getByText('No court or release dates have been recorded on this case.').count()).toBe(
        1,
      );
      await page.getByRole('button', { name: 'Record a date' }).click();
      expect(await headingOf(page)).toBe('Record a court or release date');
      await page.getByRole('button', { name: 'Record the date' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      expect(await errorSummaryOf(page)).toEqual([
        'Select what is happening -> #kind',
        'Enter the date -> #date-day',
        'Select whether the victim agrees to be contacted before it -> #consent',
      ]);
      await checkAccessibility(page, 'the date form refusing an empty form');
      await page.getByLabel('Sentencing').check();
      await page.getByLabel('Day', { exact: true }).fill('15');
      await page.getByLabel('Month', { exact: true }).fill('3');
      await page.getByLabel('Year', { exact: true }).fill('2027');
      await page.getByLabel('Yes', { exact: true }).check();
      await checkAccessibility(page, 'the date form');
      await screenshot(page, 'milestone-new');
      await page.getByRole('button', { name: 'Record the date' }).click();
      await page.getByText('Date recorded.').first().waitFor();
      const dates = page.locator('.govuk-summary-card');
      expect(await dates.count()).toBe(1);
      expect((await page.locator('.govuk-summary-card__title').textContent())?.trim()).toBe(
        'Sentencing: 15 March 2027',
      );
      expect(await dates.textContent()).toContain('Raised on Mon 8 Mar 2027, 09:00');
      await checkAccessibility(page, 'the court and release dates');
      await screenshot(page, 'milestones');

      // 5. Two months on: the victim has moved away, and the case is closed.
      on.fresh.clock.set(TWO_MONTHS_ON);
      await on.fresh.system.engine.runDue();
      await page.goto(`/cases/${caseId}`);
      if (new URL(page.url()).pathname === '/') {
        // The session signed itself out while the clock moved: sign in again.
        await signIn(page, 'Alex Example');
        await page.goto(`/cases/${caseId}`);
      }
      await page.getByRole('link', { name: 'Assessment and plan' }).first().click();
      await page.getByRole('button', { name: 'Close the case' }).click();
      expect(await headingOf(page)).toBe('Close the case');
      await checkAccessibility(page, 'closing the case');
      await screenshot(page, 'close-case');
      await page.getByLabel('Moved away').check();
      await page.getByRole('button', { name: 'Close the case' }).click();
      await page.getByText('Case closed.').first().waitFor();
      expect(await headingOf(page)).toMatch(new RegExp(`^${caseId}\\s+Closed$`));
      expect(await page.getByText(/Moved away, on /).count()).toBe(1);

      // 6. On the virtual clock, the re-engagement call is raised on the closed case five working days before
      // sentencing; the caseworker reaches the victim, who wants support at court, and reopens the case.
      const callId = `${caseId}.re-engagement-call.1`;
      const raisedAt = await advanceUntil(
        on.fresh,
        async () => (await on.fresh.system.tasks.getTask(callId)) !== undefined,
      );
      expect(raisedAt).toEqual(BEFORE_SENTENCING);
      await page.goto('/tasks');
      if (new URL(page.url()).pathname === '/') {
        await signIn(page, 'Alex Example');
        await page.goto('/tasks');
      }
      const call = page.getByRole('row', { name: new RegExp(caseId) });
      expect(await call.textContent()).toContain('Re-engagement call');
      await call.getByRole('link', { name: 'Re-engagement call' }).click();
      await page.waitForURL((url) => url.pathname === `/tasks/${callId}`);
      expect(
        await page.getByText('Sentencing on 15 March 2027; the victim agreed to a call before it').count(),
      ).toBe(1);
      await checkAccessibility(page, 'the re-engagement call');
      await screenshot(page, 're-engagement-call');
      await page.getByLabel('Spoke to the victim').check();
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.waitForURL((url) => url.pathname === `/cases/${caseId}`);
      expect((await on.fresh.system.tasks.getTask(callId))?.status).toBe('completed');

      await page.goto(`/cases/${caseId}/support`);
      await page.getByRole('link', { name: 'Reopen the case' }).click();
      expect(await headingOf(page)).toBe('Reopen the case');
      await checkAccessibility(page, 'reopening the case');
      await screenshot(page, 'reopen-case');
      await page
        .getByLabel('Why is the case being reopened?')
        .fill('Sentencing is next week and the victim asked for support at court');
      await page.getByRole('button', { name: 'Reopen the case' }).click();
      await page.getByText('Case reopened.').first().waitFor();
      expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);
      expect(await headingOf(page)).toBe(caseId);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a team leader allocates a case waiting for allocation, taking the suggestion, moves it with a reason, and the caseworker has it in My cases',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_MORNING);
      const caseId = await aCaseWaitingForAllocation(on, page, LOLA_SPECIMEN);

      // 5. The team leader's caseloads: the case waits for allocation.
      await signIn(page, 'Jo Specimen');
      await page.getByRole('link', { name: 'Caseloads' }).click();
      expect(await headingOf(page)).toBe('Caseloads');
      expect(await page.getByRole('heading', { name: 'Waiting for allocation (1)' }).count()).toBe(1);
      await checkAccessibility(page, 'the caseloads');
      await screenshot(page, 'caseloads');
      await page.getByRole('link', { name: `Allocate case ${caseId}` }).click();

      // Allocating: Kit Instance covers North West Leicestershire, and is suggested.
      expect(await headingOf(page)).toBe('Allocate the case');
      const suggested = page.getByLabel('Kit Instance (suggested)');
      expect(await suggested.count()).toBe(1);
      await checkAccessibility(page, 'allocating the case');
      await screenshot(page, 'allocation');
      await suggested.check();
      await page.getByRole('button', { name: 'Allocate', exact: true }).click();
      await page.getByText(`Case ${caseId} allocated to Kit Instance.`).waitFor();
      expect(await page.getByRole('heading', { name: 'Waiting for allocation (0)' }).count()).toBe(1);

      // Reallocating, from Kit's caseload and the case: refused without a reason, then moved with one.
      await page.getByRole('link', { name: 'Kit Instance', exact: true }).click();
      await page.getByRole('link', { name: caseId }).first().click();
      await page.getByRole('link', { name: 'Reallocate the case' }).click();
      expect(await headingOf(page)).toBe('Reallocate the case');
      expect(await page.getByLabel('Kit Instance (has the case now)').count()).toBe(1);
      // Of the others, Alex Example comes first (no caseload, by name), and is suggested.
      await page.getByLabel('Alex Example (suggested)').check();
      await page.getByRole('button', { name: 'Reallocate' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      expect(await errorSummaryOf(page)).toEqual([
        'Enter why the case is moving to another caseworker -> #reason',
      ]);
      await checkAccessibility(page, 'reallocating without a reason');
      await page
        .getByLabel('Why is the case moving to another caseworker?')
        .fill('Kit is on leave for three weeks');
      await page.getByRole('button', { name: 'Reallocate' }).click();
      await page.getByText(`Case ${caseId} allocated to Alex Example.`).waitFor();

      // The caseworker has it in My cases.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await signIn(page, 'Alex Example');
      await page.getByRole('link', { name: 'My cases' }).click();
      expect(await headingOf(page)).toBe('My cases');
      const mine = page.getByRole('table', { name: /Open cases/ });
      expect(await mine.getByRole('link', { name: caseId }).count()).toBe(1);
      expect(await mine.getByRole('row', { name: new RegExp(caseId) }).textContent()).toContain(
        'Lola Specimen',
      );
      await checkAccessibility(page, 'my cases');
      await screenshot(page, 'my-cases');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a long case: a plan review sets the next, and on the virtual clock a month brings the dependency check and six months the reassessment',
    async () => {
      const { served: on, page } = await chromium.open(TUESDAY_MORNING);
      const caseId = await aCaseWaitingForAllocation(on, page, LOLA_SPECIMEN);
      const tasks = on.fresh.system.tasks;
      /** Opens a page, signing in again where the session ended while the clock moved. */
      const visit = async (path: string, person: string) => {
        await page.goto(path);
        if (new URL(page.url()).pathname === '/') {
          await signIn(page, person);
          await page.goto(path);
        }
      };

      // The team leader allocates the case: its dependency check and reassessment are set from it.
      await signIn(page, 'Jo Specimen');
      await visit(`/cases/${caseId}/allocation`, 'Jo Specimen');
      await page.getByLabel('Kit Instance (suggested)').check();
      await page.getByRole('button', { name: 'Allocate', exact: true }).click();
      await page.getByText(`Case ${caseId} allocated to Kit Instance.`).waitFor();

      // A support plan action to review on Tuesday 12 January 2027.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, 'Alex Example');
      await visit(`/cases/${caseId}/plan`, 'Alex Example');
      await page.getByLabel('Area of need').selectOption('personal-safety');
      await page.getByLabel('What will be done').fill('Weekly calls while the court case goes on');
      await page.getByLabel('Who does it').fill('Caseworker');
      await page.getByLabel('Day').fill('12');
      await page.getByLabel('Month').fill('1');
      await page.getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'Add to the support plan' }).click();
      await page.getByText('Action added to the support plan.').first().waitFor();

      // The review comes on its date: going as planned needs the next review date, and one past is refused.
      const firstReview = `${caseId}.plan-review.1`;
      await advanceUntil(on.fresh, async () => (await tasks.getTask(firstReview))?.status === 'open');
      await visit(`/tasks/${encodeURIComponent(firstReview)}`, 'Alex Example');
      await page.getByLabel('Going as planned').check();
      // Offered four weeks on; the caseworker types a date already past.
      expect(
        await page.getByRole('group', { name: 'Next review date' }).getByLabel('Month').inputValue(),
      ).toBe('2');
      await page.getByRole('group', { name: 'Next review date' }).getByLabel('Day').fill('2');
      await page.getByRole('group', { name: 'Next review date' }).getByLabel('Month').fill('1');
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      expect(await errorSummaryOf(page)).toEqual([
        expect.stringMatching(/^Next review date .* -> #nextReviewAt/),
      ]);
      await checkAccessibility(page, 'the plan review refusing a past next review');
      await screenshot(page, 'plan-review-error');
      expect((await tasks.getTask(firstReview))?.status).toBe('open');
      await page.getByLabel('Going as planned').check();
      await page.getByRole('group', { name: 'Next review date' }).getByLabel('Day').fill('9');
      await page.getByRole('group', { name: 'Next review date' }).getByLabel('Month').fill('2');
      await page.getByRole('group', { name: 'Next review date' }).getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.getByText('Outcome recorded.').first().waitFor();

      // The dependency check a month after allocation, then the next review on 9 February, each a task.
      const check = `${caseId}.dependency-check.1`;
      await advanceUntil(on.fresh, async () => (await tasks.getTask(check))?.status === 'open');
      await visit('/tasks', 'Alex Example');
      expect(
        await page
          .getByRole('row', { name: new RegExp(caseId) })
          .getByRole('link')
          .allTextContents(),
      ).toContain('Dependency check');
      await visit(`/tasks/${encodeURIComponent(check)}`, 'Alex Example');
      await checkAccessibility(page, 'the dependency check');
      await screenshot(page, 'dependency-check');
      await page.getByLabel('Continue support').check();
      await page.getByRole('button', { name: 'Record outcome' }).click();
      await page.getByText('Outcome recorded.').first().waitFor();
      const nextReview = await advanceUntil(
        on.fresh,
        async () => (await tasks.getTask(`${caseId}.plan-review.1001`))?.status === 'open',
      );
      expect(nextReview).toEqual(new Date('2027-02-09T09:00:00Z'));

      // Six months after the referral, the reassessment.
      const reassessment = `${caseId}.reassessment.1`;
      await advanceUntil(on.fresh, async () => (await tasks.getTask(reassessment))?.status === 'open');
      expect(on.fresh.clock.now().getTime()).toBeGreaterThanOrEqual(
        new Date('2027-06-15T00:00:00Z').getTime(),
      );
      await visit(`/tasks/${encodeURIComponent(reassessment)}`, 'Alex Example');
      expect(await headingOf(page)).toMatch(/Reassessment/);
      await checkAccessibility(page, 'the reassessment');
      await screenshot(page, 'reassessment');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
