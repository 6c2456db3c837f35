import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { LLR_AGENCIES } from '../../shared/domain/agencies.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// The administrator's list of onward-referral agencies (docs/web-app.md, `/agencies`), on the served local
// system: seeded with the LLR services, added to, renamed, retired and reinstated; what a caseworker may
// choose follows it, and bad names are answered with the GOV.UK error summary with nothing saved.

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem | undefined;

afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** The agencies the onward-referral page offers a caseworker, by name. */
async function offered(visitor: Visitor, caseId: string): Promise<string[]> {
  const page = (await visitor.get(`/cases/${caseId}/onward-referral`)).body;
  const select = /<select[^>]*id="agency"[\s\S]*?<\/select>/.exec(page)?.[0] ?? '';
  return [...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[2] as string);
}

describe('the agency pages', () => {
  it('lists the seeded LLR services, adds one once however often the form is sent, renames, retires and reinstates', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const admin = await new Visitor(served.url).signIn('admin.one');
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const referral = await fetch(`${served.url}/referrals/partner`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aPartnerReferralBody()),
    });
    const { caseId } = (await referral.json()) as { caseId: string };

    // An administrator lands on the list, which starts as the LLR services.
    const home = await admin.get('/');
    expect(home.location).toBe('/agencies');
    const list = (await admin.get('/agencies')).body;
    for (const { name } of LLR_AGENCIES) expect(list).toContain(`>${name.replace("'", '&#39;')}</th>`);
    expect(await offered(alex, caseId)).toHaveLength(LLR_AGENCIES.length);

    // Added once, whichever way the same form arrives.
    const add = {
      ...(await admin.formFields('/agencies', '/agencies')),
      name: '  Example  Advocacy   Service ',
    };
    const sent = await Promise.all([admin.post('/agencies', add), admin.post('/agencies', add)]);
    sent.push(await admin.post('/agencies', add));
    expect(sent.map((r) => r.location)).toEqual(Array(3).fill('/agencies?saved=added'));
    expect((await admin.get('/agencies?saved=added')).body).toContain('Agency added.');
    const agencies = new DynamoDbAgencyList(served.fresh.client, served.fresh.tableName);
    const added = (await agencies.listAgencies()).filter((a) => a.name === 'Example Advocacy Service');
    expect(added).toHaveLength(1);
    const id = (added[0] as { agencyId: string }).agencyId;
    expect(await offered(alex, caseId)).toContain('Example Advocacy Service');

    // Renamed: the list and the choice follow.
    const rename = `/agencies/${id}/rename`;
    const renamed = await admin.post(rename, {
      ...(await admin.formFields(`/agencies/${id}`, rename)),
      name: 'Example Advocacy',
    });
    expect(renamed.location).toBe('/agencies?saved=renamed');
    expect(await offered(alex, caseId)).toContain('Example Advocacy');

    // Retired: no longer offered, still on the list; reinstated: offered again.
    const { csrf } = await admin.formFields('/agencies', `/agencies/${id}/retire`);
    expect((await admin.post(`/agencies/${id}/retire`, { csrf: csrf ?? '' })).location).toBe(
      '/agencies?saved=retired',
    );
    expect(await offered(alex, caseId)).not.toContain('Example Advocacy');
    expect((await admin.get('/agencies')).body).toMatch(
      /Example Advocacy<\/th>\s*<td[^>]*>\s*<strong[^>]*>\s*Retired/,
    );
    // A caseworker's form drawn before the retirement cannot still refer to it.
    const onward = `/cases/${caseId}/onward-referral`;
    const stale = await alex.post(onward, {
      ...(await alex.formFields(onward, onward)),
      agency: id,
    });
    expect(stale.status).toBe(400);
    expect(stale.body).toContain('Choose a service from the list');
    expect((await admin.post(`/agencies/${id}/reinstate`, { csrf: csrf ?? '' })).location).toBe(
      '/agencies?saved=reinstated',
    );
    expect(await offered(alex, caseId)).toContain('Example Advocacy');
  });

  it('answers a bad or taken name with the error summary, keeps what was typed, and saves nothing', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const admin = await new Visitor(served.url).signIn('admin.one');
    const agencies = new DynamoDbAgencyList(served.fresh.client, served.fresh.tableName);
    const before = await agencies.listAgencies();

    const cases: ReadonlyArray<readonly [string, string]> = [
      ['   ', 'Enter the agency’s name'],
      ['a'.repeat(81), 'must be at most 80 characters'],
      ['<script>alert(1)</script>', 'must be letters, numbers and ordinary punctuation'],
      ['=HYPERLINK("http://evil.example.org")', 'must be letters, numbers and ordinary punctuation'],
      ['turning  POINT', 'An agency called turning POINT is on the list already'],
    ];
    for (const [name, message] of cases) {
      const answer = await admin.post('/agencies', {
        ...(await admin.formFields('/agencies', '/agencies')),
        name,
      });
      expect(answer.status, name).toBe(400);
      expect(answer.body).toContain('<title>Error: ');
      expect(answer.body).toMatch(
        new RegExp(`govuk-error-summary[\\s\\S]*href="#name">[^<]*${message.replace(/[()]/g, '\\$&')}`),
      );
      expect(answer.body).not.toContain('<script>alert(1)</script>');
    }
    const noKey = await admin.post('/agencies', {
      csrf: (await admin.formFields('/agencies', '/agencies')).csrf ?? '',
      name: 'Example Trust',
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body).toContain('This form could not be matched to the page it came from');
    expect(noKey.body).toMatch(/id="name" name="name" type="text"[^>]*value="Example Trust"/);

    const rename = '/agencies/samaritans/rename';
    const taken = await admin.post(rename, {
      ...(await admin.formFields('/agencies/samaritans', rename)),
      name: 'Juniper Lodge',
    });
    expect(taken.status).toBe(400);
    expect(taken.body).toContain('href="#name">An agency called Juniper Lodge is on the list already');
    expect((await admin.get('/agencies/no-such-agency')).status).toBe(404);
    expect(
      (
        await admin.post('/agencies/no-such-agency/retire', {
          csrf: (await admin.formFields('/agencies', '/agencies')).csrf ?? '',
        })
      ).status,
    ).toBe(404);

    expect(await agencies.listAgencies()).toEqual(before);
  });
});
