import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../local/server/local-server.ts';
import { escapeHtml } from '../../local/server/page-shell.ts';
import type { MessageChannel } from '../../shared/domain/messaging.ts';
import { type MessageRecord, providerSideMessageId } from '../../shared/domain/messaging.ts';
import { aPartnerReferralBody, RECEIVED_AT } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce, type FreshLocalSystem } from '../support/local-system.ts';
import { type RawAnswer, rawRequest } from '../support/raw-request.ts';
import { Visitor } from '../support/visitor.ts';

let served: ServedLocalSystem | undefined;
const outside = mkdtempSync(join(tmpdir(), 'vf-not-data-'));

/** The session cookie each request carries: the outbox is open only to people signed in who work cases. */
let signedIn = '';

/** The cookie of one of the local people signed in through the web app's sign-in page. */
async function cookieOf(on: LocalServer, user: string): Promise<string> {
  const visitor = await new Visitor(on.url).signIn(user);
  return [...visitor.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

/**
 * The local system on a virtual clock at Tuesday 10:00, its engine running, and the server in front; every
 * request from here on is Alex Example's (a caseworker), signed in.
 */
async function serve(): Promise<{ fresh: FreshLocalSystem; server: LocalServer }> {
  served = await startServedLocalSystem(RECEIVED_AT);
  signedIn = await cookieOf(served.server, 'caseworker.one');
  return { fresh: served.fresh, server: served.server };
}

/** A request as the server receives it (the path exactly as written), as Alex unless another cookie is given. */
function call(
  on: LocalServer,
  method: string,
  path: string,
  body?: unknown,
  cookie = signedIn,
): Promise<RawAnswer> {
  return rawRequest(on.url, { method, path, body, headers: cookie ? { cookie } : {} });
}

/** Asks until the answer is there; fails naming what never came. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Refers a victim whose chosen written channel is `contactMethod` and waits for the offer of support. */
async function referAndAwaitOffer(
  on: { fresh: FreshLocalSystem; server: LocalServer },
  reference: string,
  contactMethod: 'email' | 'sms' | 'post',
  channel: MessageChannel,
): Promise<MessageRecord> {
  const posted = await call(
    on.server,
    'POST',
    '/referrals/partner',
    aPartnerReferralBody({ reference, contactMethod }),
  );
  expect(posted.status).toBe(201);
  const caseId: string = posted.json.caseId;
  return eventually(`the offer of support to ${reference} by ${channel}`, async () => {
    const sent = await on.fresh.system.messages.getMessage(caseId, 'message.support-offer.1');
    return sent?.channel === channel ? sent : undefined;
  });
}

/** The rows of one channel's section of the outbox page. */
function sectionOf(page: string, channel: MessageChannel): string {
  const start = page.indexOf(`<section aria-labelledby="channel-${channel}">`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
}

const link = (message: Pick<MessageRecord, 'caseId' | 'messageId'>) =>
  `/outbox/${encodeURIComponent(message.caseId)}/${encodeURIComponent(message.messageId)}`;

/** What the local messenger wrote for an e-mail or text. */
const sentFile = (dataDir: string, message: MessageRecord) =>
  JSON.parse(
    readFileSync(
      join(
        dataDir,
        'outbox',
        message.channel,
        `${providerSideMessageId(message.caseId, message.messageId)}.json`,
      ),
      'utf8',
    ),
  ) as { subject?: string; text: string };

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await served?.close();
  served = undefined;
});

afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('the outbox on the local server', () => {
  it('lists the e-mail, text and letter the local system sent, each linked to what was sent', async () => {
    const on = await serve();
    const email = await referAndAwaitOffer(on, 'DSA-2026-0301', 'email', 'email');
    const sms = await referAndAwaitOffer(on, 'DSA-2026-0302', 'sms', 'sms');
    const letter = await referAndAwaitOffer(on, 'DSA-2026-0303', 'post', 'letter');

    const page = await call(on.server, 'GET', '/outbox');
    const tasks = await call(on.server, 'GET', '/tasks');

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(page.text).toContain('<title>Outbox – Victim First (local system)</title>');
    const headings = [...page.text.matchAll(/<h2 id="channel-(\w+)">([^<]+)<\/h2>/g)];
    expect(headings.map(([, id, title]) => [id, title])).toEqual([
      ['email', 'E-mail'],
      ['sms', 'Text message (SMS)'],
      ['letter', 'Letter'],
    ]);
    for (const [channel, message] of [
      ['email', email],
      ['sms', sms],
      ['letter', letter],
    ] as const) {
      const rows = sectionOf(page.text, channel);
      expect(rows).toContain(`<td>${message.caseId}</td>`);
      expect(rows).toContain('<td>Offer of support</td>');
      expect(rows).toContain('<td>Sent</td>');
      // Sent at once on receipt: Tuesday 10:00 in Leicester (GMT in December).
      expect(rows).toContain('<time datetime="2026-12-15T10:00:00.000Z">Tue 15 Dec 2026, 10:00</time>');
      expect(rows).toContain(`<a href="${link(message)}"><code>message.support-offer.1</code></a>`);
    }
    expect(sectionOf(page.text, 'letter')).toContain('</a> (PDF)');
    expect(tasks.text).toContain('href="/outbox"');
  });

  it('shows victims’ messages only to caseworkers and team leaders: anyone else is sent to sign in or refused', async () => {
    const on = await serve();
    const letter = await referAndAwaitOffer(on, 'DSA-2026-0321', 'post', 'letter');
    const paths = ['/outbox', link(letter)];
    for (const path of paths) {
      // Nobody signed in: sent to sign in, with nothing of the messages.
      const stranger = await call(on.server, 'GET', path, undefined, '');
      expect(stranger.status, path).toBe(303);
      expect(stranger.headers.location).toBe('/');
      expect(stranger.text).toBe('');
      // A cookie that is not a session is nobody.
      expect((await call(on.server, 'GET', path, undefined, 'vf_session=forged')).status).toBe(303);
      for (const user of ['contractor.one', 'analyst.one', 'admin.one']) {
        const refused = await call(on.server, 'GET', path, undefined, await cookieOf(on.server, user));
        expect(refused.status, `${user} ${path}`).toBe(403);
        expect(refused.text).toContain('You cannot open the outbox');
        expect(refused.text).not.toContain(letter.caseId);
        expect(refused.bytes.subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
      }
      const leader = await call(on.server, 'GET', path, undefined, await cookieOf(on.server, 'team.leader'));
      expect(leader.status, path).toBe(200);
    }
    // The sign-in page no longer links to it.
    expect((await call(on.server, 'GET', '/', undefined, '')).text).not.toContain('href="/outbox"');
  });

  it('opens a letter as its PDF inline, and shows an e-mail and a text as what was sent', async () => {
    const on = await serve();
    const email = await referAndAwaitOffer(on, 'DSA-2026-0311', 'email', 'email');
    const sms = await referAndAwaitOffer(on, 'DSA-2026-0312', 'sms', 'sms');
    const letter = await referAndAwaitOffer(on, 'DSA-2026-0313', 'post', 'letter');

    const pdf = await call(on.server, 'GET', link(letter));
    const emailPage = await call(on.server, 'GET', link(email));
    const smsPage = await call(on.server, 'GET', link(sms));

    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      `inline; filename="${letter.caseId}.message.support-offer.1.pdf"`,
    );
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.equals(readFileSync(letter.location as string))).toBe(true);

    const sentEmail = sentFile(on.fresh.system.dataDir, email);
    expect(emailPage.status).toBe(200);
    expect(emailPage.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(emailPage.text).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(emailPage.text).toContain('<h1>E-mail: Offer of support</h1>');
    expect(emailPage.text).toContain(`<dt>Subject</dt><dd>${escapeHtml(sentEmail.subject)}</dd>`);
    expect(emailPage.text).toContain(`<pre>${escapeHtml(sentEmail.text)}</pre>`);
    expect(sentEmail.text).toContain(email.caseId);

    const sentSms = sentFile(on.fresh.system.dataDir, sms);
    expect(smsPage.status).toBe(200);
    expect(smsPage.text).toContain('<h1>Text message: Offer of support</h1>');
    expect(smsPage.text).toContain(`<pre>${escapeHtml(sentSms.text)}</pre>`);
    expect(smsPage.text).not.toContain('<dt>Subject</dt>');
  });

  it('answers 404 naming an unknown case or message, and never reads a file the URL names', async () => {
    const on = await serve();
    const email = await referAndAwaitOffer(on, 'DSA-2026-0321', 'email', 'email');
    const caseId = encodeURIComponent(email.caseId);
    const emailFile = `${email.caseId}.message.support-offer.1.json`;

    const unknownMessage = await call(on.server, 'GET', `/outbox/${caseId}/message.final-letter.1`);
    const unknownCase = await call(on.server, 'GET', '/outbox/VF-NONE0-00000/message.support-offer.1');
    const traversals = await Promise.all(
      [
        `/outbox/${caseId}/..%2F..%2Foutbox%2Femail%2F${encodeURIComponent(emailFile)}`,
        `/outbox/${caseId}/%2E%2E%2Femail%2F${encodeURIComponent(emailFile)}`,
        `/outbox/..%2Foutbox%2Femail/${encodeURIComponent(emailFile)}`,
        `/outbox/${caseId}/message.support-offer.1%2F..`,
        '/outbox/%2E%2E/%2E%2E',
        '/outbox/%2Fetc/passwd',
      ].map((path) => call(on.server, 'GET', path)),
    );

    expect(unknownMessage.status).toBe(404);
    expect(unknownMessage.json).toEqual({
      errors: [
        {
          field: 'messageId',
          message: `no message message.final-letter.1 on case ${email.caseId}: /outbox lists them`,
        },
      ],
    });
    expect(unknownCase.status).toBe(404);
    expect(unknownCase.json.errors[0].message).toBe(
      'no message message.support-offer.1 on case VF-NONE0-00000: /outbox lists them',
    );
    for (const answer of traversals) {
      expect(answer.status).toBe(404);
      expect(answer.json.errors[0]).toMatchObject({
        field: 'messageId',
        message: expect.stringMatching(/^no message .* on case .*: \/outbox lists them$/),
      });
    }
  });

  it('never serves a file whose stored location is outside the data directory', async () => {
    const on = await serve();
    const { dataDir } = on.fresh.system;
    const secret = join(outside, 'secret.pdf');
    writeFileSync(secret, '%PDF-1.7 not the data directory');
    const letters = join(dataDir, 'letters', '2026-12-15');
    mkdirSync(letters, { recursive: true });
    symlinkSync(secret, join(letters, 'VF-LINKD-00001.message.support-offer.1.pdf'));
    // An e-mail whose ids would name a file above the outbox's own folder.
    writeFileSync(
      join(dataDir, 'planted.message.support-offer.1.json'),
      '{"subject":"planted","text":"planted"}',
    );
    const stored = (caseId: string, channel: MessageChannel, location?: string) =>
      on.fresh.system.messages.recordSent({
        caseId,
        messageId: 'message.support-offer.1',
        channel,
        purpose: 'support-offer',
        sentAt: RECEIVED_AT,
        ...(location ? { location } : { providerMessageId: `local-${caseId}` }),
      });
    await stored('VF-OUTSD-00001', 'letter', secret);
    // Both folders are in the temporary directory: up twice from the letters is up out of the data directory.
    await stored('VF-DOTTS-00001', 'letter', `${dataDir}/letters/../../${basename(outside)}/secret.pdf`);
    await stored('VF-LINKD-00001', 'letter', join(letters, 'VF-LINKD-00001.message.support-offer.1.pdf'));
    await stored('VF-GONE0-00001', 'letter', join(letters, 'VF-GONE0-00001.message.support-offer.1.pdf'));
    await stored('../../planted', 'email');

    const answers = await Promise.all(
      ['VF-OUTSD-00001', 'VF-DOTTS-00001', 'VF-LINKD-00001', 'VF-GONE0-00001', '../../planted'].map(
        (caseId) => call(on.server, 'GET', link({ caseId, messageId: 'message.support-offer.1' })),
      ),
    );
    const page = await call(on.server, 'GET', '/outbox');

    for (const [index, answer] of answers.entries()) {
      expect(answer.status, `answer ${index}`).toBe(404);
      expect(answer.json.errors[0]).toMatchObject({
        field: '(file)',
        message: expect.stringContaining('has no file in the local data directory'),
      });
      expect(answer.text).not.toContain('%PDF');
      expect(answer.text).not.toContain('planted"');
    }
    // Still listed (the store knows them), linked by their ids.
    expect(page.text).toContain(`<a href="/outbox/..%2F..%2Fplanted/message.support-offer.1">`);
  });

  it('shows a bounce with its reason code and local time, every value escaped', async () => {
    const on = await serve();
    const caseId = 'VF-<script>alert("x")</script>&';
    await on.fresh.system.messages.recordSent({
      caseId,
      messageId: 'message.<b>odd</b>.1',
      channel: 'email',
      purpose: 'support-offer',
      // Summer: 09:30 UTC is 10:30 in Leicester.
      sentAt: new Date('2026-07-01T09:30:00Z'),
      providerMessageId: 'local-email-escaped',
    });
    await on.fresh.system.messages.recordDeliveryStatus({
      providerMessageId: 'local-email-escaped',
      channel: 'email',
      status: 'bounced',
      permanent: true,
      reason: 'bounce-general',
      at: '2026-07-01T09:31:00Z',
      providerEvent: 'Bounce',
    });

    const page = await call(on.server, 'GET', '/outbox');
    const wrongMethod = await call(on.server, 'POST', '/outbox');
    const wrongMethodOnMessage = await call(on.server, 'DELETE', '/outbox/a/b');
    const badEncoding = await call(on.server, 'GET', '/outbox/%ZZ/b');

    const rows = sectionOf(page.text, 'email');
    expect(rows).toContain('<td>VF-&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;</td>');
    expect(rows).toContain('<code>message.&lt;b&gt;odd&lt;/b&gt;.1</code>');
    expect(rows).toContain(
      `<a href="/outbox/VF-%3Cscript%3Ealert(%22x%22)%3C%2Fscript%3E%26/message.%3Cb%3Eodd%3C%2Fb%3E.1">`,
    );
    expect(rows).toContain('<td>Bounced (<code>bounce-general</code>, permanent)</td>');
    expect(rows).toContain('<time datetime="2026-07-01T09:30:00.000Z">Wed 1 Jul 2026, 10:30</time>');
    expect(page.text).not.toContain('<script>');
    expect(page.text).not.toContain('<b>');
    expect(sectionOf(page.text, 'sms')).toContain('<p>Nothing sent by text message.</p>');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(wrongMethodOnMessage.status).toBe(405);
    expect(badEncoding.status).toBe(400);
  });
});
