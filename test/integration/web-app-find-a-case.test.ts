import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ObjectCreated } from '../../local/lambda-events.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { type Assessment, NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import { caseIdFor } from '../../shared/domain/case.ts';
import { aPartnerReferralBody, aPoliceDownload, aPoliceRow } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// Find a case (docs/web-app.md), through the local server: a partner referral for Ada Example and a
// police download with Bea Sample's referral go in through intake, as in AWS, and caseworkers and team
// leaders find them by surname and date of birth, postcode, crime reference and case reference.

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;
let alex: Visitor;
const ADA = caseIdFor('partner', 'DSA-2026-0042');
const BEA = caseIdFor('police', 'LP-0000777');
const CLOSED = caseIdFor('police', 'LP-0000778');

/** A search as the form posts it: every field, the ones not filled in empty. */
const searchFor = (fields: Record<string, string>) => ({
  caseReference: '',
  crimeReference: '',
  surname: '',
  'dateOfBirth-day': '',
  'dateOfBirth-month': '',
  'dateOfBirth-year': '',
  postcode: '',
  ...fields,
});

/** Posts a search from the form at `/cases`, with the session's form token, as the browser sends it. */
const search = async (who: Visitor, fields: Record<string, string>) =>
  who.post('/cases', { ...searchFor(fields), csrf: await who.csrf('/cases') });

/** Every audit entry of a case, as `user action what`. */
const auditOf = async (caseId: string) =>
  (await served.fresh.system.audit.forCase(caseId, { limit: 200 })).entries.map(
    (e) => `${e.user} ${e.action} ${e.what}`,
  );

/** The case references a results page links to, in order. */
const linked = (body: string) => [...body.matchAll(/href="\/cases\/(VF-[^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  definitionsOnce();
  served = await startServedLocalSystem(TUESDAY_10AM);
  const { system } = served.fresh;
  const partner = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody()),
  });
  expect(partner.status).toBe(201);
  // The police download, as the intake bucket's trigger hands it to the function.
  const download = aPoliceDownload([
    aPoliceRow({
      crime_reference: 'LP-0000777',
      forename: 'Bea',
      surname: 'Sample',
      date_of_birth: '01/04/1990',
      address_line_1: '4 Sample Close',
      postcode: 'LE2 2ZZ',
      home_phone: '0116 496 0002',
      mobile_phone: '07700 900002',
      email: 'bea.sample@example.org',
    }),
    aPoliceRow({
      crime_reference: 'LP-0000778',
      forename: 'Cal',
      surname: 'Sample',
      date_of_birth: '02/05/1985',
      address_line_1: '5 Sample Close',
      postcode: 'LE2 2ZZ',
      home_phone: '0116 496 0003',
      mobile_phone: '07700 900003',
      email: 'cal.sample@example.org',
    }),
  ]);
  const folder = join(system.dataDir, 'buckets', 'intake', 'police');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'daily.csv'), download);
  await system.invoke(
    'ingestPoliceDownload',
    s3ObjectCreated('intake', 'police/daily.csv', Buffer.byteLength(download), TUESDAY_10AM),
  );
  // Cal's case is closed.
  const support = new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName);
  const scores = Object.fromEntries(NEEDS_AREAS.map((area) => [area, { score: 5 }])) as unknown as Assessment;
  await support.saveAssessment(CLOSED, {
    kind: 'closing',
    assessment: scores,
    by: 'caseworker.one',
    at: TUESDAY_10AM,
  });
  await support.closeSupport(CLOSED, 'caseworker.one', TUESDAY_10AM);
  alex = await new Visitor(served.url).signIn('caseworker.one');
}, 180_000);

afterAll(async () => {
  await served?.close();
});

