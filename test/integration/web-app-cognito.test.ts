import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../local/lambda-events.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbSessionStore } from '../../shared/adapters/dynamodb/session-store.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import type { Role } from '../../shared/domain/roles.ts';
import type { StaffAccount, StaffRoles } from '../../shared/ports/staff-roles.ts';
import { createWebApp, webAppHandler } from '../../web/app.ts';
import type { CognitoSignIn, SignInResult } from '../../web/cognito-sign-in.ts';
import { DEFAULT_SESSION_POLICY, ROLE_CHECK_MS, SessionCodec, Sessions } from '../../web/session.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const LOGOUT = 'https://victim-first-prod.auth.eu-west-2.amazoncognito.com/logout?client_id=abc';

/** Cognito's managed login as the web app sees it: it answers each callback with what the test set. */
class FakeSignIn implements CognitoSignIn {
  next: SignInResult = { ok: false, failure: 'no-attempt', detail: 'no attempt cookie' };
  start() {
    return {
      location: 'https://victim-first-prod.auth.eu-west-2.amazoncognito.com/oauth2/authorize?x=1',
      cookie: '__Host-vf_sign_in=attempt; Path=/; Secure; HttpOnly',
    };
  }
  async finish() {
    return this.next;
  }
  clearAttemptCookie() {
    return '__Host-vf_sign_in=; Path=/; Max-Age=0; Secure; HttpOnly';
  }
  signOutUrl() {
    return LOGOUT;
  }
}

/**
 * The user pool's accounts as the role check sees them (the port: the Cognito adapter has its own test):
 * each user name's groups now, or gone; every question asked is kept.
 */
class FakeStaffRoles implements StaffRoles {
  readonly accounts = new Map<string, Role[] | 'gone'>();
  readonly asked: StaffAccount[] = [];
  async currentRoles(account: StaffAccount) {
    this.asked.push(account);
    return this.accounts.get(account.username) ?? 'gone';
  }
}

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

