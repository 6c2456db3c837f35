import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbContactLog } from '../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { gatherReturnInputs } from '../../shared/application/gather-return-inputs.ts';
import { type Assessment, NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import { computeReturn } from '../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../shared/domain/reporting/quarters.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// The contact log (docs/web-app.md, the contact log) on the served local system: a caseworker logs
// contacts on three channels — one on a Saturday, refused without the reason the victim could engage at no
// other time and accepted with it — the list shows them newest first, the timeline has them (codes only),
// every bad input is named in the GOV.UK error summary with nothing written, the same form sent twice logs
// once, and a closed case takes no more.

/** Thursday 10 December 2026, 09:00 in Leicester (GMT): the referral arrives. */
const RECEIVED = new Date('2026-12-10T09:00:00Z');
/** Monday 14 December 2026, 10:00: the caseworker logs the contacts since. */
const MONDAY_10AM = new Date('2026-12-14T10:00:00Z');

let served: ServedLocalSystem;
let caseId: string;
let alex: Visitor;

beforeAll(async () => {
  served = await startServedLocalSystem(RECEIVED);
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody()),
  });
  caseId = ((await response.json()) as { caseId: string }).caseId;
  served.fresh.clock.set(MONDAY_10AM);
  alex = await new Visitor(served.url).signIn('caseworker.one');
}, 180_000);

afterAll(async () => {
  await served?.close();
});

const contactsPath = () => `/cases/${caseId}/contacts`;
const contactLog = () => new DynamoDbContactLog(served.fresh.client, served.fresh.tableName);

/** The form as a browser sends it: its hidden fields (form token, idempotency key) and what was typed. */
async function aForm(visitor: Visitor, fields: Record<string, string>) {
  return { ...(await visitor.formFields(`${contactsPath()}/new`, contactsPath())), ...fields };
}

/** A whole, valid telephone contact on Friday 11 December at 14:30. */
const TELEPHONE = {
  'date-day': '11',
  'date-month': '12',
  'date-year': '2026',
  time: '14:30',
  channel: 'telephone',
  direction: 'to-victim',
  'support-emotional-support': 'yes',
  'support-criminal-justice-information': 'yes',
  durationMinutes: '20',
  notes: 'Ada Example asked when the trial is.\r\nAgreed to call again next week.',
};

