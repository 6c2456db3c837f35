import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { BrowserContext, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { agentArnOf } from '../../functions/connect-config.ts';
import { LOCAL_CONNECT_INSTANCE_ARN } from '../../infra/app.ts';
import { LOCAL_CONNECT_AGENTS } from '../../local/phone-line.ts';
import type { ChatContacts, StartedChatContact } from '../../shared/ports/chat-contacts.ts';
import { createPublicApp } from '../../web/public/app.ts';
import { aSelfReferralBody } from '../fixtures/referrals.ts';
import { checkAccessibility, chromiumForTests, screenshot } from '../support/browser.ts';
import type { ServedLocalSystem } from '../support/local-server.ts';
import { PublicVisitor } from '../support/public-pages.ts';

// The victim's booked web chat as it runs in AWS (docs/web-chat.md, "In AWS"): the public app's chat page
// in its Amazon Connect mode, over the local system's DynamoDB Local tables, with amazon-connect-chatjs in
// Chromium. Amazon Connect cannot run here: its StartChatContact is the port's recording double, and its
// participant service and WebSocket are answered by the browser's network routes as AWS documents them
// (CreateParticipantConnection, SendMessage, the `aws/subscribe` topic). The page's CSP must let chatjs
// reach them, or the browser refuses before any route answers.

const REGION = 'eu-west-2';
const PARTICIPANT = `https://participant.connect.${REGION}.amazonaws.com`;
const SOCKET = `wss://chat-1.transport.connect.${REGION}.amazonaws.com/connect`;
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const SLOT = new Date('2026-12-16T14:00:00Z');
const TIMEOUT_MS = 240_000;

/** StartChatContact as Connect answers it, each request kept so the test can read what was asked. */
class RecordingChatContacts implements ChatContacts {
  readonly started: Parameters<ChatContacts['start']>[0][] = [];

  async start(request: Parameters<ChatContacts['start']>[0]): Promise<StartedChatContact> {
    this.started.push(request);
    return {
      contactId: '8f0e1d2c-3b4a-4596-a7b8-c9d0e1f2a3b4',
      participantId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      participantToken: 'participant-token-for-the-victim',
    };
  }

  async caseOf(): Promise<string | undefined> {
    return undefined;
  }
}

const contacts = new RecordingChatContacts();

function linkSentTo(served: ServedLocalSystem, forCase: string): string {
  const folder = join(served.fresh.system.dataDir, 'outbox', 'sms');
  for (const file of readdirSync(folder)) {
    const sent = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { caseId?: string; text: string };
    const found = /\/chat\/[A-Za-z0-9_-]{43}/.exec(sent.text)?.[0];
    if (found && sent.caseId === forCase) return found;
  }
  throw new Error(`no chat link sent to ${forCase}`);
}

/** A self-referral booking the Wednesday 2pm chat, allocated to caseworker.one; its case and chat link. */
async function bookedChat(served: ServedLocalSystem): Promise<{ caseId: string; link: string }> {
  const { system } = served.fresh;
  const response = await fetch(`${served.url}/referrals/self`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      aSelfReferralBody({
        submissionId: '5b3e1f40-ad9c-4e7f-9a21-3c4d5e6f7081',
        phones: { mobile: '07700 900331' },
        webChatSlot: SLOT.toISOString(),
      }),
    ),
  });
  expect(response.status).toBe(201);
  const { caseId } = (await response.json()) as { caseId: string };
  for (let tries = 0; tries < 100 && !(await system.webChats.get(caseId))?.tokenHash; tries++)
    await system.engine.runDue();
  await system.owners.allocate({
    caseId,
    n: 1,
    to: 'caseworker.one',
    by: 'team.leader',
    at: TUESDAY_10AM,
    suggested: true,
  });
  return { caseId, link: linkSentTo(served, caseId) };
}

