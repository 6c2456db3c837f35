import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, pdfText, vf } from '../support/vf-command.ts';

// The acceptance run of the returns, in a file of its own so that it runs beside vf simulate's other tests.
const root = mkdtempSync(join(tmpdir(), 'vf-simulate-return-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the quarterly return of a simulated quarter', () => {
  const dataDir = join(root, 'quarter');
  let simulation: {
    referrals: number;
    paths: Record<string, number>;
    deadlines: Record<string, { met: number; breached: number }>;
    atRisk: Record<string, number>;
  };

  // The acceptance run of the returns (about a minute): 300 referrals from 1 July 2026, all in 2026/27-Q2.
  beforeAll(async () => {
    const simulated = await vf(
      dataDir,
      'simulate',
      '--referrals',
      '300',
      '--seed',
      '11',
      '--start',
      '2026-07-01',
      '--json',
    );
    expect(simulated.code, simulated.stderr).toBe(0);
    simulation = lastJson(simulated.stdout);
  }, 540_000);

  it('vf report quarterly --format json gives every measure, 300 referrals, and the simulation’s own outcomes and deadlines', async () => {
    const report = await vf(dataDir, 'report', 'quarterly', '--quarter', '2026/27-Q2', '--format', 'json');
    expect(report.code, report.stderr).toBe(0);
    const { quarter, measures } = lastJson<{
      quarter: string;
      measures: {
        id: string;
        label: string;
        value: number | null;
        percentage?: number | null;
        suppressed?: boolean;
        target?: number;
      }[];
    }>(report.stdout);
    expect(quarter).toBe('2026/27-Q2');
    for (const measure of measures) {
      expect(typeof measure.label).toBe('string');
      expect(measure.value === null || typeof measure.value === 'number', measure.id).toBe(true);
    }
    const value = (id: string) => measures.find((m) => m.id === id)?.value;
    expect(value('referrals-received')).toBe(300);
    expect(value('contact-paths-ended')).toBe(300);
    for (const [result, n] of Object.entries(simulation.paths))
      expect(value(`outcome.${result}`), result).toBe(n);
    for (const [rule, { met, breached }] of Object.entries(simulation.deadlines)) {
      expect(value(`deadlines-met.${rule}`), rule).toBe(met);
      expect(value(`breaches.${rule}`), rule).toBe(breached);
    }
    const atRisk = Object.values(simulation.atRisk).reduce((a, b) => a + b, 0);
    expect(value('at-risk-alerts')).toBe(atRisk);
    // Every Lot 1 measure is a number; only a suppressed equality count is withheld.
    for (const measure of measures.filter((m) => !m.id.startsWith('th-') && !m.suppressed))
      expect(measure.value, measure.id).not.toBeNull();
    // The casework after first contact (local/simulation/casework-extras.ts) reaches the return.
    for (const id of [
      'hardship-payments',
      'restorative-justice.offers',
      'mental-health-triage.referrals',
      'volunteer-supported',
    ])
      expect(value(id), id).toBeGreaterThan(0);
    expect(value('hardship-budget')).toBe(5000);
    const spent = measures.find((m) => m.id === 'hardship-spend.year-to-date');
    expect(spent?.percentage).toBeCloseTo(((spent?.value ?? 0) / 5000) * 100, 0);
    const domains = measures.filter(
      (m) => m.id.startsWith('distance-travelled-domain.') && m.id.endsWith('.improved'),
    );
    expect(domains).toHaveLength(8);
    // The simulated target-hardening jobs (local/simulation/target-hardening.ts) fill the Lot 2 return.
    for (const measure of measures.filter((m) => m.id.startsWith('th-')))
      expect(measure.value, measure.id).not.toBeNull();
    // The police survey reaches some victims (local/simulation/surveys.ts); satisfaction is held to its 85%.
    const satisfied = measures.find((m) => m.id === 'survey.satisfied');
    expect(satisfied?.value).toBeGreaterThan(0);
    expect(satisfied?.target).toBe(85);
    expect(value('th-survey.feels-safer'), 'th-survey.feels-safer').toBeGreaterThan(0);
    for (const id of ['th-jobs-created', 'th-completed', 'th-within-time', 'th-labour-per-property-pence'])
      expect(value(id), id).toBeGreaterThan(0);
    // Support does not help everyone: some domains end worse than they began.
    const worse = measures.filter(
      (m) => m.id.startsWith('distance-travelled-domain.') && m.id.endsWith('.worse'),
    );
    expect(worse.reduce((sum, m) => sum + (m.value ?? 0), 0)).toBeGreaterThan(0);
  }, 120_000);

  it('writes the CSV, HTML and PDF overview, each readable', async () => {
    for (const format of ['csv', 'html', 'pdf']) {
      const written = await vf(dataDir, 'report', 'quarterly', '--quarter', '2026/27-Q2', '--format', format);
      expect(written.code, written.stderr).toBe(0);
    }
    const file = (format: string) => join(dataDir, 'reports', `2026-27-Q2.${format}`);
    expect(readFileSync(file('csv'), 'utf8')).toContain(
      '"2026/27-Q2",1,"Referrals","referrals-received","Referrals received",300',
    );
    const html = readFileSync(file('html'), 'utf8');
    expect(html).toContain('Victim First quarterly return 2026/27-Q2');
    expect(html.match(/<svg/g)).toHaveLength(5);
    expect(html).toContain('Outcomes against their targets, quarter by quarter');
    const text = await pdfText(readFileSync(file('pdf')));
    expect(text).toContain('Victim First quarterly return 2026/27-Q2');
    expect(text).toContain('Referrals received');
  }, 120_000);

  it('refuses a quarter it cannot read, naming what it expects', async () => {
    const refused = await vf(dataDir, 'report', 'quarterly', '--quarter', '2026-Q2', '--format', 'json');
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'vf: --quarter must be a financial-year quarter such as 2026/27-Q2 (July to September 2026), got "2026-Q2"',
    );
  });

  it("vf report monthly gives each month's share: the quarter's three months add up to its referrals and breaches", async () => {
    let referrals = 0;
    let breaches = 0;
    let complaints = 0;
    for (const month of ['2026-07', '2026-08', '2026-09']) {
      const summary = await vf(dataDir, 'report', 'monthly', '--month', month);
      expect(summary.code, summary.stderr).toBe(0);
      const figures = lastJson<{
        month: string;
        referralsReceived: number;
        breaches: number;
        complaintsReceived: { victimFirst: number; targetHardening: number };
      }>(summary.stdout);
      complaints += figures.complaintsReceived.victimFirst + figures.complaintsReceived.targetHardening;
      expect(figures.month).toBe(month);
      referrals += figures.referralsReceived;
      breaches += figures.breaches;
    }
    expect(referrals).toBe(300);
    // The simulation's complaints (local/simulation/complaints.ts) are counted in the months received.
    expect(complaints).toBeGreaterThan(0);
    // Breaches recorded in the quarter's months are the quarter's; the simulation counts those it caused.
    const breachedInQuarter = Object.values(simulation.deadlines).reduce((sum, d) => sum + d.breached, 0);
    expect(breaches).toBe(breachedInQuarter);
    const bad = await vf(dataDir, 'report', 'monthly', '--month', 'August');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--month must be a month such as 2026-05');
  });
});