/** The error summary's links: each field's anchor and what it says. */
const summaryOf = (body: string) =>
  [...(/govuk-error-summary[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(/href="#([^"]+)">([^<]*)</g)].map(
    (m) => [m[1], m[2]],
  );

describe('the contact log pages', () => {
  it('logs contacts on three channels, a Saturday one only with its reason, and lists them newest first', async () => {
    const empty = await alex.get(contactsPath());
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('No contacts have been logged on this case yet.');
    expect(empty.body).toContain(`href="${contactsPath()}/new"`);
    const form = await alex.get(`${contactsPath()}/new`);
    expect(form.status).toBe(200);
    // A new form starts on today's date; the Saturday question is always there, with its hint.
    expect(form.body).toMatch(/name="date-day" type="text" value="14"/);
    expect(form.body).toContain('Needed only for a contact on a Saturday');

    // By telephone on Friday.
    const telephone = await alex.post(contactsPath(), await aForm(alex, TELEPHONE));
    expect(telephone.status, telephone.body.slice(0, 400)).toBe(303);
    expect(telephone.location).toBe(`${contactsPath()}?saved=contact`);

    // By web chat on Saturday 12 December: refused without the reason, naming the field, keeping the rest.
    const saturday = {
      ...TELEPHONE,
      'date-day': '12',
      time: '11:00',
      channel: 'web-chat',
      direction: 'from-victim',
      'support-emotional-support': '',
      'support-criminal-justice-information': '',
      'support-victim-personal-statement': 'yes',
      durationMinutes: '45',
      notes: 'Went through the statement together.',
    };
    const refused = await alex.post(contactsPath(), await aForm(alex, saturday));
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('<title>Error: ');
    expect(summaryOf(refused.body)).toEqual([
      [
        'saturdayReason',
        'Enter why the victim could not be supported at another time (the contact was on a Saturday)',
      ],
    ]);
    expect(refused.body).toContain('Went through the statement together.');
    expect(refused.body).toMatch(/value="web-chat" checked/);
    expect(await contactLog().listForCase(caseId)).toHaveLength(1);
    const accepted = await alex.post(
      contactsPath(),
      await aForm(alex, { ...saturday, saturdayReason: 'Works Monday to Friday and cannot talk at work' }),
    );
    expect(accepted.status).toBe(303);

    // Face to face this morning: the venue is required.
    const visit = {
      ...TELEPHONE,
      'date-day': '14',
      time: '9:15am',
      channel: 'face-to-face',
      'support-emotional-support': '',
      'support-criminal-justice-information': '',
      'support-advocacy': 'yes',
      'support-practical-help': 'yes',
      durationMinutes: '90',
      notes: '',
    };
    const noVenue = await alex.post(contactsPath(), await aForm(alex, visit));
    expect(noVenue.status).toBe(400);
    expect(summaryOf(noVenue.body)).toEqual([['venue', 'Enter where the face-to-face contact took place']]);
    expect(
      (
        await alex.post(
          contactsPath(),
          await aForm(alex, { ...visit, venue: 'Victim First office, Leicester' }),
        )
      ).status,
    ).toBe(303);

    // The list, newest first, with everything a caseworker needs.
    const list = await alex.get(`${contactsPath()}?saved=contact`);
    expect(list.body).toContain('Contact logged.');
    // The Contacts section of the case record, under its sub-navigation.
    expect(list.body).toMatch(new RegExp(`aria-current="page" href="/cases/${caseId}/contacts"`));
    expect(list.body).toContain('3 contacts, 2 hours 35 minutes in all.');
    const titles = [...list.body.matchAll(/govuk-summary-card__title">\s*([^<]*?)\s*</g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Mon 14 Dec 2026, 09:15: face to face',
      'Sat 12 Dec 2026, 11:00: web chat',
      'Fri 11 Dec 2026, 14:30: telephone',
    ]);
    for (const text of [
      'Victim First office, Leicester',
      'Advocacy; Practical help',
      '1 hour 30 minutes',
      'From the victim',
      'Help with a Victim Personal Statement',
      'Works Monday to Friday and cannot talk at work',
      'Emotional support; Information on the criminal justice process',
      'caseworker.one',
    ])
      expect(list.body).toContain(text);
    // The notes as written, line by line.
    expect(list.body).toMatch(
      /Ada Example asked when the trial is\.<br \/>\s*Agreed to call again next week\./,
    );

    // The timeline: one event per contact, codes only.
    const events = (await served.fresh.system.store.timeline(caseId)).filter(
      (e) => e.type === 'contact-logged',
    );
    expect(
      events.map((e) => [e.detail.channel, e.detail.direction, e.detail.support, e.detail.minutes]),
    ).toEqual([
      ['telephone', 'to-victim', 'emotional-support,criminal-justice-information', 20],
      ['web-chat', 'from-victim', 'victim-personal-statement', 45],
      ['face-to-face', 'to-victim', 'advocacy,practical-help', 90],
    ]);
    const timeline = (await alex.get(`/cases/${caseId}/timeline`)).body;
    for (const label of [
      'Contact: telephone, to the victim',
      'Contact: web chat, from the victim',
      'Contact: face to face, to the victim',
    ])
      expect(timeline).toContain(label);
    expect(timeline).toContain('Help with a Victim Personal Statement. 45 minutes. By caseworker.one.');
    expect(timeline).not.toContain('statement together');
    const written = JSON.stringify(events);
    for (const secret of ['Ada Example', 'statement together', 'Works Monday', 'Victim First office'])
      expect(written).not.toContain(secret);

    // Audited: the list viewed, each contact logged once.
    const audit = (
      await new DynamoDbAuditLog(served.fresh.client, served.fresh.tableName).forCase(caseId, {
        limit: 200,
      })
    ).entries;
    expect(audit.filter((e) => e.what === 'contact:log' && e.action === 'changed')).toHaveLength(3);
    expect(
      audit.some((e) => e.what === 'contacts' && e.action === 'viewed' && e.user === 'caseworker.one'),
    ).toBe(true);
  });

  it('names every bad input in the error summary, keeps what was typed, and logs nothing', async () => {
    const before = (await contactLog().listForCase(caseId)).length;
    const blank = await alex.post(contactsPath(), await aForm(alex, {}));
    expect(blank.status).toBe(400);
    expect(summaryOf(blank.body).map(([field]) => field)).toEqual([
      'date-day',
      'time',
      'channel',
      'direction',
      'support',
      'durationMinutes',
    ]);

    const bad: ReadonlyArray<readonly [Record<string, string>, string, string]> = [
      [{ 'date-day': '15' }, 'date-day', 'The date of the contact must be today or in the past'],
      [{ 'date-day': '31', 'date-month': '11' }, 'date-day', 'The date of the contact must be a real date'],
      [{ 'date-month': '' }, 'date-day', 'The date of the contact must include a month'],
      [{ 'date-day': '9' }, 'date-day', 'The contact must be after the referral was received'],
      [{ 'date-day': '14', time: '10:30' }, 'time', 'The time of the contact must be now or in the past'],
      [{ time: '25:00' }, 'time', 'The time of the contact must be a time of day, like 14:30'],
      [{ channel: 'carrier-pigeon' }, 'channel', 'Select how the contact was made'],
      [{ direction: 'sideways' }, 'direction', 'Select whether the victim contacted the service'],
      [
        { 'support-emotional-support': '', 'support-criminal-justice-information': '' },
        'support',
        'Select the support given in the contact',
      ],
      [{ durationMinutes: '0' }, 'durationMinutes', 'must be between 1 and 600 minutes'],
      [{ durationMinutes: '601' }, 'durationMinutes', 'must be between 1 and 600 minutes'],
      [{ durationMinutes: 'half an hour' }, 'durationMinutes', 'must be a whole number of minutes'],
      [{ notes: 'x'.repeat(2001) }, 'notes', 'Notes must be 2000 characters or fewer'],
      [{ notes: 'Rang \u0007 twice' }, 'notes', 'Notes must be ordinary text'],
      [{ channel: 'face-to-face', venue: 'Room\t4' }, 'venue', 'must be ordinary text, on one line'],
    ];
    for (const [change, field, text] of bad) {
      const answer = await alex.post(contactsPath(), await aForm(alex, { ...TELEPHONE, ...change }));
      expect(answer.status, JSON.stringify(change)).toBe(400);
      const summary = summaryOf(answer.body);
      expect(
        summary.map(([f]) => f),
        JSON.stringify(change),
      ).toEqual([field]);
      expect(summary[0]?.[1]).toContain(text);
      // What was typed stays on the form.
      if (!('notes' in change)) expect(answer.body).toContain('Agreed to call again next week.');
      if (!('durationMinutes' in change))
        expect(answer.body).toMatch(/name="durationMinutes" type="text"[^>]*value="20"/);
    }
    // A form whose key was never drawn here is refused, asking to send it again.
    const { idempotencyKey: _key, ...noKey } = await aForm(alex, TELEPHONE);
    const unkeyed = await alex.post(contactsPath(), noKey);
    expect(unkeyed.status).toBe(400);
    expect(unkeyed.body).toContain('This form could not be matched to the page it came from');

    expect(await contactLog().listForCase(caseId)).toHaveLength(before);
  });

  it('logs the same form once however often it is sent, and lets a team leader read but not a contractor', async () => {
    const before = (await contactLog().listForCase(caseId)).length;
    const form = await aForm(alex, {
      ...TELEPHONE,
      'date-day': '14',
      time: '09:50',
      notes: 'Quick check-in.',
    });
    const sent = await Promise.all([alex.post(contactsPath(), form), alex.post(contactsPath(), form)]);
    sent.push(await alex.post(contactsPath(), form));
    expect(sent.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(await contactLog().listForCase(caseId)).toHaveLength(before + 1);
    const events = (await served.fresh.system.store.timeline(caseId)).filter(
      (e) => e.type === 'contact-logged',
    );
    expect(events).toHaveLength(before + 1);

    const leader = await new Visitor(served.url).signIn('team.leader');
    expect((await leader.get(contactsPath())).body).toContain('Quick check-in.');
    const contractor = await new Visitor(served.url).signIn('contractor.one');
    const refused = await contractor.get(contactsPath());
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('Quick check-in.');
  });

  it('takes no contact on a closed case: the list says so and a form sent is refused with 409', async () => {
    const support = new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName);
    const scores = Object.fromEntries(
      NEEDS_AREAS.map((area) => [area, { score: 5 }]),
    ) as unknown as Assessment;
    const form = await aForm(alex, { ...TELEPHONE, 'date-day': '14', time: '09:55' });
    await support.saveAssessment(caseId, {
      kind: 'closing',
      assessment: scores,
      by: 'caseworker.one',
      at: MONDAY_10AM,
    });
    await support.closeSupport(caseId, 'caseworker.one', MONDAY_10AM);
    const before = (await contactLog().listForCase(caseId)).length;

    const list = await alex.get(contactsPath());
    expect(list.body).toContain('This case is closed: no more contacts can be logged.');
    expect(list.body).not.toContain(`href="${contactsPath()}/new"`);
    expect((await alex.get(`${contactsPath()}/new`)).status).toBe(409);
    const refused = await alex.post(contactsPath(), form);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('No contact can be logged on a closed case.');
    expect(await contactLog().listForCase(caseId)).toHaveLength(before);
  });

  it('is counted in the quarterly return, read from the contacts’ day index', async () => {
    const { system, client, tableName } = served.fresh;
    const inputs = await gatherReturnInputs(
      {
        store: system.store,
        support: new DynamoDbSupportStore(client, tableName),
        referrals: system.jobs,
        jobs: system.jobs,
        agencies: new DynamoDbAgencyList(client, tableName),
        contacts: contactLog(),
      },
      parseQuarter('2026/27-Q3'),
      8_000_000,
      MONDAY_10AM,
    );
    const value = (id: string) => computeReturn(inputs).measures.find((m) => m.id === id);

    expect(inputs.contacts).toHaveLength(4);
    expect(value('further-support.victims')?.value).toBe(1);
    expect(value('further-support.face-to-face')).toMatchObject({ value: 1, percentage: 100 });
    expect(value('further-support.web-chat')).toMatchObject({ value: 1, percentage: 100 });
    expect(value('further-support.telephone-only')).toMatchObject({ value: 0, percentage: 0 });
    expect(value('victim-personal-statements')?.value).toBe(1);
    expect(value('advocacy')?.value).toBe(1);
  });
});
