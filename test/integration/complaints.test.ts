import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// Complaints on the served local system: the public page refuses bad input with GOV.UK's error summary and
// writes nothing, keeps a complaint once however often its form is sent and shows nothing of it to another
// visitor; staff key in a phone complaint (refused without how it came, values kept); the contractor and the
// analyst see only the home-security service's, the analyst without changing anything; each change audited.

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;
const summaryOf = (body: string) =>
  [...(/govuk-error-summary[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(/href="#([^"]+)">([^<]*)</g)].map(
    (m) => [m[1], m[2]],
  );
const GOOD = {
  service: 'target-hardening',
  whatWentWrong: 'The fitter left the old lock on the back door. <b>Twice</b>',
  wanted: 'Fit the new lock.',
  replyBy: 'sms',
  mobile: '07700 900123',
};

beforeAll(async () => {
  served = await startServedLocalSystem(TUESDAY_10AM);
}, 180_000);

afterAll(async () => {
  await served?.close();
});

describe('complaints', () => {
  it('refuses a public complaint with problems, naming each field, keeping what was typed and writing nothing', async () => {
    const visitor = new Visitor(served.url);
    const hidden = await visitor.formFields('/complaints', '/complaints');
    const response = await visitor.post('/complaints', {
      ...hidden,
      whatWentWrong: 'Nobody rang me back.',
      replyBy: 'sms',
      mobile: '0116 496 0000',
      caseReference: 'my case',
    });
    expect(response.status).toBe(400);
    expect(summaryOf(response.body)).toEqual([
      ['service', 'Select which service your complaint is about'],
      ['wanted', 'Enter what you would like to happen'],
      ['mobile', 'Enter a mobile phone number, like 07700 900 982'],
      [
        'caseReference',
        'Enter the reference as it is on our letter or message, like VF-7K3Q9-X2A4B, or leave it out',
      ],
    ]);
    expect(response.body).toContain('Nobody rang me back.');
    expect(await served.fresh.system.complaints.listOpen(1, 10)).toEqual([]);
    expect(await served.fresh.system.complaints.listOpen(2, 10)).toEqual([]);
  });

  it('keeps a public complaint once however often it is sent, and shows it to no other visitor', async () => {
    const visitor = new Visitor(served.url);
    const hidden = await visitor.formFields('/complaints', '/complaints');
    const first = await visitor.post('/complaints', { ...hidden, ...GOOD });
    const again = await visitor.post('/complaints', { ...hidden, ...GOOD });
    expect([first.status, again.status]).toEqual([200, 200]);
    const reference = /id="complaint-reference">([^<]+)</.exec(first.body)?.[1];
    expect(reference).toMatch(/^CMP-/);
    expect(again.body).toContain(reference);
    expect(first.body).toContain('We will text you');
    const open = await served.fresh.system.complaints.listOpen(2, 10);
    expect(open.map((c) => [c.complaintId, c.channel, c.reply])).toEqual([
      [reference, 'public-form', { channel: 'sms', address: '+447700900123' }],
    ]);
    // Another visitor's form shows nothing of it.
    const other = await new Visitor(served.url).get('/complaints');
    expect(other.body).not.toContain('back door');
    const audit = await served.fresh.system.audit.forCase(reference as string);
    expect(audit.entries.map((e) => [e.user, e.what])).toEqual([['public', 'complaint:receive:public-form']]);
  });

  it('lets staff key in a phone complaint, refused first without how it came with the values kept', async () => {
    const sam = await new Visitor(served.url).signIn('team.leader');
    const hidden = await sam.formFields('/complaints-received/new', '/complaints-received/new');
    const form = {
      ...hidden,
      service: 'victim-first',
      whatWentWrong: 'Rang to say the caseworker was rude.',
      wanted: 'An apology.',
      replyBy: 'none',
    };
    const refused = await sam.post('/complaints-received/new', form);
    expect(refused.status).toBe(400);
    expect(summaryOf(refused.body)).toEqual([['via', 'Select how the complaint reached you']]);
    expect(refused.body).toContain('Rang to say the caseworker was rude.');
    expect(await served.fresh.system.complaints.listOpen(1, 10)).toEqual([]);

    const kept = await sam.post('/complaints-received/new', { ...form, via: 'phone' });
    expect(kept.status).toBe(303);
    const complaintId = decodeURIComponent((kept.location ?? '').split('/').pop() ?? '');
    const complaint = await served.fresh.system.complaints.get(complaintId);
    expect([complaint?.channel, complaint?.keyedBy, complaint?.lot]).toEqual(['phone', 'team.leader', 1]);
    const page = await sam.get(kept.location as string);
    expect(page.body).toContain('Acknowledge the complaint');
    expect(page.body).toContain('keyed in by team.leader');
    // What the complainant wrote is text, never markup, on the staff pages too.
    const lot2 = (await served.fresh.system.complaints.listOpen(2, 1))[0]?.complaintId as string;
    const contractor = await new Visitor(served.url).signIn('contractor.one');
    const shown = await contractor.get(`/complaints-received/${lot2}`);
    expect(shown.body).toContain('&lt;b&gt;Twice&lt;/b&gt;');
    expect(shown.body).not.toContain('<b>Twice');
  });

  it("shows the contractor and the analyst only the home-security service's complaints, the analyst read-only", async () => {
    const lot1 = (await served.fresh.system.complaints.listOpen(1, 1))[0]?.complaintId as string;
    const lot2 = (await served.fresh.system.complaints.listOpen(2, 1))[0]?.complaintId as string;
    for (const user of ['contractor.one', 'analyst.one']) {
      const visitor = await new Visitor(served.url).signIn(user);
      const list = await visitor.get('/complaints-received');
      expect(list.status).toBe(200);
      expect(list.body).toContain(lot2);
      expect(list.body).not.toContain(lot1);
      expect((await visitor.get(`/complaints-received/${lot1}`)).status).toBe(403);
      const page = await visitor.get(`/complaints-received/${lot2}`);
      expect(page.body.includes('Acknowledge the complaint')).toBe(user === 'contractor.one');
    }
    const caseworker = await new Visitor(served.url).signIn('caseworker.one');
    const list = await caseworker.get('/complaints-received');
    expect(list.body).toContain(lot1);
    expect(list.body).not.toContain(lot2);
    expect((await caseworker.get(`/complaints-received/${lot2}`)).status).toBe(403);
    const refusals = (await served.fresh.system.audit.forCase(lot2)).entries.filter(
      (e) => e.action === 'refused',
    );
    expect(refusals.map((e) => e.user)).toEqual(['caseworker.one']);
  });
});