describe('find a case', () => {
  it('opens the search form from the navigation, with nothing searched and nothing audited', async () => {
    const before = await auditOf(ADA);
    const page = await alex.get('/cases');

    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Find a case – Victim First casework</title>');
    // "Find a case" in the navigation, marked as the page open.
    expect(page.body).toContain('href="/cases" aria-current="true"');
    for (const field of ['caseReference', 'crimeReference', 'surname', 'dateOfBirth-day', 'postcode'])
      expect(page.body).toContain(`id="${field}"`);
    expect(page.body).not.toContain('govuk-table');
    expect(await auditOf(ADA)).toEqual(before);
  });

  it('finds a victim by surname and date of birth, links to the case, and audits the search on it', async () => {
    const page = await search(alex, {
      surname: 'example',
      'dateOfBirth-day': '18',
      'dateOfBirth-month': '12',
      'dateOfBirth-year': '1980',
    });

    expect(page.status).toBe(200);
    expect(linked(page.body)).toEqual([ADA]);
    for (const shown of [
      '1 case matches',
      'Ada Example',
      '18 December 1980',
      'LE1 1ZZ',
      '15 Dec 2026',
      'Open',
    ])
      expect(page.body).toContain(shown);
    // What was typed is kept in the form.
    expect(page.body).toContain('value="example"');
    expect(await auditOf(ADA)).toContain('caseworker.one searched search:surname:dob');
    expect(await auditOf(BEA)).not.toContain('caseworker.one searched search:surname:dob');
  });

  it('finds the cases at a postcode, written any way, and shows which are closed', async () => {
    const page = await search(alex, { postcode: 'le22zz' });

    expect(linked(page.body).sort()).toEqual([BEA, CLOSED].sort());
    expect(page.body).toContain('2 cases match');
    expect(page.body).toContain('Closed');
    expect(await auditOf(BEA)).toContain('caseworker.one searched search:postcode');
    expect(await auditOf(CLOSED)).toContain('caseworker.one searched search:postcode');
    const narrowed = await search(alex, {
      postcode: 'LE2 2ZZ',
      surname: 'Sample',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '1990',
    });
    expect(linked(narrowed.body)).toEqual([BEA]);
  });

  it('finds a case by its crime reference and by its case reference, typed loosely', async () => {
    const byCrime = await search(alex, { crimeReference: ' lp-0000777 ' });
    expect(linked(byCrime.body)).toEqual([BEA]);
    expect(await auditOf(BEA)).toContain('caseworker.one searched search:crime-reference');

    const leader = await new Visitor(served.url).signIn('team.leader');
    const byReference = await search(leader, { caseReference: ADA.toLowerCase().replaceAll('-', '') });
    expect(linked(byReference.body)).toEqual([ADA]);
    expect(await auditOf(ADA)).toContain('team.leader searched search:case-reference');
  });

  it('says plainly when nothing matches, and audits nothing on any case', async () => {
    const before = [await auditOf(ADA), await auditOf(BEA)];
    const page = await search(alex, { surname: 'Nobody' });

    expect(page.status).toBe(200);
    expect(page.body).toContain('No cases match');
    expect(linked(page.body)).toEqual([]);
    expect([await auditOf(ADA), await auditOf(BEA)]).toEqual(before);
  });

  it('names each field that is wrong in the error summary, searches nothing and audits nothing', async () => {
    const before = [await auditOf(ADA), await auditOf(BEA)];

    const empty = await search(alex, {});
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('<title>Error: Find a case – Victim First casework</title>');
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('href="#caseReference"');
    expect(empty.body).toContain(
      'Enter a case reference, crime reference, surname, date of birth or postcode',
    );

    const bad = await search(alex, {
      caseReference: 'VF-123',
      surname: 'Example',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1980',
      postcode: 'LE1',
    });
    expect(bad.status).toBe(400);
    for (const [href, text] of [
      ['#caseReference', 'Case reference must be VF followed by 10 letters and numbers'],
      ['#dateOfBirth-day', 'Date of birth must be a real date'],
      ['#postcode', 'Enter a full UK postcode, like LE1 1ZZ'],
    ]) {
      expect(bad.body).toContain(`href="${href}"`);
      expect(bad.body).toContain(text);
    }
    expect(bad.body).toContain('govuk-input--error');
    expect(linked(bad.body)).toEqual([]);
    expect([await auditOf(ADA), await auditOf(BEA)]).toEqual(before);
  });

  it('answers the posted search at /cases itself, with no search value in any address', async () => {
    const page = await search(alex, { surname: 'Example', postcode: 'LE1 1ZZ' });

    // The results answer the post to `/cases`: no redirect, and the page's links and form carry no values.
    expect(page.status).toBe(200);
    expect(page.location).toBeNull();
    expect(linked(page.body)).toEqual([ADA]);
    expect(page.body).toContain('<form method="post" action="/cases"');
    expect([...page.body.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => m[1]).join(' ')).not.toMatch(
      /example|LE1|1ZZ|surname=|postcode=/i,
    );
    // A search in the address is not read: the empty form, nothing found, nothing audited.
    const before = await auditOf(ADA);
    const addressed = await alex.get('/cases?surname=Example&postcode=LE1+1ZZ');
    expect(addressed.status).toBe(200);
    expect(linked(addressed.body)).toEqual([]);
    expect(addressed.body).not.toContain('value="Example"');
    expect(await auditOf(ADA)).toEqual(before);
  });

  it("refuses a search posted without the session's form token, and audits nothing", async () => {
    const before = [await auditOf(ADA), await auditOf(BEA)];
    const refused = await alex.post('/cases', searchFor({ surname: 'Example' }));

    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('Ada Example');
    expect([await auditOf(ADA), await auditOf(BEA)]).toEqual(before);
  });

  it('refuses an analyst, a contractor and an administrator, and audits the refusal on no case', async () => {
    const before = [await auditOf(ADA), await auditOf(BEA)];
    for (const user of ['analyst.one', 'contractor.one', 'admin.one']) {
      const visitor = await new Visitor(served.url).signIn(user);
      const home = await visitor.get('/');
      const landing = home.status === 303 ? await visitor.get(home.location as string) : home;
      expect(landing.body, user).not.toContain('Find a case');
      // Their own form token (every page's sign-out form carries it), so the refusal is of the person.
      const csrf = await visitor.csrf(home.status === 303 ? (home.location as string) : '/');
      const refused = await visitor.post('/cases', { ...searchFor({ surname: 'Example' }), csrf });
      expect(refused.status, user).toBe(403);
      expect(refused.body).not.toContain('Ada Example');
      expect((await visitor.get('/cases')).status, user).toBe(403);
    }
    expect([await auditOf(ADA), await auditOf(BEA)]).toEqual(before);
    // Signed out, the page sends the browser to sign in.
    expect((await new Visitor(served.url).get('/cases')).location).toBe('/');
  });
});
