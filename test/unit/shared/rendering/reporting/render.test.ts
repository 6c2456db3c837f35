import { parse } from 'csv-parse/sync';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it, vi } from 'vitest';
import type { Measure } from '../../../../../shared/domain/reporting/quarterly-return.ts';
import { returnCharts } from '../../../../../shared/rendering/reporting/charts.ts';
import { formatSigned, returnPeriod } from '../../../../../shared/rendering/reporting/format.ts';
import {
  escapeHtml,
  RETURN_CSV_COLUMNS,
  returnCsv,
  returnHtml,
  returnPdf,
  toWinAnsi,
} from '../../../../../shared/rendering/reporting/index.ts';
import {
  AWKWARD_LABEL,
  FORMULA_LABEL,
  MEASURES,
  quarterlyReturn,
  SCRIPT_LABEL,
} from '../../domain/reporting/fixtures.ts';

const TITLE = 'Victim First quarterly return 2026/27-Q2 (1 July to 30 September 2026)';
const measure = (overrides: Partial<Measure> & Pick<Measure, 'id' | 'label'>): Measure => ({
  lot: 1,
  section: 'Referrals',
  value: 1,
  ...overrides,
});

/** The CSV's records as a spreadsheet reads them back. */
const records = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: false });

/** A PDF's text as PDF.js reads it (through unpdf, as the letter tests do), whitespace collapsed. */
async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const count = doc.numPages;
  await doc.destroy();
  return { text: pages.join(' ').replace(/\s+/g, ' '), pages: count };
}

