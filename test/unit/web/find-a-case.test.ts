import { describe, expect, it } from 'vitest';
import { InMemoryAuditLog } from '../../../shared/adapters/memory/audit-log.ts';
import { InMemoryCaseSearch } from '../../../shared/adapters/memory/case-search.ts';
import { InMemoryCaseStore } from '../../../shared/adapters/memory/case-store.ts';
import { InMemoryMessageStore } from '../../../shared/adapters/memory/message-store.ts';
import { InMemorySessionStore } from '../../../shared/adapters/memory/session-store.ts';
import { InMemorySupportStore } from '../../../shared/adapters/memory/support-store.ts';
import { InMemoryTaskStore } from '../../../shared/adapters/memory/task-store.ts';
import { caseIdFor, openCase } from '../../../shared/domain/case.ts';
import { createWebApp } from '../../../web/app.ts';
import { LOCAL_PEOPLE } from '../../../web/people.ts';
import { DEFAULT_SESSION_POLICY, SessionCodec, Sessions } from '../../../web/session.ts';
import { aValidatedReferral } from '../../fixtures/referrals.ts';
import { RecordingWorkflows } from '../../support/recording-workflows.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const NOW = new Date('2026-12-15T10:00:00Z');
const HOST = 'casework.example.org';
const CASE_ID = caseIdFor('police', 'LP-0000001');

/** The web app on in-memory stores with one case (Ada Example's), noting what it logs. */
async function anApp() {
  const store = new InMemoryCaseStore();
  await store.createCases([
    {
      opened: openCase(aValidatedReferral('LP-0000001'), [], NOW),
      origin: { channel: 'police-download', file: 'f.csv', row: 2 },
    },
  ]);
  const audit = new InMemoryAuditLog();
  const logged: Array<{ message: string; detail: Readonly<Record<string, string>> }> = [];
  const app = createWebApp({
    tasks: new InMemoryTaskStore(),
    store,
    clock: { now: () => NOW },
    workflows: new RecordingWorkflows(),
    messages: new InMemoryMessageStore(),
    audit,
    support: new InMemorySupportStore(),
    sessions: new Sessions(
      new SessionCodec(Buffer.alloc(32, 5), { ...DEFAULT_SESSION_POLICY, secureCookie: false }),
      new InMemorySessionStore(),
    ),
    localPeople: LOCAL_PEOPLE,
    caseSearch: new InMemoryCaseSearch(store),
    log: (message, detail) => logged.push({ message, detail }),
  });
  /**
   * Posts a search to `/cases` as the browser sends the form: urlencoded, with the session cookie and the
   * form token read from the search page.
   */
  const send = async (fields: Record<string, string>, cookie: string, withToken = true) => {
    const form = await app.request(`https://${HOST}/cases`, { headers: { host: HOST, cookie } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    if (!csrf) throw new Error('no form token on /cases');
    return app.request(`https://${HOST}/cases`, {
      method: 'POST',
      headers: { host: HOST, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, ...(withToken ? { csrf } : {}) }).toString(),
    });
  };
  const signIn = async (user: string) => {
    const answer = await app.request(`https://${HOST}/sign-in`, {
      method: 'POST',
      headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user }).toString(),
    });
    return (answer.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
  };
  return { send, signIn, audit, logged };
}

describe('the find-a-case page on in-memory stores', () => {
  it('audits each case found on that case, with which fields were used and not what was typed', async () => {
    const { send, signIn, audit, logged } = await anApp();
    const cookie = await signIn('caseworker.one');

    const page = await send({ surname: 'Example', postcode: 'LE1 1ZZ' }, cookie);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`href="/cases/${CASE_ID}"`);
    const [entry] = (await audit.forCase(CASE_ID)).entries;
    expect(entry).toMatchObject({
      user: 'caseworker.one',
      action: 'searched',
      what: 'search:surname:postcode',
    });
    expect(JSON.stringify(entry)).not.toMatch(/Example|LE1/);
    expect(logged).toEqual([]);
  });

  it('notes a search that found nothing in the log, who and when and which fields, never the values', async () => {
    const { send, signIn, audit, logged } = await anApp();
    const cookie = await signIn('team.leader');

    const page = await send(
      { surname: 'Nobody', 'dateOfBirth-day': '1', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990' },
      cookie,
    );

    expect(await page.text()).toContain('No cases match');
    expect((await audit.forCase(CASE_ID)).entries).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe('case search found nothing');
    expect(logged[0]?.detail).toMatchObject({
      user: 'team.leader',
      role: 'team-leader',
      what: 'search:surname:dob',
      at: NOW.toISOString(),
    });
    expect(JSON.stringify(logged)).not.toMatch(/Nobody|1990/);
  });

  it('logs nothing for a search refused for its input', async () => {
    const { send, signIn, logged } = await anApp();
    const cookie = await signIn('caseworker.one');

    expect((await send({ surname: '' }, cookie)).status).toBe(400);
    expect(logged).toEqual([]);
  });

  it('refuses a search posted without the form token, searching and auditing nothing', async () => {
    const { send, signIn, audit, logged } = await anApp();
    const cookie = await signIn('caseworker.one');

    expect((await send({ surname: 'Example' }, cookie, false)).status).toBe(403);
    expect((await audit.forCase(CASE_ID)).entries).toEqual([]);
    expect(logged).toEqual([]);
  });
});
