import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbOutcomeStore } from '../../shared/adapters/dynamodb/outcomes.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// Outcomes against targets on the served local system (docs/outcomes.md): the analyst's police survey
// upload (good rows kept, bad rows reported by number, the same file twice changing nothing, a file that
// cannot be read refused with the GOV.UK error summary), the administrator's targets with their history,
// and the improvement plan a missed target raises, written and tracked to done by a team leader.

/** Tuesday 15 December 2026, 10:00 in Leicester: 2026/27-Q2 has ended. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;
let caseId = '';
const outcomes = () => new DynamoDbOutcomeStore(served.fresh.client, served.fresh.tableName);
const errorSummary = (body: string) =>
  [
    ...(/govuk-error-summary__list[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(
      /<a href="([^"]+)">([^<]*)<\/a>/g,
    ),
  ].map((m) => [m[1], m[2]]);

beforeAll(async () => {
  served = await startServedLocalSystem(TUESDAY_10AM);
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody()),
  });
  caseId = ((await response.json()) as { caseId: string }).caseId;
}, 120_000);

afterAll(async () => {
  await served?.close();
});

describe('the police survey upload', () => {
  it('keeps the good rows, reports the bad ones by row number, and takes the same file twice once', async () => {
    const pat = await new Visitor(served.url).signIn('analyst.one');
    const { csrf } = await pat.formFields('/surveys', '/surveys');
    const csv = [
      'reference,surveyed_on,coped_and_recovered,satisfied',
      `${caseId},10/08/2026,Y,N`,
      'VF-ZZZZZ-ZZZZZ,11/08/2026,Y,Y',
      `${caseId},31/02/2026,Y,Y`,
      `${caseId},12/08/2026,perhaps,`,
      `${caseId},13/08/2026,,`,
    ].join('\r\n');
    const first = await pat.upload(
      '/surveys',
      { csrf: csrf ?? '' },
      { field: 'file', name: 'survey.csv', content: csv },
    );
    expect(first.status).toBe(200);
    expect(errorSummary(first.body)).toEqual([
      ['#row-3', 'Row 3: reference matches no case'],
      ['#row-4', 'Row 4: surveyed_on must be a date, like 18/12/2026'],
      ['#row-5', 'Row 5: coped_and_recovered must be Y, N or blank'],
      ['#row-6', 'Row 6: answers neither coped_and_recovered nor satisfied'],
    ]);
    expect(first.body).toContain('4 rows were not imported');
    expect(await outcomes().listSurveys('2026-07-01', '2026-10-01')).toMatchObject([
      { caseId, surveyedOn: '2026-08-10', copedAndRecovered: true, satisfied: false, row: 2 },
    ]);

    const again = await pat.upload(
      '/surveys',
      { csrf: csrf ?? '' },
      { field: 'file', name: 'survey.csv', content: csv },
    );
    expect(again.body).toMatch(/Answers imported\s*<\/dt>\s*<dd[^>]*>\s*0\s*</);
    expect(again.body).toMatch(/Already imported\s*<\/dt>\s*<dd[^>]*>\s*1\s*</);
    expect(await outcomes().listSurveys('2026-07-01', '2026-10-01')).toHaveLength(1);
  });

  it('refuses a file it cannot read with the error summary naming the file field, and writes nothing', async () => {
    const pat = await new Visitor(served.url).signIn('analyst.one');
    const { csrf } = await pat.formFields('/surveys', '/surveys');
    const cases: Array<[string, string, string]> = [
      ['survey.csv', '', 'Select the police survey file (a CSV)'],
      ['survey.xlsx', 'reference,surveyed_on\r\n', 'The selected file must be a CSV'],
      [
        'survey.csv',
        `reference,surveyed_on,satisfied\r\n${caseId},01/09/2026,Y\r\n`,
        'The selected file cannot be read: its header: missing column coped_and_recovered',
      ],
    ];
    for (const [name, content, message] of cases) {
      const response = await pat.upload('/surveys', { csrf: csrf ?? '' }, { field: 'file', name, content });
      expect(response.status, message).toBe(400);
      expect(errorSummary(response.body)).toEqual([['#file', message]]);
    }
    expect(await outcomes().listSurveys('2026-09-01', '2026-10-01')).toEqual([]);
  });
});

describe('the targets', () => {
  it('shows the contract’s 85% until an administrator changes it, keeping who, when, the old and the new', async () => {
    const robin = await new Visitor(served.url).signIn('admin.one');
    const page = (await robin.get('/targets?year=2026-27')).body;
    expect(page).toMatch(
      /Victims satisfied with the support \(police survey\)<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>85%/,
    );

    const bad = await robin.post('/targets', {
      ...(await robin.formFields('/targets?year=2026-27', '/targets')),
      measure: 'satisfied',
      percentage: '150',
    });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.body)).toEqual([['#percentage', 'Enter a percentage from 0 to 100']]);
    expect(bad.body).toContain('value="150"');
    expect(await outcomes().listTargets('2026-27')).toEqual([]);

    const set = {
      ...(await robin.formFields('/targets?year=2026-27', '/targets')),
      measure: 'satisfied',
      percentage: '90',
    };
    expect((await robin.post('/targets', set)).location).toBe('/targets?year=2026-27&saved=1');
    await robin.post('/targets', set);
    const after = (await robin.get('/targets?year=2026-27&saved=1')).body;
    expect(after).toContain('Target saved.');
    expect(await outcomes().targetHistory('2026-27')).toHaveLength(1);
    expect(after).toMatch(
      /admin\.one<\/td>\s*<td[^>]*>Victims satisfied[^<]*<\/td>\s*<td[^>]*>85%<\/td>\s*<td[^>]*>90%/,
    );
  });
});

describe('a missed target', () => {
  it('raises one improvement plan task for the team leaders, whose actions are tracked to done', async () => {
    // 2026/27-Q2: the one answer says not satisfied (0%) against the year's target (90%, set above).
    await served.fresh.system.invoke('produceQuarterlyReturn', { quarter: '2026/27-Q2' });
    await served.fresh.system.invoke('produceQuarterlyReturn', { quarter: '2026/27-Q2' });
    const planId = 'PLAN-202627-Q2-SATISFIED';
    const taskId = `${planId}.improvement-plan.1`;
    const task = await served.fresh.system.tasks.getTask(taskId);
    expect(task).toMatchObject({ queue: 'team-leaders', type: 'improvement-plan', status: 'open' });
    expect(await outcomes().listPlans()).toHaveLength(1);

    const jo = await new Visitor(served.url).signIn('team.leader');
    const taskPage = (await jo.get(`/tasks/${taskId}`)).body;
    expect(taskPage).toContain(`href="/improvement-plans/${planId}"`);
    const planPath = `/improvement-plans/${planId}`;
    const action = `${planPath}/actions`;
    const missing = await jo.post(action, {
      ...(await jo.formFields(planPath, action)),
      description: 'Call back every victim who was not satisfied',
      owner: '',
      'due-day': '1',
      'due-month': '1',
      'due-year': '2026',
    });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing.body)).toEqual([
      ['#owner', 'Enter who will do it'],
      ['#due-day', 'Date it is due by must be today or in the future'],
    ]);
    expect(missing.body).toContain('Call back every victim who was not satisfied</textarea>');
    expect(await outcomes().listActions(planId)).toEqual([]);

    // Saying it is written before it has an action is refused.
    const empty = await jo.post(`${planPath}/written`, await jo.formFields(planPath, `${planPath}/written`));
    expect(empty.status).toBe(400);

    const added = await jo.post(action, {
      ...(await jo.formFields(planPath, action)),
      description: 'Call back every victim who was not satisfied',
      owner: 'Jo Specimen',
      'due-day': '31',
      'due-month': '1',
      'due-year': '2027',
    });
    expect(added.location).toBe(`${planPath}?saved=added`);
    const written = await jo.post(
      `${planPath}/written`,
      await jo.formFields(planPath, `${planPath}/written`),
    );
    expect(written.location).toBe(`${planPath}?saved=written`);
    expect(await served.fresh.system.tasks.getTask(taskId)).toMatchObject({
      status: 'completed',
      completedBy: 'team.leader',
    });

    const [open] = await outcomes().listActions(planId);
    const done = `${planPath}/actions/${open?.actionId}/done`;
    expect((await jo.post(done, await jo.formFields(planPath, done))).location).toBe(
      `${planPath}?saved=done`,
    );
    expect(await outcomes().listActions(planId)).toMatchObject([
      { doneBy: 'team.leader', owner: 'Jo Specimen' },
    ]);
    expect((await jo.get(planPath)).body).toContain('Done 15 December 2026 by team.leader');
  });
});