describe('the quarterly return as CSV', () => {
  const csv = returnCsv(quarterlyReturn());

  it('starts with a byte-order mark and a header row naming the columns', () => {
    expect(
      csv.startsWith(
        '\uFEFF"quarter","lot","section","id","label","value","percentage","denominator","note"\r\n',
      ),
    ).toBe(true);
    expect(records(csv)[0]).toEqual([...RETURN_CSV_COLUMNS]);
  });

  it('leaves the byte-order mark out when asked', () => {
    expect(returnCsv(quarterlyReturn(), { byteOrderMark: false }).startsWith('"quarter",')).toBe(true);
  });

  it('writes one row per measure, in the order of the return', () => {
    const rows = records(csv).slice(1);
    expect(rows.map((row) => row[3])).toEqual(MEASURES.map((m) => m.id));
    expect(rows[3]).toEqual([
      '2026/27-Q2',
      '1',
      'Deadlines',
      'initial-calls-within-48h',
      'Initial calls made within 48 hours',
      '371',
      '92.3',
      '402',
      '',
    ]);
  });

  it('ends every record with CRLF', () => {
    const body = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.split('\r\n')).toHaveLength(MEASURES.length + 2);
    expect(body.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('quotes commas, quotes and line ends so that the row reads back whole', () => {
    expect(csv).toContain(
      '"Outcomes, onward","passed-to-other-services","Passed to other services, ""onward""\nincluding Rutland",23,',
    );
    const row = records(csv).find((r) => r[3] === 'passed-to-other-services');
    expect(row?.[4]).toBe(AWKWARD_LABEL);
    expect(row?.[2]).toBe('Outcomes, onward');
  });

  it('neutralises a label a spreadsheet would run as a formula with a leading apostrophe', () => {
    expect(csv).toContain('"\'=HYPERLINK(""http://example.org/x"",""click"")",4,');
    const row = records(csv).find((r) => r[3] === 'onward-referrals.formula');
    expect(row?.[4]).toBe(`'${FORMULA_LABEL}`);
  });

  it.each([
    ['=', '=1+1'],
    ['+', '+44 116 496 0000'],
    ['-', '-2 cancelled'],
    ['@', '@SUM(A1)'],
    ['tab', '\t=1'],
    ['carriage return', '\r=1'],
  ])('prefixes a text cell starting with %s', (_, label) => {
    const out = returnCsv(quarterlyReturn([measure({ id: 'x', label, note: label })]));
    const row = records(out)[1];
    expect(row?.[4]).toBe(`'${label}`);
    expect(row?.[8]).toBe(`'${label}`);
  });

  it('writes numbers as bare numbers, a negative one without a prefix', () => {
    expect(csv).toContain('"distance-travelled.safety","Distance travelled: feeling safe",-0.4,,,\r\n');
    expect(csv).not.toContain("'-0.4");
  });

  it('leaves a suppressed count empty and says why in the note', () => {
    expect(csv).toContain(
      '"equality.sex.intersex","Victims recorded as intersex",,,,"suppressed (under 5)"\r\n',
    );
  });

  it('gives pence as pence and leaves a missing figure empty beside its note', () => {
    const rows = records(csv);
    expect(rows.find((r) => r[3] === 'th-cost-per-property-pence')?.[5]).toBe('18450');
    expect(rows.find((r) => r[3] === 'th-refusals-reason-unknown')?.slice(5)).toEqual([
      '',
      '',
      '',
      'not recorded by the system',
    ]);
  });
});

describe('the quarterly return as HTML', () => {
  const html = returnHtml(quarterlyReturn());

  it('is titled with the quarter and its days', () => {
    expect(html).toContain(`<title>${TITLE}</title>`);
    expect(html).toContain(`<h1>${TITLE}</h1>`);
    expect(html).toContain('Produced on 14 October 2026 at 9:05am');
  });

  it("shows every measure's label", () => {
    for (const m of MEASURES) expect(html).toContain(escapeHtml(m.label));
  });

  it('escapes a label so that a script in it is inert', () => {
    expect(html).toContain('Complaints &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; received');
    expect(html).not.toContain(SCRIPT_LABEL);
  });

  it('has no script and loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(?:src|href)=/i);
    expect(html).not.toMatch(/<link|@import|url\(/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('draws five charts as inline SVG, each with a title, a description and its figures as a table', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(5);
    for (const svg of svgs) {
      expect(svg).toMatch(/role="img"/);
      expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title>/);
      expect(svg).toMatch(/<desc id="[^"]+">[^<]+<\/desc>/);
      expect(svg).toMatch(/<text /);
    }
    expect(html.match(/<caption>Figures for/g)).toHaveLength(5);
    expect(html).toContain(
      '<title id="referrals-by-source-and-week-title">Referrals received by source and week</title>',
    );
    expect(html).toContain(
      '<title id="outcomes-against-targets-title">Outcomes against their targets, quarter by quarter</title>',
    );
  });

  it('shows the headline figures', () => {
    expect(html).toContain('<span class="headline__figure">412</span>');
    expect(html).toContain('<span class="headline__figure">92.3%</span>');
    expect(html).toContain('<span class="headline__figure">£17,331.25</span>');
    expect(html).toContain('of £40,000.00 budget (43.3%)');
  });

  it('shows a suppressed count as "fewer than 5"', () => {
    expect(html).toMatch(
      /<tr data-measure-id="equality\.sex\.intersex"><th scope="row">Victims recorded as intersex<\/th><td class="numeric">fewer than 5<\/td>/,
    );
  });

  it('shows pence as pounds, percentages with one decimal and a missing figure as a dash with its note', () => {
    expect(html).toContain('<td class="numeric">£184.50</td>');
    expect(html).toContain('<td class="numeric">99.0%</td>');
    expect(html).toMatch(
      /data-measure-id="th-refusals-reason-unknown">.*<td class="numeric">—<\/td>.*<td class="note">not recorded by the system<\/td>/,
    );
  });

  it('groups the measures by lot, then by section', () => {
    const lot1 = html.indexOf('Lot 1: Victim First support service');
    const lot2 = html.indexOf('Lot 2: Target Hardening');
    expect(lot1).toBeGreaterThan(0);
    expect(lot2).toBeGreaterThan(lot1);
    expect(html.indexOf('<h3>Equality: sex</h3>')).toBeGreaterThan(lot1);
    expect(html.indexOf('<h3>Spend</h3>')).toBeGreaterThan(lot2);
  });

  it('starts each section on a new page when printed, on A4', () => {
    expect(html).toContain('@page { size: A4;');
    expect(html).toMatch(/@media print \{[\s\S]*section\.section \{ break-before: page;/);
  });
});

describe('the quarterly return as PDF', () => {
  it('is a PDF with the title, the headline figures, the measures and numbered pages', async () => {
    const pdf = await returnPdf(quarterlyReturn());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    expect(text).toContain(TITLE);
    expect(text).toContain('Initial calls within 48 hours 92.3%');
    expect(text).toContain('Initial calls made within 48 hours');
    expect(text).toContain('fewer than 5');
    expect(text).toContain(`Victim First quarterly return 2026/27-Q2 — page 1 of ${pages}`);
    expect(text).toContain(`page ${pages} of ${pages}`);
  });

  it('gives the same bytes for the same return, whenever it is rendered', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-10-14T09:00:00Z'));
      const a = await returnPdf(quarterlyReturn());
      vi.setSystemTime(new Date('2027-02-01T12:34:56Z'));
      const b = await returnPdf(quarterlyReturn());
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes characters the standard fonts lack as look-alikes or "?"', async () => {
    const label = 'Zoë in Łódź said “≥ 5” − fine 日本';
    const pdf = await returnPdf(quarterlyReturn([measure({ id: 'x', label })]));
    expect((await pdfText(pdf)).text).toContain('Zoë in ?ódz said “>= 5” - fine ??');
  });
});

describe('text for the PDF standard fonts', () => {
  it.each([
    ['Zoë Brontë', 'Zoë Brontë'],
    ['£12 – €3 — “quoted” …', '£12 – €3 — “quoted” …'],
    ['Łódź', '?ódz'],
    ['2 − 1 ≤ 3', '2 - 1 <= 3'],
    ['line\nbreak\tand\u202fnarrow space', 'line break and narrow space'],
    ['😀', '?'],
  ])('writes %j as %j', (input, output) => {
    expect(toWinAnsi(input)).toBe(output);
  });
});

describe('a return with nothing in it', () => {
  const empty = {
    ...quarterlyReturn([]),
    charts: {
      outcomesAgainstTargets: [],
      referralsBySourceAndWeek: [],
      deadlinesByRule: [],
      distanceTravelled: [],
      targetHardeningSpend: { financialYear: '2026/27', budgetPence: 0, spentPence: 0, byMonth: [] },
    },
  };

  it('still renders as CSV, HTML and PDF, headline figures shown as missing', async () => {
    expect(records(returnCsv(empty))).toHaveLength(1);
    const html = returnHtml(empty);
    expect(html.match(/<svg/g)).toHaveLength(4);
    expect(html).toContain('not in this return');
    expect((await pdfText(await returnPdf(empty))).text).toContain(TITLE);
  });
});

describe('the charts', () => {
  it("draws each outcome's quarters side by side, its target a line across them, and says so in words", () => {
    const chart = returnCharts(quarterlyReturn()).find((c) => c.id === 'outcomes-against-targets');
    const bars = chart?.shapes.filter((s) => s.kind === 'rect' && s.fill === '#1d70b8' && s.h > 10) ?? [];
    // Satisfied in Q1 and Q2, coped and recovered in Q1 (Q2 had no answers).
    expect(bars).toHaveLength(3);
    const target = chart?.shapes.find((s) => s.kind === 'line' && s.width === 2);
    const [q1, q2] = bars;
    // 82.4% falls short of the 85% line; 88.9% passes it.
    if (q1?.kind === 'rect' && q2?.kind === 'rect' && target?.kind === 'line') {
      expect(q1.x + q1.w).toBeLessThan(target.x1);
      expect(q2.x + q2.w).toBeGreaterThan(target.x1);
    } else throw new Error('no bars or target line');
    expect(chart?.description).toContain(
      'Victims satisfied with the support (police survey): target 85.0%; Q1 82.4% of 34, Q2 88.9% of 45.',
    );
    expect(chart?.description).toContain('no target set for the year; Q1 76.5% of 34, Q2 no answers.');
    expect(chart?.table.rows[1]).toEqual([
      'Victims satisfied with the support (police survey)',
      '2026/27-Q2',
      '88.9%',
      '45',
      '85.0%',
    ]);
  });

  it('draws a negative distance travelled to the left of zero, a positive one to the right', () => {
    const distance = returnCharts(quarterlyReturn()).find((c) => c.id === 'distance-travelled');
    const bars = distance?.shapes.filter((s) => s.kind === 'rect' && s.fill !== '#ffffff') ?? [];
    const axis = distance?.shapes.find((s) => s.kind === 'line' && s.stroke === '#0b0c0c' && s.x1 === s.x2);
    expect(axis?.kind).toBe('line');
    const zero = axis?.kind === 'line' ? axis.x1 : Number.NaN;
    // Feeling safe (-0.4) comes first, health and wellbeing (+1.3) second.
    const [safety, health] = bars;
    expect(safety?.kind === 'rect' && safety.x + safety.w).toBeCloseTo(zero);
    expect(health?.kind === 'rect' && health.x).toBeCloseTo(zero);
  });

  it('marks the budget with a dashed line above the spend to date', () => {
    const spend = returnCharts(quarterlyReturn()).find((c) => c.id === 'target-hardening-spend');
    const budget = spend?.shapes.find((s) => s.kind === 'line' && s.dashed);
    const bars = spend?.shapes.filter((s) => s.kind === 'rect' && s.fill === '#1d70b8' && s.w > 10) ?? [];
    expect(bars).toHaveLength(6);
    for (const bar of bars)
      if (bar.kind === 'rect' && budget?.kind === 'line') expect(bar.y).toBeGreaterThan(budget.y1);
    expect(spend?.table.rows.at(-1)).toEqual(['September 2026', '£2,840.00', '£17,331.25', '£22,668.75']);
  });
});

describe('a change in need score', () => {
  it.each([
    [1.3, '+1.3'],
    [-0.4, '-0.4'],
    [0, '0.0'],
    [-0.04, '0.0'],
  ])('%d is written %s', (n, text) => {
    expect(formatSigned(n)).toBe(text);
  });
});

describe('the period of a return', () => {
  it.each([
    ['2026-03-31T23:00:00.000Z', '2026-06-30T23:00:00.000Z', '1 April to 30 June 2026'],
    ['2026-09-30T23:00:00.000Z', '2027-01-01T00:00:00.000Z', '1 October to 31 December 2026'],
    ['2027-01-01T00:00:00.000Z', '2027-03-31T23:00:00.000Z', '1 January to 31 March 2027'],
  ])('from %s to %s is %s in Europe/London', (from, to, period) => {
    expect(returnPeriod({ ...quarterlyReturn(), from, to })).toBe(period);
  });
});
