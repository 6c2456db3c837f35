import { describe, expect, it } from 'vitest';
import { InMemoryAgencyList } from '../../../shared/adapters/memory/agencies.ts';
import { InMemoryAuditLog } from '../../../shared/adapters/memory/audit-log.ts';
import { InMemoryCaseStore } from '../../../shared/adapters/memory/case-store.ts';
import { InMemoryHardshipFund } from '../../../shared/adapters/memory/hardship-fund.ts';
import { InMemoryMessageStore } from '../../../shared/adapters/memory/message-store.ts';
import { InMemorySessionStore } from '../../../shared/adapters/memory/session-store.ts';
import { InMemorySupportStore } from '../../../shared/adapters/memory/support-store.ts';
import { InMemoryTaskStore } from '../../../shared/adapters/memory/task-store.ts';
import { LLR_AGENCIES, LLR_AGENCIES_SEED } from '../../../shared/domain/agencies.ts';
import { caseIdFor, openCase } from '../../../shared/domain/case.ts';
import { PERMISSIONS } from '../../../shared/domain/roles.ts';
import { createWebApp, webRoutes } from '../../../web/app.ts';
import { LOCAL_PEOPLE, localStaffDirectory } from '../../../web/people.ts';
import { type Route, registerRoutes, routeKeyOf } from '../../../web/route-table.ts';
import { DEFAULT_SESSION_POLICY, SessionCodec, Sessions } from '../../../web/session.ts';
import { aValidatedReferral } from '../../fixtures/referrals.ts';
import { RecordingWorkflows } from '../../support/recording-workflows.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const NOW = new Date('2026-12-15T10:00:00Z');
const HOST = 'casework.example.org';
const CASE_ID = caseIdFor('police', 'LP-0000001');

