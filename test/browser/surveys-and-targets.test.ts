import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DynamoDbOutcomeStore } from '../../shared/adapters/dynamodb/outcomes.ts';
import { ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import { checkAccessibility, chromiumForTests, screenshot, signIn } from '../support/browser.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';

const BROWSER_TEST_TIMEOUT_MS = 180_000;

/** Tuesday 5 January 2027, 10:00 in Leicester (GMT): 2026/27-Q3 (October to December) has just ended. */
const AFTER_Q3 = new Date('2027-01-05T10:00:00Z');

const chromium = chromiumForTests();

/** The first four rows of the sample police download (received 23 November 2026): LP-0000001 to 4. */
async function fourPoliceCases(on: ServedLocalSystem): Promise<void> {
  const lines = readFileSync(new URL('../../samples/police-download.csv', import.meta.url), 'utf8').split(
    /\r?\n/,
  );
  const csv = `${lines.slice(0, 5).join('\n')}\n`;
  const file = 'police-download-2026-11-23.csv';
  const { system, clock } = on.fresh;
  const summary = await ingestRows(
    parsePoliceDownload(csv),
    { file, fileId: intakeFileId(file, csv), channel: 'police-download' },
    { store: system.store, clock, workflows: system.workflows },
  );
  expect(summary).toMatchObject({ accepted: 4, rejected: 0 });
}

/** The police survey as they send it: three good rows, one for no case of ours, one with a date that is none. */
const SURVEY = [
  'reference,surveyed_on,coped_and_recovered,satisfied',
  'LP-0000001,07/12/2026,Y,Y',
  'LP-0000002,08/12/2026,,N',
  'LP-0000003,09/12/2026,Y,N',
  'LP-0999999,09/12/2026,Y,Y',
  'LP-0000004,31/11/2026,N,Y',
].join('\r\n');

describe('survey results and targets in Chromium', () => {
  it(
    'an analyst imports a police survey with good and bad rows, and is told the bad rows by number',
    async () => {
      const { served: on, page } = await chromium.open(AFTER_Q3);
      await fourPoliceCases(on);

      await signIn(page, 'Pat Placeholder');
      await page.getByRole('link', { name: 'Police survey' }).click();
      await page.waitForURL((url) => url.pathname === '/surveys');
      await checkAccessibility(page, 'the police survey upload');
      await screenshot(page, 'survey-upload');

      // Nothing chosen: the error summary names the file field.
      await page.getByRole('button', { name: 'Import the survey' }).click();
      const summary = page.locator('.govuk-error-summary');
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Select the police survey file (a CSV)',
      ]);

      await page.getByLabel('Upload the survey file').setInputFiles({
        name: 'victim-survey-2026-12.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(SURVEY),
      });
      await page.getByRole('button', { name: 'Import the survey' }).click();
      await page.waitForURL((url) => url.pathname === '/surveys');
      expect(await summary.getByRole('heading').textContent()).toContain('2 rows were not imported');
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Row 5: reference matches no case',
        'Row 6: surveyed_on must be a date, like 18/12/2026',
      ]);
      expect((await page.locator('.govuk-summary-list').textContent())?.replace(/\s+/g, ' ')).toContain(
        'Answers imported 3 Already imported 0 Rows not imported 2',
      );
      // The error summary's link takes the analyst to the row in the table.
      await summary.getByRole('link', { name: 'Row 6: surveyed_on must be a date, like 18/12/2026' }).click();
      expect(await page.locator('#row-6').textContent()).toContain('surveyed_on must be a date');
      await checkAccessibility(page, 'the survey import with rows not imported');
      await screenshot(page, 'survey-imported-with-bad-rows');
      const kept = await new DynamoDbOutcomeStore(on.fresh.client, on.fresh.tableName).listSurveys(
        '2026-12-01',
        '2027-01-01',
      );
      expect(kept.map((s) => [s.row, s.satisfied])).toEqual([
        [2, true],
        [3, false],
        [4, false],
      ]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'a missed satisfaction target raises the improvement plan task, written by a team leader with dated actions',
    async () => {
      const { served: on, page } = await chromium.open(AFTER_Q3);
      await fourPoliceCases(on);

      // The administrator sees the year's targets: 85% satisfied, from the contract.
      await signIn(page, 'Robin Admin');
      await page.getByRole('link', { name: 'Targets' }).click();
      await page.waitForURL((url) => url.pathname === '/targets');
      expect(await page.getByRole('row', { name: /Victims satisfied/ }).textContent()).toContain('85%');
      await checkAccessibility(page, 'the targets');
      await screenshot(page, 'targets');

      // The analyst imports the survey: 1 of the 3 who answered was satisfied (33.3%, below 85%).
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, 'Pat Placeholder');
      await page.goto('/surveys');
      await page.getByLabel('Upload the survey file').setInputFiles({
        name: 'victim-survey-2026-12.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(SURVEY),
      });
      await page.getByRole('button', { name: 'Import the survey' }).click();
      await page.waitForURL((url) => url.pathname === '/surveys');

      // The quarter's return is produced as the schedule does on the first day of the quarter.
      await on.fresh.system.invoke('produceQuarterlyReturn', { quarter: '2026/27-Q3' });
      const json = JSON.parse(
        Buffer.from((await on.fresh.system.returns.get('2026/27-Q3', 'json')) ?? []).toString('utf8'),
      ) as {
        measures: Array<{ id: string; percentage?: number; target?: number }>;
      };
      expect(json.measures.find((m) => m.id === 'survey.satisfied')).toMatchObject({
        percentage: 33.3,
        target: 85,
      });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, 'Jo Specimen');
      await page.goto('/tasks?queue=team-leaders');
      await page.getByRole('link', { name: 'Write an improvement plan' }).click();
      expect(
        await page
          .getByText('Victims satisfied with the support (police survey): 33.3% in 2026/27-Q3')
          .count(),
      ).toBe(1);
      await checkAccessibility(page, 'the improvement plan task');
      await page.getByRole('link', { name: 'Write the improvement plan' }).click();
      await page.waitForURL((url) => url.pathname === '/improvement-plans/PLAN-202627-Q3-SATISFIED');

      // An action without an owner or a real date is refused, what was typed kept.
      await page.getByLabel('What is to be done').fill('Call back each victim who was not satisfied');
      await page.getByRole('textbox', { name: 'Day' }).fill('31');
      await page.getByRole('textbox', { name: 'Month' }).fill('2');
      await page.getByRole('textbox', { name: 'Year' }).fill('2027');
      await page.getByRole('button', { name: 'Add the action' }).click();
      expect(await page.locator('.govuk-error-summary').getByRole('link').allTextContents()).toEqual([
        'Enter who will do it',
        'Date it is due by must be a real date',
      ]);
      expect(await page.getByLabel('What is to be done').inputValue()).toBe(
        'Call back each victim who was not satisfied',
      );
      await checkAccessibility(page, 'the improvement plan with errors');

      await page.getByLabel('Owner').fill('Jo Specimen');
      await page.getByRole('textbox', { name: 'Day' }).fill('26');
      await page.getByRole('button', { name: 'Add the action' }).click();
      await page.waitForURL((url) => url.search === '?saved=added');
      await page.getByRole('button', { name: 'The plan is written' }).click();
      await page.waitForURL((url) => url.search === '?saved=written');
      expect(await page.getByText('The plan is written: the task asking for it is done.').count()).toBe(1);
      await checkAccessibility(page, 'the improvement plan');
      await screenshot(page, 'improvement-plan');

      await page.getByRole('button', { name: /Mark as done/ }).click();
      await page.waitForURL((url) => url.search === '?saved=done');
      expect(await page.getByRole('row', { name: /Call back each victim/ }).textContent()).toContain(
        'Done 5 January 2027 by team.leader',
      );
      expect(
        await on.fresh.system.tasks.getTask('PLAN-202627-Q3-SATISFIED.improvement-plan.1'),
      ).toMatchObject({
        status: 'completed',
      });
      await page.getByRole('link', { name: 'Improvement plans' }).click();
      expect(await page.getByRole('row', { name: /2026\/27-Q3/ }).textContent()).toContain('0 of 1');
      await checkAccessibility(page, 'the improvement plans');
      await screenshot(page, 'improvement-plans');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
