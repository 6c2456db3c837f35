import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpenChatRota } from '../../shared/domain/open-chat.ts';
import { callTakerOn } from '../../shared/domain/open-chat-rota.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';
import { type PublicVisitor, startServedPublicPages } from '../support/public-pages.ts';
import { Visitor } from '../support/visitor.ts';

// Open web chat on the served local system (docs/web-chat.md, "Open web chat"): in service hours a visitor
// starts a chat at /chat/now with no booking; the call-taker on the rota (caseworker.one every day
// locally) sees it waiting on /open-chats and answers it through the same stand-in chat; another
// caseworker cannot answer it; ending it offers the visitor the self-referral. Out of hours the page says
// when the service opens.

/** Tuesday 15 December 2026, 10:00 in Leicester: open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** The same day at 19:00: closed (Tuesdays close at 18:00). */
const TUESDAY_7PM = new Date('2026-12-15T19:00:00Z');

let served: ServedLocalSystem & { readonly visitor: () => PublicVisitor };

beforeAll(async () => {
  served = await startServedPublicPages(TUESDAY_10AM);
}, 180_000);

afterAll(async () => served?.close());

const heading = (body: string) => /<h1[^>]*>([^<]+)<\/h1>/.exec(body)?.[1]?.trim();
const chatLinks = (body: string) =>
  [...body.matchAll(/href="(\/open-chats\/[0-9a-f]{64})"/g)].map((m) => m[1]);

async function startChat(visitor: PublicVisitor): Promise<void> {
  const start = await visitor.get('/chat/now');
  expect(start.status).toBe(200);
  expect(heading(start.body)).toBe('Chat now');
  const started = await visitor.post(
    '/chat/now/start',
    await visitor.formFields('/chat/now', '/chat/now/start'),
    {
      origin: served.url,
    },
  );
  expect(started.status).toBe(303);
}

describe('the call-taking rota', () => {
  it('reads day=staff-id pairs and refuses anything else', () => {
    const rota = parseOpenChatRota('mon=caseworker.two, tue=team.leader');
    const on = (date: string) => callTakerOn(date, { configured: rota, covers: [] });
    expect(on('2026-12-15')).toEqual({ staffId: 'team.leader', from: 'configured' });
    expect(on('2026-12-14')).toEqual({ staffId: 'caseworker.two', from: 'configured' });
    expect(on('2026-12-16')).toEqual({ from: 'configured' });
    expect(() => parseOpenChatRota('tuesday=caseworker.one')).toThrow(RangeError);
  });
});

describe('open web chat on the local system', () => {
  it('a visitor starts a chat in hours; the call-taker on the rota answers it and ends it; the visitor is offered the self-referral', async () => {
    const visitor = served.visitor();
    await startChat(visitor);
    const chatPage = await visitor.get('/chat/now');
    expect(heading(chatPage.body)).toBe('Web chat with Victim First');
    const empty = await visitor.post(
      '/chat/now',
      { ...(await visitor.formFields('/chat/now', '/chat/now')), text: ' ' },
      { origin: served.url },
    );
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Enter a message');
    const hello = await visitor.post(
      '/chat/now',
      { ...(await visitor.formFields('/chat/now', '/chat/now')), text: 'Hello, my bike was stolen.' },
      { origin: served.url },
    );
    expect(hello.status).toBe(303);
    // Starting again in the same browser keeps the same chat.
    await visitor.post('/chat/now/start', await visitor.formFields('/chat/now', '/chat/now'), {
      origin: served.url,
    });
    expect((await visitor.get('/chat/now')).body).toContain('Hello, my bike was stolen.');

    // Another caseworker sees the waiting chat but cannot answer it.
    const other = await new Visitor(served.url).signIn('caseworker.two');
    const listed = await other.get('/open-chats');
    expect(listed.body).toContain('On call-taking today: caseworker.one');
    const [path] = chatLinks(listed.body);
    expect(path).toBeDefined();
    expect((await other.get(path as string)).status).toBe(403);

    // The call-taker opens it, replies (taking it) and ends it.
    const callTaker = await new Visitor(served.url).signIn('caseworker.one');
    expect(chatLinks((await callTaker.get('/open-chats')).body)).toEqual([path]);
    const page = await callTaker.get(path as string);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Hello, my bike was stolen.');
    const noText = await callTaker.post(
      path as string,
      await callTaker.formFields(path as string, path as string),
    );
    expect(noText.status).toBe(400);
    expect(noText.body).toContain('Enter a message');
    const reply = await callTaker.post(path as string, {
      ...(await callTaker.formFields(path as string, path as string)),
      text: 'I am sorry to hear that. Would you like support from us?',
    });
    expect(reply.status).toBe(303);
    expect((await visitor.get('/chat/now')).body).toContain('Would you like support from us?');
    const chatId = (path as string).split('/').at(-1) as string;
    expect(await served.fresh.system.openChats.get(chatId)).toMatchObject({
      status: 'taken',
      takenBy: 'caseworker.one',
    });
    const endPath = `${path}/end`;
    expect((await callTaker.post(endPath, await callTaker.formFields(path as string, endPath))).status).toBe(
      303,
    );
    expect(chatLinks((await callTaker.get('/open-chats')).body)).toEqual([]);

    const over = await visitor.get('/chat/now');
    expect(heading(over.body)).toBe('This web chat has ended');
    expect(over.body).toContain('href="/self-referral"');
    expect(over.body).not.toContain('bike');
    const late = await visitor.submit('/self-referral/name', { text: 'Still there?' }, '/chat/now');
    expect(heading(late.body)).toBe('This web chat has ended');
    expect(await served.fresh.system.openChats.messages(chatId)).toHaveLength(2);
  });

  it('out of hours the page says when the service opens, and no chat can be started', async () => {
    await served.fresh.system.engine.advanceTo(TUESDAY_7PM, served.fresh.clock);
    const visitor = served.visitor();
    const closed = await visitor.get('/chat/now');
    expect(closed.status).toBe(200);
    expect(heading(closed.body)).toBe('Web chat is closed');
    expect(closed.body).toContain('Monday to Saturday, 9am to 6pm');
    expect(closed.body).toContain('Wednesday 16 December 2026 at 9am');
    expect(closed.body).toContain('href="/self-referral"');
    const before = (await served.fresh.system.openChats.open()).length;
    const refused = await visitor.submit('/self-referral/name', {}, '/chat/now/start');
    expect(heading(refused.body)).toBe('Web chat is closed');
    expect((await served.fresh.system.openChats.open()).length).toBe(before);
  });
});