/** The web app on in-memory stores, with one case and the local people: no DynamoDB, no engine. */
async function anApp() {
  const clock = { now: () => NOW };
  const store = new InMemoryCaseStore();
  await store.createCases([
    {
      opened: openCase(aValidatedReferral('LP-0000001'), [], NOW),
      origin: { channel: 'police-download', file: 'f.csv', row: 2 },
    },
  ]);
  const agencies = new InMemoryAgencyList();
  await agencies.seed(LLR_AGENCIES_SEED, LLR_AGENCIES, NOW);
  const audit = new InMemoryAuditLog();
  const deps = {
    tasks: new InMemoryTaskStore(),
    store,
    clock,
    workflows: new RecordingWorkflows(),
    messages: new InMemoryMessageStore(),
    audit,
    support: new InMemorySupportStore(),
    sessions: new Sessions(
      new SessionCodec(Buffer.alloc(32, 3), { ...DEFAULT_SESSION_POLICY, secureCookie: false }),
      new InMemorySessionStore(),
    ),
    localPeople: LOCAL_PEOPLE,
    staff: localStaffDirectory,
    hardship: new InMemoryHardshipFund(),
    agencies,
  };
  const app = createWebApp(deps);
  /** A request as a browser at the app's own address sends it, with the person's session cookie. */
  const send = (
    path: string,
    init: {
      method?: string;
      cookie?: string;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ) =>
    app.request(`https://${HOST}${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers: {
        host: HOST,
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...init.headers,
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
  /** Signs in as one of the local people: their session cookie and form token. */
  const signIn = async (user: string) => {
    const answer = await send('/sign-in', { form: { user } });
    expect(answer.status).toBe(303);
    const cookie = (answer.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    // Every signed-in page carries the form token (the sign-out form in its header).
    const home = await send('/', { cookie });
    const page = home.status === 303 ? await send(home.headers.get('location') ?? '/', { cookie }) : home;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    return { cookie, csrf };
  };
  return { app, deps, audit, store, send, signIn };
}

describe('the route table', () => {
  it('states a permission on every route; only signing in and out are open to anyone', async () => {
    const { deps } = await anApp();
    const { routes } = webRoutes(deps);
    const open = routes.filter((route) => route.permission === 'anyone').map(routeKeyOf);
    expect(open.sort()).toEqual(
      [
        'GET /',
        'GET /auth/callback',
        'GET /sign-in',
        'GET /signed-out',
        'POST /sign-in',
        'POST /sign-out',
      ].sort(),
    );
    for (const route of routes.filter((r) => r.permission !== 'anyone')) {
      const wanted = typeof route.permission === 'string' ? [route.permission] : route.permission;
      expect(wanted.length, routeKeyOf(route)).toBeGreaterThan(0);
      for (const permission of wanted) expect(PERMISSIONS, routeKeyOf(route)).toContain(permission);
    }
  });

  it('is every route the app serves: nothing is routed around the access check', async () => {
    const { app, deps } = await anApp();
    const served = app.routes.filter((r) => r.method !== 'ALL').map(routeKeyOf);
    expect(served.sort()).toEqual(webRoutes(deps).routes.map(routeKeyOf).sort());
  });

  it('refuses a route that states no permission', async () => {
    const { app, deps } = await anApp();
    const { kit } = webRoutes(deps);
    const unguarded = {
      method: 'GET',
      path: '/cases/:caseId/everything',
      handler: async () => ({ statusCode: 200, body: 'every case' }),
    } as unknown as Route;
    expect(() => registerRoutes(app, kit, [unguarded])).toThrow(
      'GET /cases/*/everything states no permission',
    );
  });

  it('refuses a route naming a permission held per case (a volunteer’s) without the case in its path', async () => {
    const { app, deps } = await anApp();
    const { kit } = webRoutes(deps);
    const caseless: Route = {
      method: 'GET',
      path: '/everything-assigned',
      permission: ['cases:read', 'assigned:read'],
      handler: async () => ({ statusCode: 200, headers: {}, body: 'every case' }),
    };
    expect(() => registerRoutes(app, kit, [caseless])).toThrow(
      'GET /everything-assigned names a case-scoped permission but no :caseId',
    );
  });
});

describe('the web app on in-memory stores', () => {
  it('sends a signed-out browser to sign in, and opens the case to a caseworker, audited', async () => {
    const { send, signIn, audit } = await anApp();
    expect((await send(`/cases/${CASE_ID}`)).headers.get('location')).toBe('/');

    const alex = await signIn('caseworker.one');
    const page = await send(`/cases/${CASE_ID}`, { cookie: alex.cookie });

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ada Example');
    expect((await audit.forCase(CASE_ID)).entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toContain(
      'caseworker.one viewed case',
    );
  });

  it('refuses the case to a contractor with 403, and records the refusal on the case', async () => {
    const { send, signIn, audit } = await anApp();
    const contractor = await signIn('contractor.one');

    const page = await send(`/cases/${CASE_ID}`, { cookie: contractor.cookie });

    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Victim First cases are open to caseworkers and team leaders.');
    expect((await audit.forCase(CASE_ID)).entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toEqual([
      'contractor.one refused case',
    ]);
  });

  it('refuses a form without its token, or from another site, and writes nothing', async () => {
    const { send, signIn, store } = await anApp();
    const alex = await signIn('caseworker.one');
    const onward = { agency: 'victim-first-young-people', formKey: '0d9c8a56-8a0e-4c3e-9d3f-5f6c2b1a7e44' };

    const noToken = await send(`/cases/${CASE_ID}/onward-referral`, { cookie: alex.cookie, form: onward });
    const crossSite = await send(`/cases/${CASE_ID}/onward-referral`, {
      cookie: alex.cookie,
      form: { ...onward, csrf: alex.csrf },
      headers: { origin: 'https://evil.example.org' },
    });

    expect(noToken.status).toBe(403);
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('The form did not come from this service.');
    expect(await store.timeline(CASE_ID)).toEqual([]);
  });

  it('answers an address that is no page, a task id that cannot be one, and an oversized form', async () => {
    const { send, signIn } = await anApp();
    const alex = await signIn('caseworker.one');

    const nowhere = await send('/cases/VF-AAAAA-00001/everything/else', { cookie: alex.cookie });
    const badTask = await send(`/tasks/${'x'.repeat(600)}`, { cookie: alex.cookie });
    const badEncoding = await send('/cases/%E0%A4%A', { cookie: alex.cookie });
    const huge = await send('/sign-in', { form: { user: 'x'.repeat(70 * 1024) } });

    expect(nowhere.status).toBe(404);
    expect(await nowhere.text()).toContain('If you typed the web address, check it is correct.');
    expect(badTask.status).toBe(404);
    expect(await badTask.text()).toContain('There is no task at this address.');
    expect(badEncoding.status).toBe(404);
    expect(huge.status).toBe(413);
  });
});
