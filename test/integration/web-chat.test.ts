import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSelfReferralBody } from '../fixtures/referrals.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';
import { type PublicVisitor, startServedPublicPages } from '../support/public-pages.ts';
import { Visitor } from '../support/visitor.ts';

// A booked web chat on the served local system (docs/web-chat.md): the one-time link from the confirmation
// in the outbox opens the chat once, in one browser, from shortly before the slot until it ends; a wrong
// or expired link gets the same page as any other; the caseworker answers on the case's web chat page, and
// ending the chat keeps its transcript on the case and logs it as a web chat contact.

/** Tuesday 15 December 2026, 10:00 in Leicester; chats booked for Wednesday at 14:00. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const SLOT = new Date('2026-12-16T14:00:00Z');

let served: ServedLocalSystem & { readonly visitor: () => PublicVisitor };
let caseId = '';
let link = '';
let unopened = '';

/** The path of the chat link in the text sent to a case, read from the local outbox. */
function linkSentTo(forCase: string): string {
  const folder = join(served.fresh.system.dataDir, 'outbox', 'sms');
  for (const file of readdirSync(folder)) {
    const sent = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { caseId?: string; text: string };
    const found = /\/chat\/[A-Za-z0-9_-]{43}/.exec(sent.text)?.[0];
    if (found && sent.caseId === forCase) return found;
  }
  throw new Error(`no chat link sent to ${forCase}`);
}

async function selfRefer(submissionId: string, mobile: string): Promise<string> {
  const response = await fetch(`${served.url}/referrals/self`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      aSelfReferralBody({ submissionId, phones: { mobile }, webChatSlot: SLOT.toISOString() }),
    ),
  });
  expect(response.status).toBe(201);
  const id = ((await response.json()) as { caseId: string }).caseId;
  for (let tries = 0; tries < 100 && !(await served.fresh.system.webChats.get(id))?.tokenHash; tries++)
    await served.fresh.system.engine.runDue();
  return id;
}

beforeAll(async () => {
  served = await startServedPublicPages(TUESDAY_10AM);
  caseId = await selfRefer('3f1c9d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f', '07700 900321');
  unopened = linkSentTo(await selfRefer('4a2d0e3f-9c8b-4d6e-8f10-2b3c4d5e6f70', '07700 900322'));
  link = linkSentTo(caseId);
}, 180_000);

afterAll(async () => served?.close());

const heading = (body: string) => /<h1[^>]*>([^<]+)<\/h1>/.exec(body)?.[1]?.trim();

describe('a booked web chat on the local system', () => {
  it('answers a guessed or malformed link with the same page as any link that does not work', async () => {
    const guessed = await served.visitor().get(`/chat/${'A'.repeat(43)}`);
    const malformed = await served.visitor().get('/chat/not-a-token');
    for (const page of [guessed, malformed]) {
      expect(page.status).toBe(404);
      expect(heading(page.body)).toBe('This web chat link does not work');
    }
  });

  it('tells a victim early to come back at the slot, without using up the link', async () => {
    const early = served.visitor();
    const page = await early.get(link);
    expect(page.status).toBe(200);
    expect(heading(page.body)).toBe('Your web chat has not started yet');
    expect(page.body).toContain('16 December 2026');
    expect((await served.fresh.system.webChats.get(caseId))?.victimSessionHash).toBeUndefined();
  });

  it('opens once, in one browser, at the slot; the caseworker answers, and ending it keeps the transcript and logs the contact', async () => {
    await served.fresh.system.engine.advanceTo(SLOT, served.fresh.clock);
    const victim = served.visitor();
    const opened = await victim.get(link);
    expect(opened.status).toBe(200);
    expect(heading(opened.body)).toBe('Web chat with Victim First');
    // Another browser with the same link: the same page as a wrong link.
    const other = await served.visitor().get(link);
    expect(other.status).toBe(404);
    expect(heading(other.body)).toBe('This web chat link does not work');

    const empty = await victim.post(
      link,
      { ...(await victim.formFields(link, link)), text: '  ' },
      { origin: served.url },
    );
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Enter a message');
    const sentHello = await victim.post(
      link,
      { ...(await victim.formFields(link, link)), text: 'Hello, I booked this chat.' },
      { origin: served.url },
    );
    expect(sentHello.status).toBe(303);

    const caseworker = await new Visitor(served.url).signIn('caseworker.one');
    const chatPath = `/cases/${caseId}/web-chat`;
    const staffPage = await caseworker.get(chatPath);
    expect(staffPage.body).toContain('Hello, I booked this chat.');
    const reply = await caseworker.post(chatPath, {
      ...(await caseworker.formFields(chatPath, chatPath)),
      text: 'Hello, I am Casey from Victim First. How can we help?',
    });
    expect(reply.status).toBe(303);
    expect((await victim.get(link)).body).toContain('How can we help?');

    const endPath = `${chatPath}/end`;
    const noSupport = await caseworker.post(endPath, await caseworker.formFields(chatPath, endPath));
    expect(noSupport.status).toBe(400);
    expect(noSupport.body).toContain('Select the support you gave in the chat');
    expect((await served.fresh.system.webChats.get(caseId))?.status).toBe('booked');
    const ended = await caseworker.post(endPath, {
      ...(await caseworker.formFields(chatPath, endPath)),
      'support-emotional-support': 'yes',
    });
    expect(ended.status).toBe(303);

    const [contact] = await served.fresh.system.contacts.listForCase(caseId);
    expect(contact).toMatchObject({
      channel: 'web-chat',
      direction: 'from-victim',
      support: ['emotional-support'],
    });
    const timeline = await served.fresh.system.store.timeline(caseId);
    expect(timeline.find((e) => e.type === 'web-chat-ended')?.detail).toEqual({
      lines: 2,
      by: 'caseworker.one',
      contactLogged: true,
    });
    const transcript = (await caseworker.get(chatPath)).body;
    expect(transcript).toContain('Hello, I booked this chat.');
    expect(transcript).toContain('Ended');
    // The victim's browser is told the chat is over, and shown nothing of it.
    const over = await victim.get(link);
    expect(heading(over.body)).toBe('This web chat has ended');
    expect(over.body).not.toContain('How can we help?');
  });

  it('opens nothing once the slot is over', async () => {
    await served.fresh.system.engine.advanceTo(new Date(SLOT.getTime() + 30 * 60_000), served.fresh.clock);
    const late = await served.visitor().get(unopened);
    expect(late.status).toBe(404);
    expect(heading(late.body)).toBe('This web chat link does not work');
  });
});