/** The web app as AWS runs it: Cognito sign-in, no local people; stores on DynamoDB Local. */
async function awsApp() {
  fresh = await freshLocalSystem(TUESDAY_10AM);
  const cognito = new FakeSignIn();
  const directory = new FakeStaffRoles();
  const { system } = fresh;
  const sessions = new Sessions(
    new SessionCodec(Buffer.alloc(32, 7), DEFAULT_SESSION_POLICY),
    new DynamoDbSessionStore(fresh.client, fresh.tableName),
    { roles: directory, everyMs: ROLE_CHECK_MS },
  );
  const app = webAppHandler(
    createWebApp({
      tasks: system.tasks,
      store: system.store,
      clock: system.clock,
      workflows: system.workflows,
      messages: system.messages,
      audit: new DynamoDbAuditLog(fresh.client, fresh.tableName),
      support: new DynamoDbSupportStore(fresh.client, fresh.tableName),
      sessions,
      cognito,
    }),
  );
  const call = async (
    method: string,
    path: string,
    options: { cookie?: string | undefined; form?: Record<string, string> } = {},
  ) => {
    const [rawPath = '', rawQueryString = ''] = path.split('?');
    return (await app(
      httpApiEvent({
        method,
        rawPath,
        rawQueryString,
        headers: {
          host: 'app.example.org',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        routeKey: '$default',
        ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
        sourceIp: '127.0.0.1',
        at: new Date(),
      }),
    )) as APIGatewayProxyStructuredResultV2 & { headers: Record<string, string>; cookies?: string[] };
  };
  /** Moves the clock on from when the test began. */
  const at = (ms: number) => fresh.clock.set(new Date(TUESDAY_10AM.getTime() + ms));
  return { cognito, call, sessions, directory, at };
}

const sessionCookieOf = (response: { cookies?: string[] }) =>
  response.cookies
    ?.find((c) => c.startsWith('__Host-vf_session=') && !c.includes('Max-Age=0'))
    ?.split(';')[0];

describe('signing in through Cognito (the web app as AWS runs it)', () => {
  it('offers sign-in, sends the browser to managed login, and has no local sign-in page', async () => {
    const { call } = await awsApp();
    const home = await call('GET', '/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('href="/sign-in"');
    expect(home.body).not.toContain('Who are you?');
    const start = await call('GET', '/sign-in');
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toMatch(/^https:\/\/victim-first-prod\.auth\./);
    expect(start.cookies).toContain('__Host-vf_sign_in=attempt; Path=/; Secure; HttpOnly');
    expect((await call('POST', '/sign-in', { form: { user: 'caseworker.one' } })).statusCode).toBe(404);
  });

  it('signs a caseworker in from the callback, with a __Host- Secure session cookie, and clears the attempt', async () => {
    const { cognito, call } = await awsApp();
    cognito.next = { ok: true, person: { id: '5f0c1a2e-sub', name: 'Alex Example', roles: ['caseworker'] } };

    const back = await call('GET', '/auth/callback?code=abc&state=xyz');

    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/');
    const set = back.cookies?.find((c) => c.startsWith('__Host-vf_session=')) ?? '';
    expect(set).toMatch(/^__Host-vf_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=36000; Secure$/);
    expect(set).not.toMatch(/domain=/i);
    expect(back.cookies).toContain(cognito.clearAttemptCookie());
    const cookie = sessionCookieOf(back);
    expect((await call('GET', '/', { cookie })).headers.location).toBe('/tasks');
  });

  it('refuses a person with no role with 403, and an unfinished sign-in with 400 and a way back', async () => {
    const { cognito, call } = await awsApp();
    cognito.next = { ok: false, failure: 'no-role', detail: 'no group' };
    const noRole = await call('GET', '/auth/callback?code=abc&state=xyz');
    expect(noRole.statusCode).toBe(403);
    expect(noRole.cookies).toContain(cognito.clearAttemptCookie());
    expect(sessionCookieOf(noRole)).toBeUndefined();

    cognito.next = { ok: false, failure: 'state-mismatch', detail: 'state differs' };
    const forged = await call('GET', '/auth/callback?code=abc&state=forged');
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Sign-in did not finish');
    expect(sessionCookieOf(forged)).toBeUndefined();
  });

  it("signs out to Cognito's logout, which the page's form-action allows", async () => {
    const { cognito, call } = await awsApp();
    cognito.next = { ok: true, person: { id: 'sub-2', name: 'Jo Specimen', roles: ['team-leader'] } };
    const cookie = sessionCookieOf(await call('GET', '/auth/callback?code=abc&state=xyz'));
    const queue = await call('GET', '/tasks', { cookie });
    expect(queue.headers['content-security-policy']).toContain(
      "form-action 'self' https://victim-first-prod.auth.eu-west-2.amazoncognito.com",
    );
    const csrf = /name="csrf" value="([^"]+)"/.exec(String(queue.body))?.[1] ?? '';

    const out = await call('POST', '/sign-out', { cookie, form: { csrf } });

    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe(LOGOUT);
    expect(out.cookies?.some((c) => c.startsWith('__Host-vf_session=;') && c.includes('Max-Age=0'))).toBe(
      true,
    );
  });

  it('takes no session cookie replayed after signing out: it is sent to sign in', async () => {
    const { cognito, call } = await awsApp();
    cognito.next = { ok: true, person: { id: 'sub-3', name: 'Alex Example', roles: ['caseworker'] } };
    const cookie = sessionCookieOf(await call('GET', '/auth/callback?code=abc&state=xyz'));
    const queue = await call('GET', '/tasks', { cookie });
    expect(queue.statusCode).toBe(200);
    // What the browser holds after a request: the cookie renewed (a later copy than the one signed in with).
    const renewed = sessionCookieOf(queue);
    const csrf = /name="csrf" value="([^"]+)"/.exec(String(queue.body))?.[1] ?? '';

    expect((await call('POST', '/sign-out', { cookie: renewed, form: { csrf } })).statusCode).toBe(303);

    for (const copy of [cookie, renewed]) {
      const replayed = await call('GET', '/tasks', { cookie: copy });
      expect(replayed.statusCode).toBe(303);
      expect(replayed.headers.location).toBe('/');
      expect(sessionCookieOf(replayed)).toBeUndefined();
      expect((await call('GET', '/', { cookie: copy })).body).toContain('href="/sign-in"');
      const form = await call('POST', '/sign-out', { cookie: copy, form: { csrf } });
      expect(form.statusCode).toBe(403);
    }
  });

  it('signs a person out on their next request once their sessions are ended (a role change)', async () => {
    const { cognito, call, sessions } = await awsApp();
    cognito.next = { ok: true, person: { id: 'sub-4', name: 'Jo Specimen', roles: ['team-leader'] } };
    const office = sessionCookieOf(await call('GET', '/auth/callback?code=abc&state=xyz'));
    const laptop = sessionCookieOf(await call('GET', '/auth/callback?code=def&state=uvw'));
    cognito.next = { ok: true, person: { id: 'sub-5', name: 'Alex Example', roles: ['caseworker'] } };
    const colleague = sessionCookieOf(await call('GET', '/auth/callback?code=ghi&state=rst'));
    expect((await call('GET', '/tasks?queue=team-leaders', { cookie: office })).statusCode).toBe(200);

    // The administrator takes Jo out of the team-leader group and ends her sessions.
    expect(await sessions.endAllFor('sub-4')).toBe(2);

    for (const cookie of [office, laptop]) {
      const next = await call('GET', '/tasks?queue=team-leaders', { cookie });
      expect(next.statusCode).toBe(303);
      expect(next.headers.location).toBe('/');
    }
    expect((await call('GET', '/tasks', { cookie: colleague })).statusCode).toBe(200);
    // Signing in again gives the roles Cognito has now.
    cognito.next = { ok: true, person: { id: 'sub-4', name: 'Jo Specimen', roles: ['caseworker'] } };
    const again = sessionCookieOf(await call('GET', '/auth/callback?code=jkl&state=opq'));
    const queue = await call('GET', '/tasks', { cookie: again });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Team queue');
    expect(queue.body).not.toContain('value="team-leaders"');
  });
  it('signs a person out on the first request after the role check once they are taken out of a group, on every browser', async () => {
    const { cognito, call, directory, at } = await awsApp();
    const jo = { id: 'sub-6', username: 'jo.specimen' };
    directory.accounts.set(jo.username, ['team-leader']);
    cognito.next = { ok: true, person: { ...jo, name: 'Jo Specimen', roles: ['team-leader'] } };
    const office = sessionCookieOf(await call('GET', '/auth/callback?code=abc&state=xyz'));
    const laptop = sessionCookieOf(await call('GET', '/auth/callback?code=def&state=uvw'));
    expect((await call('GET', '/tasks?queue=team-leaders', { cookie: office })).statusCode).toBe(200);

    // The administrator takes Jo out of the team leaders' group and puts her in the caseworkers'.
    directory.accounts.set(jo.username, ['caseworker']);
    // Inside the interval the session stands on the roles it was given: nothing is asked.
    at(ROLE_CHECK_MS - 1_000);
    expect((await call('GET', '/tasks?queue=team-leaders', { cookie: office })).statusCode).toBe(200);
    expect(directory.asked).toEqual([]);

    at(ROLE_CHECK_MS);
    const checked = await call('GET', '/tasks?queue=team-leaders', { cookie: office });
    expect(checked.statusCode).toBe(303);
    expect(checked.headers.location).toBe('/');
    expect(sessionCookieOf(checked)).toBeUndefined();
    expect(directory.asked).toEqual([jo]);
    // Every session of hers ended with it: the laptop is signed out without asking the pool again.
    for (const cookie of [laptop, office]) {
      expect((await call('GET', '/tasks', { cookie })).headers.location).toBe('/');
      expect((await call('GET', '/', { cookie })).body).toContain('href="/sign-in"');
    }
    expect(directory.asked).toHaveLength(1);

    // Signing in again gives the roles the pool has now.
    cognito.next = { ok: true, person: { ...jo, name: 'Jo Specimen', roles: ['caseworker'] } };
    const again = sessionCookieOf(await call('GET', '/auth/callback?code=jkl&state=opq'));
    const queue = await call('GET', '/tasks', { cookie: again });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).not.toContain('value="team-leaders"');
  });

  it('keeps a person whose roles are unchanged, and asks again only once another interval has passed', async () => {
    const { cognito, call, directory, at } = await awsApp();
    const alex = { id: 'sub-7', username: 'alex.example' };
    directory.accounts.set(alex.username, ['caseworker']);
    cognito.next = { ok: true, person: { ...alex, name: 'Alex Example', roles: ['caseworker'] } };
    let cookie = sessionCookieOf(await call('GET', '/auth/callback?code=abc&state=xyz'));

    // What the browser does: each page renews the cookie, which carries when the roles were last checked.
    const page = async (path: string) => {
      const response = await call('GET', path, { cookie });
      cookie = sessionCookieOf(response) ?? cookie;
      return response.statusCode;
    };
    at(ROLE_CHECK_MS);
    expect(await page('/tasks')).toBe(200);
    expect(directory.asked).toEqual([alex]);
    for (const minutes of [6, 7, 9]) {
      at(minutes * 60_000);
      expect(await page('/tasks?view=mine')).toBe(200);
    }
    expect(directory.asked).toHaveLength(1);
    at(2 * ROLE_CHECK_MS);
    expect(await page('/tasks')).toBe(200);
    expect(directory.asked).toHaveLength(2);
  });

  it('signs out a person disabled or deleted in the pool, and a session that cannot be checked', async () => {
    const { cognito, call, directory, at } = await awsApp();
    directory.accounts.set('pat.placeholder', 'gone');
    cognito.next = {
      ok: true,
      person: { id: 'sub-8', username: 'pat.placeholder', name: 'Pat Placeholder', roles: ['caseworker'] },
    };
    const disabled = sessionCookieOf(await call('GET', '/auth/callback?code=abc&state=xyz'));
    // A session begun without the pool's user name (before sessions kept it): ended, nothing asked.
    cognito.next = { ok: true, person: { id: 'sub-9', name: 'Sam Sample', roles: ['caseworker'] } };
    const unnamed = sessionCookieOf(await call('GET', '/auth/callback?code=def&state=uvw'));

    at(ROLE_CHECK_MS);
    for (const cookie of [disabled, unnamed]) {
      expect((await call('GET', '/tasks', { cookie })).headers.location).toBe('/');
    }
    expect(directory.asked).toEqual([{ id: 'sub-8', username: 'pat.placeholder' }]);
  });
});