/** The public pages as the public-pages function runs them in AWS, on the local system's tables and clock. */
async function serveConnectPages(
  served: ServedLocalSystem,
): Promise<{ url: string; close(): Promise<void> }> {
  const { system } = served.fresh;
  const app = createPublicApp({
    clock: served.fresh.clock,
    secureCookies: false,
    chat: {
      webChats: system.webChats,
      connect: {
        contacts,
        region: REGION,
        agentOf: async (id) =>
          agentArnOf(
            { instanceArn: LOCAL_CONNECT_INSTANCE_ARN, agents: LOCAL_CONNECT_AGENTS },
            (await system.owners.getOwner(id))?.owner,
          ),
      },
    },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What the participant service and the chat's WebSocket were sent, and a way to speak as the caseworker. */
interface FakeConnect {
  readonly bearerTokens: string[];
  readonly sent: { content: string; contentType: string }[];
  agentSays(text: string): void;
  endChat(): void;
}

/** Connect's participant service and WebSocket for one page, answering as AWS documents them. */
async function connectFor(context: BrowserContext): Promise<FakeConnect> {
  const bearerTokens: string[] = [];
  const sent: { content: string; contentType: string }[] = [];
  let socket: WebSocketRoute | undefined;
  let item = 0;
  const push = (entry: Record<string, unknown>) =>
    socket?.send(
      JSON.stringify({
        topic: 'aws/chat',
        contentType: 'application/json',
        content: JSON.stringify({
          Id: `item-${++item}`,
          AbsoluteTime: new Date().toISOString(),
          ContactId: '8f0e1d2c-3b4a-4596-a7b8-c9d0e1f2a3b4',
          InitialContactId: '8f0e1d2c-3b4a-4596-a7b8-c9d0e1f2a3b4',
          ...entry,
        }),
      }),
    );

  await context.route(`${PARTICIPANT}/participant/**`, async (route) => {
    const request = route.request();
    bearerTokens.push(request.headers()['x-amz-bearer'] ?? '');
    const path = new URL(request.url()).pathname;
    const answer = (body: unknown) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify(body),
      });
    if (request.method() === 'OPTIONS')
      return route.fulfill({
        status: 200,
        headers: {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': '*',
          'access-control-allow-methods': 'POST, GET, OPTIONS',
        },
      });
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    if (path === '/participant/connection')
      return answer({
        Websocket: { Url: SOCKET, ConnectionExpiry: expiry },
        ConnectionCredentials: { ConnectionToken: 'connection-token', Expiry: expiry },
      });
    if (path === '/participant/message') {
      const body = request.postDataJSON() as { Content: string; ContentType: string };
      sent.push({ content: body.Content, contentType: body.ContentType });
      push({
        Type: 'MESSAGE',
        ParticipantRole: 'CUSTOMER',
        ContentType: body.ContentType,
        Content: body.Content,
        DisplayName: 'Victim',
      });
      return answer({ Id: `item-${item}`, AbsoluteTime: new Date().toISOString() });
    }
    if (path === '/participant/transcript')
      return answer({ InitialContactId: '8f0e1d2c-3b4a-4596-a7b8-c9d0e1f2a3b4', Transcript: [] });
    return answer({});
  });
  await context.routeWebSocket(/transport\.connect\./, (ws) => {
    socket = ws;
    ws.onMessage((message) => {
      const { topic } = JSON.parse(String(message)) as { topic: string };
      if (topic === 'aws/subscribe')
        ws.send(
          JSON.stringify({ topic, content: { status: 'success', topics: ['aws/chat'] }, statusCode: 200 }),
        );
      else if (topic === 'aws/heartbeat' || topic === 'aws/ping')
        ws.send(JSON.stringify({ topic, statusCode: 200 }));
    });
  });
  return {
    bearerTokens,
    sent,
    agentSays: (text) =>
      push({
        Type: 'MESSAGE',
        ParticipantRole: 'AGENT',
        ContentType: 'text/plain',
        Content: text,
        DisplayName: 'Casey',
      }),
    endChat: () => push({ Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.chat.ended' }),
  };
}

describe('the victim chats through Amazon Connect at the booked slot', () => {
  const chromium = chromiumForTests();

  it(
    'starts the chat for the case with the caseworker as agent, and carries messages both ways until it ends',
    async () => {
      const { served, context, page } = await chromium.open(TUESDAY_10AM);
      const { caseId, link } = await bookedChat(served);
      await served.fresh.system.engine.advanceTo(SLOT, served.fresh.clock);
      const site = await serveConnectPages(served);
      try {
        // Before the link is opened in a browser, nothing starts a chat: not another visitor, not a guess.
        const stranger = new PublicVisitor(site.url);
        const token = (await stranger.formTokenOrUndefined('/chat/now')) ?? '';
        for (const path of [`${link}/start`, `/chat/${'A'.repeat(43)}/start`]) {
          const refused = await stranger.post(path, new URLSearchParams({ formToken: token }), {
            origin: site.url,
          });
          expect(refused.status, path).toBe(404);
        }
        expect(contacts.started).toEqual([]);

        const connect = await connectFor(context);
        const refusedByCsp: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' && /Content Security Policy/.test(message.text()))
            refusedByCsp.push(message.text());
        });
        await page.goto(`${site.url}${link}`);
        await expect
          .poll(() => page.locator('#chat-status').textContent(), { timeout: 30_000 })
          .toContain('You are in the chat');
        expect(contacts.started).toEqual([
          {
            caseId,
            expiresAt: (await served.fresh.system.webChats.get(caseId))?.expiresAt,
            at: served.fresh.clock.now(),
            agentArn: `${LOCAL_CONNECT_INSTANCE_ARN}/agent/${LOCAL_CONNECT_AGENTS['caseworker.one']}`,
          },
        ]);
        expect(connect.bearerTokens[0]).toBe('participant-token-for-the-victim');
        // The link is now this browser's: another browser still starts nothing.
        const other = new PublicVisitor(site.url);
        const otherToken = (await other.formTokenOrUndefined('/chat/now')) ?? '';
        const late = await other.post(`${link}/start`, new URLSearchParams({ formToken: otherToken }), {
          origin: site.url,
        });
        expect(late.status).toBe(404);

        const messages = page.getByRole('list', { name: 'Messages' });
        connect.agentSays('Hello, I am Casey from Victim First. How can we help?');
        await expect.poll(() => messages.textContent()).toContain('How can we help?');
        await page.getByLabel('Your message').fill('Hello, I booked this chat.');
        await page.getByRole('button', { name: 'Send' }).click();
        await expect
          .poll(() => connect.sent)
          .toEqual([{ content: 'Hello, I booked this chat.', contentType: 'text/plain' }]);
        await expect.poll(() => messages.textContent()).toContain('YouHello, I booked this chat.');

        await checkAccessibility(page, 'connect-web-chat');
        await screenshot(page, 'connect-web-chat');

        connect.endChat();
        await expect
          .poll(() => page.locator('#chat-status').textContent())
          .toContain('This web chat has ended');
        expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(false);
        expect(refusedByCsp).toEqual([]);
        expect(contacts.started).toHaveLength(1);
      } finally {
        await site.close();
      }
    },
    TIMEOUT_MS,
  );
});
