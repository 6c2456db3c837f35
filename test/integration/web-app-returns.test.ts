import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): in Q3 of 2026/27, after Q2 has ended. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await served?.close();
});

/** The Q2 return as the schedule makes it on 1 October (run late here), with one referral received in Q3. */
async function theQ2ReturnStored(on: ServedLocalSystem): Promise<void> {
  const referral = await fetch(`${on.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody()),
  });
  expect(referral.status).toBe(201);
  expect(
    await on.fresh.system.invoke('produceQuarterlyReturn', { scheduledTime: '2026-10-01T05:00:00Z' }),
  ).toMatchObject({ status: 'stored', quarter: '2026/27-Q2' });
}

describe('the quarterly returns in the web app', () => {
  it('lands an analyst on the stored returns, newest first, each with its CSV, HTML, PDF and JSON', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    await theQ2ReturnStored(served);
    // What `vf report quarterly` made earlier: only a CSV of Q1.
    await served.fresh.system.returns.put('2026/27-Q1', 'csv', 'id,label,value\r\n');
    const pat = await new Visitor(served.url).signIn('analyst.one');

    expect((await pat.get('/')).location).toBe('/returns');
    const page = await pat.get('/returns');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Quarterly returns – Victim First casework</title>');
    expect(page.body).toContain('href="/returns"');
    const q2 = page.body.indexOf('2026/27-Q2');
    const q1 = page.body.indexOf('2026/27-Q1');
    expect(q2).toBeGreaterThan(-1);
    expect(q1).toBeGreaterThan(q2);
    expect(page.body).toContain('1 July to 30 September 2026');
    const links = [...page.body.matchAll(/href="(\/returns\/(?!monthly\/)[^"]+)"/g)].map((match) => match[1]);
    expect(links).toEqual([
      '/returns/2026-27-Q2.csv',
      '/returns/2026-27-Q2.html',
      '/returns/2026-27-Q2.pdf',
      '/returns/2026-27-Q2.json',
      '/returns/2026-27-Q1.csv',
    ]);
    expect(page.body).not.toContain('href="/tasks');
  });

  it('downloads each format with its content type, as an attachment, and opens the HTML in the browser', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    await theQ2ReturnStored(served);
    const pat = await new Visitor(served.url).signIn('analyst.one');

    const csv = await pat.get('/returns/2026-27-Q2.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="victim-first-return-2026-27-Q2.csv"',
    );
    expect(csv.headers.get('cache-control')).toBe('no-store');
    expect(csv.body).toContain('referrals-received');

    const pdf = await pat.get('/returns/2026-27-Q2.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
    // The stored bytes, unaltered on the way (read as text the same way on both sides).
    const stored = await served.fresh.system.returns.get('2026/27-Q2', 'pdf');
    expect(pdf.body).toBe(new TextDecoder().decode(stored));

    const json = await pat.get('/returns/2026-27-Q2.json');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; /);
    const report = JSON.parse(json.body) as { quarter: string; measures: { id: string; value: number }[] };
    expect(report.quarter).toBe('2026/27-Q2');
    // The referral of 15 December is Q3's, not Q2's.
    expect(report.measures.find((m) => m.id === 'referrals-received')?.value).toBe(0);

    const html = await pat.get('/returns/2026-27-Q2.html');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-disposition')).toBe(
      'inline; filename="victim-first-return-2026-27-Q2.html"',
    );
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.body).toContain('1 July to 30 September 2026');
  });

  it('refuses the returns to caseworkers, team leaders and the contractor, and sends a visitor to sign in', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    await theQ2ReturnStored(served);

    for (const user of ['caseworker.one', 'team.leader', 'contractor.one', 'admin.one']) {
      const visitor = await new Visitor(served.url).signIn(user);
      const list = await visitor.get('/returns');
      expect(list.status, `${user} /returns`).toBe(403);
      expect(list.body).toContain('Quarterly returns are open to analysts.');
      const download = await visitor.get('/returns/2026-27-Q2.pdf');
      expect(download.status, `${user} download`).toBe(403);
      expect(download.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(download.body).not.toContain('%PDF');
      expect((await visitor.get('/tasks')).body).not.toContain('href="/returns"');
    }
    expect((await new Visitor(served.url).get('/returns/2026-27-Q2.pdf')).location).toBe('/');
  });

  it('answers a quarter with nothing stored with 404, and a malformed quarter or format with 400 naming it', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    await theQ2ReturnStored(served);
    const pat = await new Visitor(served.url).signIn('analyst.one');

    const unknown = await pat.get('/returns/2025-26-Q4.pdf');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('No return is stored for 2025/26-Q4');

    const malformed = await pat.get('/returns/2026-Q9.csv');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toContain('“2026-Q9” is not a quarter');

    const format = await pat.get('/returns/2026-27-Q2.docx');
    expect(format.status).toBe(400);
    expect(format.body).toContain('“docx” is not a format of the return');
  });

  it('says so when no return has been stored yet', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const pat = await new Visitor(served.url).signIn('analyst.one');
    const page = await pat.get('/returns');
    expect(page.status).toBe(200);
    expect(page.body).toContain('No return has been stored yet.');
    expect(page.body).toContain('npx vf report quarterly');
  });
});
