import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedLocalSystem } from '../support/local-server.ts';
import { type PublicVisitor, startServedPublicPages } from '../support/public-pages.ts';
import { Visitor } from '../support/visitor.ts';

// A Tuesday, 10:00 in Leicester: web chats can be booked from 10:30 today.
const START = new Date('2026-12-15T10:00:00Z');
const SLOT = '2026-12-15T11:00:00.000Z';

type Answers = Record<string, string | readonly string[]>;

/** Every page of the self-referral form, in order, with a victim's answers (synthetic). */
const PAGES = (chat: 'yes' | 'no'): [string, Answers][] => [
  ['name', { forename: 'Ada', surname: 'Example' }],
  ['date-of-birth', { 'dateOfBirth-day': '5', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1980' }],
  ['contact', { contactMethod: 'sms', textMobile: '07700 900123' }],
  ['contact-times', { contactTimes: ['morning', 'afternoon'] }],
  ['safe-contact', { unsafeChannels: ['voicemail', 'letter'] }],
  ['communication-needs', { communicationNeeds: ['large-print'] }],
  ['what-happened', { whatHappened: 'Someone broke the front window.' }],
  ['crime-type', { offence: 'criminal-damage' }],
  ['area', { npa: 'blaby' }],
  ['web-chat', { webChat: chat }],
  ...(chat === 'yes'
    ? ([
        ['web-chat-day', { webChatDay: '2026-12-15' }],
        ['web-chat-time', { webChatSlot: SLOT }],
      ] as [string, Answers][])
    : []),
  ['consent', { consent: 'yes' }],
];

/** Answers every page as a visitor would, each page opened before it is sent; ends on Check your answers. */
async function answerEveryPage(visitor: PublicVisitor, chat: 'yes' | 'no'): Promise<void> {
  for (const [slug, answers] of PAGES(chat)) {
    const sent = await visitor.submit(`/self-referral/${slug}`, answers);
    expect(sent.status, `${slug}: ${sent.body.slice(0, 200)}`).toBe(303);
  }
  expect((await visitor.get('/self-referral/check-answers')).status).toBe(200);
}

const caseIdOf = (body: string) => /VF-[0-9A-Z]{5}-[0-9A-Z]{5}/.exec(body)?.[0];

describe('the self-referral form on the local server', () => {
  let served: ServedLocalSystem & { readonly visitor: () => PublicVisitor };
  beforeAll(async () => {
    served = await startServedPublicPages(START);
  }, 120_000);
  afterAll(async () => served?.close());

  it('opens one case as POST /referrals/self would, with the web chat slot, however often it is sent', async () => {
    const visitor = served.visitor();
    await answerEveryPage(visitor, 'yes');
    // Two clicks at once on "Send my referral".
    const token = await visitor.formToken('/self-referral/check-answers');
    const [first, second] = await Promise.all(
      [0, 1].map(() =>
        visitor.post('/self-referral/check-answers', { formToken: token }, { origin: visitor.site }),
      ),
    );
    expect([first?.status, second?.status]).toEqual([303, 303]);
    const confirmation = await visitor.get('/self-referral/confirmation');
    expect(confirmation.body).toContain('Tuesday 15 December at 11:00am');
    const caseId = caseIdOf(confirmation.body) as string;
    const stored = await served.fresh.system.store.getCase(caseId);
    expect(stored?.referral).toMatchObject({
      source: 'self',
      victim: { forename: 'Ada', surname: 'Example', dateOfBirth: '1980-03-05' },
      contactMethod: 'sms',
      contactTimes: ['morning', 'afternoon'],
      unsafeChannels: ['voicemail', 'letter'],
      communicationNeeds: ['large-print'],
      offence: 'criminal-damage',
      npa: 'blaby',
      risk: 'standard',
      webChatSlot: new Date(SLOT),
    });
    expect(await served.fresh.system.store.caseIdsReceivedOn('2026-12-15')).toEqual([caseId]);
    // Sent again later from the same browser: the same confirmation, no second case.
    const again = await visitor.post(
      '/self-referral/check-answers',
      { formToken: token },
      { origin: visitor.site },
    );
    expect(again.location).toBe('/self-referral/confirmation');
    expect(await served.fresh.system.store.caseIdsReceivedOn('2026-12-15')).toEqual([caseId]);
  });

  it('no longer offers a booked slot, and refuses it to a visitor shown it before it was taken', async () => {
    // Both visitors reach Check your answers with the same slot, which is free for both.
    const [early, late] = [served.visitor(), served.visitor()];
    const slot = '2026-12-15T12:00:00.000Z';
    for (const visitor of [early, late]) {
      for (const [page, answers] of PAGES('yes'))
        await visitor.submit(
          `/self-referral/${page}`,
          page === 'web-chat-time' ? { webChatSlot: slot } : answers,
        );
    }
    expect((await early.submit('/self-referral/check-answers', {})).location).toBe(
      '/self-referral/confirmation',
    );
    const refused = await late.submit('/self-referral/check-answers', {});
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('Someone has just booked the web chat at Tuesday 15 December at 12:00pm');
    expect(refused.body).toContain('href="/self-referral/web-chat-day?from=check"');
    // The slot is no longer offered; the one case is the early visitor's.
    expect((await late.get('/self-referral/web-chat-time')).body).not.toContain(`value="${slot}"`);
    expect((await late.get('/self-referral/confirmation')).location).toBe('/self-referral');
  });

  it('answers bad input with the error summary naming the field, the values kept, nothing kept', async () => {
    const visitor = served.visitor();
    await visitor.submit('/self-referral/name', { forename: 'Ada', surname: 'Example' });
    const page = await visitor.submit('/self-referral/contact', {
      contactMethod: 'sms',
      textMobile: '12345',
    });
    expect(page.status).toBe(400);
    expect(page.body).toContain('<title>Error: How would you like us to contact you?');
    expect(page.body).toContain('href="#textMobile"');
    expect(page.body).toContain('Enter mobile number for texts in the correct format, like 07700 900 982');
    expect(page.body).toContain('value="12345"');
    // Not kept: the page is asked again on the way to Check your answers.
    expect((await visitor.get('/self-referral/check-answers')).location).toBe('/self-referral/date-of-birth');
  });

  it('refuses a form without the visitor’s token, or from another site, writing nothing', async () => {
    const visitor = served.visitor();
    const token = await visitor.formToken('/self-referral/name');
    const forged = await visitor.post(
      '/self-referral/name',
      { forename: 'Ada', surname: 'Example', formToken: 'x'.repeat(43) },
      { origin: visitor.site },
    );
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('Form refused');
    const crossSite = await visitor.post(
      '/self-referral/name',
      { forename: 'Ada', surname: 'Example', formToken: token },
      { origin: 'https://elsewhere.example.org' },
    );
    expect(crossSite.status).toBe(403);
    // Another visitor's token with this visitor's cookie is refused too: it is not theirs.
    const other = served.visitor();
    const othersToken = await other.formToken('/self-referral/name');
    const borrowed = await visitor.post(
      '/self-referral/name',
      { forename: 'Ada', surname: 'Example', formToken: othersToken },
      { origin: visitor.site },
    );
    expect(borrowed.status).toBe(403);
    expect(visitor.cookies.has('vf-self-referral')).toBe(false);
  });

  it('never shows one visitor’s answers to another, whatever draft cookie they send', async () => {
    const owner = served.visitor();
    await owner.submit('/self-referral/name', { forename: 'Ada', surname: 'Example' });
    expect((await owner.get('/self-referral/name')).body).toContain('value="Example"');
    const stranger = served.visitor();
    // A guessed draft id, and one of the wrong shape: an empty form, as for a first visit.
    for (const guess of [
      'A'.repeat(43),
      '../../etc',
      (owner.cookies.get('vf-self-referral') ?? '').slice(0, 42),
    ]) {
      stranger.cookies.set('vf-self-referral', guess);
      const page = await stranger.get('/self-referral/name');
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('Example');
    }
  });

  it('takes a partner agency’s referral through its form, as POST /referrals/partner would', async () => {
    const partner = served.visitor();
    const refused = await partner.submit('/partner-referral/consent', { consent: 'no' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('You can only refer someone who has agreed');
    const pages: [string, Answers][] = [
      [
        'your-details',
        {
          organisation: 'Example Housing Trust',
          referrerName: 'Sam Sample',
          referrerRole: 'Support worker',
          referrerPhone: '0116 496 0123',
          referrerEmail: 'sam.sample@example.org',
        },
      ],
      ['consent', { consent: 'yes' }],
      ['name', { forename: 'Bea', surname: 'Example' }],
      ['date-of-birth', { 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' }],
      ['contact', { contactMethod: 'mobile-telephone', callMobile: '07700 900456' }],
      ['safe-contact', { unsafeChannels: ['none'] }],
      ['communication-needs', { communicationNeeds: ['interpreter'] }],
      ['crime-type', { offence: 'stalking-harassment' }],
      ['risk', { risk: 'high' }],
      ['area', { npa: 'charnwood' }],
      ['what-happened', { whatHappened: 'Followed home from work several times.' }],
    ];
    for (const [slug, answers] of pages) {
      const sent = await partner.submit(`/partner-referral/${slug}`, answers);
      expect(sent.status, `${slug}: ${sent.body.slice(0, 200)}`).toBe(303);
    }
    expect((await partner.submit('/partner-referral/check-answers', {})).location).toBe(
      '/partner-referral/confirmation',
    );
    const caseId = caseIdOf((await partner.get('/partner-referral/confirmation')).body) as string;
    const stored = await served.fresh.system.store.getCase(caseId);
    expect(stored?.referral).toMatchObject({
      source: 'partner',
      referrer: {
        organisation: 'Example Housing Trust',
        name: 'Sam Sample',
        role: 'Support worker',
        email: 'sam.sample@example.org',
      },
      victim: { forename: 'Bea', surname: 'Example' },
      contactMethod: 'mobile-telephone',
      consent: true,
      risk: 'high',
      unsafeChannels: [],
      communicationNeeds: ['interpreter'],
      offence: 'stalking-harassment',
      npa: 'charnwood',
      summary: 'Followed home from work several times.',
    });
  });

  it('lets a caseworker key in a referral taken by phone: one case, through the same intake, who and how audited', async () => {
    const staff = new Visitor(served.url);
    await staff.signIn('caseworker.one');
    const form = await staff.formFields('/new-referral', '/new-referral');
    const answers = new URLSearchParams({
      ...form,
      via: 'telephone',
      forename: 'Cal',
      surname: 'Example',
      contactMethod: 'home-telephone',
      homePhone: '0116 496 0456',
      communicationNeeds: 'none',
      offence: 'burglary-residential',
      npa: 'melton',
      consent: 'yes',
    });
    // Bad input first: the summary names the field, the values stay, nothing is written.
    const bad = await staff.post('/new-referral', answers, { origin: served.url });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('href="#contactTimes"');
    expect(bad.body).toContain('href="#unsafeChannels"');
    expect(bad.body).toContain('value="Example"');
    answers.append('contactTimes', 'any');
    answers.append('unsafeChannels', 'voicemail');
    const sent = await Promise.all(
      [0, 1].map(() => staff.post('/new-referral', answers, { origin: served.url })),
    );
    const [first, second] = sent.map((answer) => answer.location);
    expect(first).toMatch(/^\/cases\/VF-/);
    expect(second).toBe(first);
    const caseId = decodeURIComponent((first as string).slice('/cases/'.length));
    const { Item } = await served.fresh.client.send(
      new GetCommand({ TableName: served.fresh.tableName, Key: { pk: `CASE#${caseId}`, sk: 'CASE' } }),
    );
    expect(Item?.intake).toEqual({
      channel: 'staff-keyed',
      keyed: { via: 'telephone', by: 'caseworker.one' },
    });
    expect(Item?.referral).toMatchObject({
      source: 'self',
      contactMethod: 'home-telephone',
      unsafeChannels: ['voicemail'],
    });
    const audit = await served.fresh.system.audit.forCase(caseId);
    expect(audit.entries.map((e) => [e.user, e.action, e.what])).toContainEqual([
      'caseworker.one',
      'changed',
      'referral:keyed:telephone',
    ]);
  });

  // Last: it moves the clock on.
  it('refuses a web chat time that has passed by the time the form is sent, linking back to the time', async () => {
    const visitor = served.visitor();
    const slot = '2026-12-15T10:30:00.000Z';
    for (const [page, answers] of PAGES('yes'))
      await visitor.submit(
        `/self-referral/${page}`,
        page === 'web-chat-time' ? { webChatSlot: slot } : answers,
      );
    served.fresh.clock.set(new Date('2026-12-15T10:31:00Z'));
    const refused = await visitor.submit('/self-referral/check-answers', {});
    expect(refused.status).toBe(400);
    expect(refused.body).toContain(
      'The web chat time you chose can no longer be booked. Choose another time',
    );
    expect(refused.body).toContain('href="/self-referral/web-chat-time?from=check"');
    expect((await visitor.get('/self-referral/confirmation')).location).toBe('/self-referral');
  });
});
