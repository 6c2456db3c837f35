import type { QuarterlyReturn } from '../../domain/reporting/quarterly-return.ts';
import {
  formatDay,
  formatMonth,
  formatNumber,
  formatPence,
  formatPenceWhole,
  formatPercentage,
  formatSigned,
  NO_FIGURE,
} from './format.ts';

/**
 * The return's four charts, laid out once as a list of shapes in points (1/72 inch) so the HTML (as SVG) and
 * the PDF (as pdfkit vector drawing) show the same picture. Each chart carries a title, a one-paragraph
 * description for screen readers and a data table, since a chart alone is not accessible.
 */

export type Shape =
  | {
      readonly kind: 'rect';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
      readonly fill: string;
    }
  | {
      readonly kind: 'line';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly stroke: string;
      readonly width: number;
      readonly dashed?: true;
    }
  | {
      readonly kind: 'text';
      readonly x: number;
      /** The baseline. */
      readonly y: number;
      readonly text: string;
      readonly size: number;
      readonly anchor: 'start' | 'middle' | 'end';
      readonly bold?: true;
      readonly fill: string;
    };

/** A chart's figures as a table; the columns after the first hold numbers and are right-aligned. */
export interface DataTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly shapes: readonly Shape[];
  readonly table: DataTable;
}

/** Charts are this wide, in points: the width of A4 less 18 mm margins, rounded down. */
export const CHART_WIDTH = 480;

/** GOV.UK Design System colours. */
export const COLOURS = {
  text: '#0b0c0c',
  secondaryText: '#505a5f',
  border: '#b1b4b6',
  blue: '#1d70b8',
  green: '#00703c',
  red: '#d4351c',
  orange: '#f47738',
} as const;

/** One colour per referral source, from the GOV.UK palette; they repeat after twelve. */
const SERIES = [
  '#1d70b8',
  '#f47738',
  '#00703c',
  '#4c2c92',
  '#d53880',
  '#28a197',
  '#b58840',
  '#85994b',
  '#912b88',
  '#003078',
  '#505a5f',
  '#d4351c',
] as const;

/** Helvetica (and Arial, which shares its metrics) advance widths for ASCII 32–126, in 1/1000 em. */
const REGULAR_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD_WIDTHS = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
  556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
  556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
  333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/** How wide a text is in Helvetica at a size, in points (characters outside ASCII count as a digit). */
export function textWidth(text: string, size: number, bold = false): number {
  const widths = bold ? BOLD_WIDTHS : REGULAR_WIDTHS;
  let total = 0;
  for (const ch of text) total += widths[(ch.codePointAt(0) ?? 0) - 32] ?? 556;
  return (total * size) / 1000;
}

/** A text broken into at most `lines` lines of `width`; the last is cut short with "…" if need be. */
export function wrapText(text: string, size: number, width: number, lines = 2): string[] {
  const out: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (const [i, word] of words.entries()) {
    const tried = line ? `${line} ${word}` : word;
    if (textWidth(tried, size) <= width || !line) {
      line = tried;
      continue;
    }
    if (out.length === lines - 1) {
      line = `${line} ${words.slice(i).join(' ')}`;
      break;
    }
    out.push(line);
    line = word;
  }
  out.push(line);
  const last = out.length - 1;
  let cut = out[last] ?? '';
  if (textWidth(cut, size) > width) {
    while (cut.length > 1 && textWidth(`${cut}…`, size) > width) cut = cut.slice(0, -1).trimEnd();
    out[last] = `${cut}…`;
  }
  return out;
}

/** A tick step of 1, 2 or 5 × 10ⁿ giving about five ticks up to `span`; `integer` keeps steps whole. */
function niceStep(span: number, integer: boolean): number {
  if (!(span > 0)) return 1;
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  return integer ? Math.max(1, Math.round(step)) : step;
}

function ticks(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let i = Math.round(lo / step); i * step <= hi + step * 1e-9; i++) out.push(i * step);
  return out;
}

/** What the referral sources are called on the charts; any other key is written out from its id. */
const SOURCE_LABELS: Readonly<Record<string, string>> = {
  police: 'Police',
  self: 'Self-referral',
  partner: 'Partner agencies',
  'sentinel-asb': 'Sentinel (anti-social behaviour)',
};

/** A source key as a reader expects it: `police` → "Police", `victim-services` → "Victim services". */
export function sourceLabel(key: string): string {
  const known = SOURCE_LABELS[key];
  if (known) return known;
  const words = key.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const text = (
  x: number,
  y: number,
  value: string,
  size: number,
  anchor: 'start' | 'middle' | 'end' = 'start',
  extra: { bold?: true; fill?: string } = {},
): Shape => ({
  kind: 'text',
  x,
  y,
  text: value,
  size,
  anchor,
  fill: extra.fill ?? COLOURS.text,
  ...(extra.bold ? { bold: true } : {}),
});
const rect = (x: number, y: number, w: number, h: number, fill: string): Shape => ({
  kind: 'rect',
  x,
  y,
  w,
  h,
  fill,
});
const line = (
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  stroke: string,
  width = 0.5,
  dashed = false,
): Shape => ({
  kind: 'line',
  x1,
  y1,
  x2,
  y2,
  stroke,
  width,
  ...(dashed ? { dashed: true } : {}),
});

/** A text with a white patch behind it, so a grid line running under a bar's figure does not cross it. */
function backedText(
  x: number,
  y: number,
  value: string,
  size: number,
  anchor: 'start' | 'middle' | 'end',
  extra: { bold?: true; fill?: string } = {},
): Shape[] {
  const w = textWidth(value, size, extra.bold) + 2;
  const left = anchor === 'start' ? x - 1 : anchor === 'middle' ? x - w / 2 : x - w + 1;
  return [rect(left, y - size * 0.8, w, size * 1.05, '#ffffff'), text(x, y, value, size, anchor, extra)];
}

/** A row of colour keys, wrapped to the chart's width; returns the shapes and the height used. */
function legend(
  items: readonly { label: string; colour: string }[],
  top: number,
): { shapes: Shape[]; height: number } {
  const shapes: Shape[] = [];
  const size = 8;
  let x = 0;
  let y = top;
  for (const item of items) {
    const w = 14 + textWidth(item.label, size) + 14;
    if (x > 0 && x + w > CHART_WIDTH) {
      x = 0;
      y += 14;
    }
    shapes.push(rect(x, y, 10, 10, item.colour), text(x + 14, y + 8.5, item.label, size));
    x += w;
  }
  return { shapes, height: y - top + 18 };
}

const AXIS_SIZE = 7;
const LABEL_SIZE = 8;

/** Referrals received per week, stacked by source. */
function referralsChart(r: QuarterlyReturn): Chart {
  const weeks = r.charts.referralsBySourceAndWeek;
  const sources: string[] = [];
  for (const week of weeks)
    for (const key of Object.keys(week.counts)) if (!sources.includes(key)) sources.push(key);
  const colour = (i: number) => SERIES[i % SERIES.length] ?? COLOURS.blue;
  const totals = weeks.map((week) => sources.reduce((n, key) => n + (week.counts[key] ?? 0), 0));
  const bySource = sources.map((key) => weeks.reduce((n, week) => n + (week.counts[key] ?? 0), 0));
  const grand = totals.reduce((a, b) => a + b, 0);

  const key = legend(
    sources.map((s, i) => ({ label: sourceLabel(s), colour: colour(i) })),
    0,
  );
  const shapes: Shape[] = [...key.shapes];
  const max = Math.max(0, ...totals);
  const step = niceStep(max, true);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plot = { left: 34, right: CHART_WIDTH, top: key.height + 12, bottom: key.height + 12 + 190 };
  const y = (v: number) => plot.bottom - ((plot.bottom - plot.top) * v) / top;
  for (const t of ticks(0, top, step)) {
    shapes.push(
      line(plot.left, y(t), plot.right, y(t), t === 0 ? COLOURS.text : COLOURS.border, t === 0 ? 1 : 0.5),
    );
    shapes.push(
      text(plot.left - 4, y(t) + 2.5, formatNumber(t), AXIS_SIZE, 'end', { fill: COLOURS.secondaryText }),
    );
  }
  const slot = (plot.right - plot.left) / Math.max(1, weeks.length);
  const barWidth = Math.min(28, slot * 0.7);
  for (const [i, week] of weeks.entries()) {
    const x = plot.left + slot * i + (slot - barWidth) / 2;
    let base = 0;
    for (const [j, source] of sources.entries()) {
      const n = week.counts[source] ?? 0;
      if (n <= 0) continue;
      shapes.push(rect(x, y(base + n), barWidth, y(base) - y(base + n), colour(j)));
      // A thin white line between the parts, so neighbouring colours stay apart in grey print.
      if (base > 0) shapes.push(line(x, y(base), x + barWidth, y(base), '#ffffff', 0.75));
      base += n;
    }
    const centre = x + barWidth / 2;
    shapes.push(
      ...backedText(centre, y(base) - 3, formatNumber(totals[i] ?? 0), AXIS_SIZE, 'middle', { bold: true }),
    );
    shapes.push(text(centre, plot.bottom + 10, formatDay(week.weekStarting, 'short'), AXIS_SIZE, 'middle'));
  }
  shapes.push(
    text(plot.left, plot.bottom + 24, 'Week starting (Monday)', LABEL_SIZE, 'start', {
      fill: COLOURS.secondaryText,
    }),
  );

  const parts = sources.map((s, i) => `${sourceLabel(s)} ${formatNumber(bySource[i] ?? 0)}`);
  const busiest = weeks[totals.indexOf(max)];
  return {
    id: 'referrals-by-source-and-week',
    title: 'Referrals received by source and week',
    description:
      `Stacked bar chart of the referrals received in each of ${weeks.length} weeks, by source. ` +
      `${formatNumber(grand)} in total${parts.length ? `: ${parts.join(', ')}` : ''}.` +
      (busiest && max > 0
        ? ` The busiest week started ${formatDay(busiest.weekStarting, 'long')}, with ${formatNumber(max)}.`
        : ''),
    width: CHART_WIDTH,
    height: plot.bottom + 30,
    shapes,
    table: {
      head: ['Week starting', ...sources.map(sourceLabel), 'Total'],
      rows: [
        ...weeks.map((week, i) => [
          formatDay(week.weekStarting, 'long'),
          ...sources.map((s) => formatNumber(week.counts[s] ?? 0)),
          formatNumber(totals[i] ?? 0),
        ]),
        ['Total', ...bySource.map(formatNumber), formatNumber(grand)],
      ],
    },
  };
}

/** Horizontal bar rows with a label column on the left; returns the label column's width and each row's top. */
function rowLabels(
  labels: readonly string[],
  top: number,
  rowHeight: number,
): { shapes: Shape[]; width: number } {
  const width = Math.min(170, Math.max(60, ...labels.map((l) => textWidth(l, LABEL_SIZE) + 8)));
  const shapes: Shape[] = [];
  for (const [i, label] of labels.entries()) {
    const lines = wrapText(label, LABEL_SIZE, width - 8);
    const middle = top + rowHeight * i + rowHeight / 2;
    const first = middle + 3 - ((lines.length - 1) * 9.5) / 2;
    for (const [k, l] of lines.entries()) shapes.push(text(width - 8, first + k * 9.5, l, LABEL_SIZE, 'end'));
  }
  return { shapes, width };
}

/** Deadlines met and breached, per rule, as stacked horizontal bars. */
function deadlinesChart(r: QuarterlyReturn): Chart {
  const rules = r.charts.deadlinesByRule;
  const key = legend(
    [
      { label: 'Met', colour: COLOURS.green },
      { label: 'Breached', colour: COLOURS.red },
    ],
    0,
  );
  const rowHeight = 26;
  const top = key.height + 6;
  const labels = rowLabels(
    rules.map((rule) => rule.label),
    top,
    rowHeight,
  );
  const shapes: Shape[] = [...key.shapes, ...labels.shapes];
  const summary = (met: number, breached: number) =>
    met + breached === 0
      ? 'none due'
      : `${formatNumber(met)} met, ${formatNumber(breached)} breached (${formatPercentage((100 * met) / (met + breached))} met)`;
  const valueRoom = 150;
  const left = labels.width;
  const span = CHART_WIDTH - valueRoom - left;
  const max = Math.max(1, ...rules.map((rule) => rule.met + rule.breached));
  const scale = (n: number) => (span * n) / max;
  for (const [i, rule] of rules.entries()) {
    const y = top + rowHeight * i + 5;
    const h = rowHeight - 10;
    if (rule.met > 0) shapes.push(rect(left, y, scale(rule.met), h, COLOURS.green));
    if (rule.breached > 0) shapes.push(rect(left + scale(rule.met), y, scale(rule.breached), h, COLOURS.red));
    const end = left + scale(rule.met + rule.breached);
    shapes.push(text(end + 4, y + h / 2 + 3, summary(rule.met, rule.breached), AXIS_SIZE));
  }
  const bottom = top + rowHeight * rules.length;
  shapes.push(line(left, top, left, bottom, COLOURS.text, 1));
  const met = rules.reduce((n, rule) => n + rule.met, 0);
  const breached = rules.reduce((n, rule) => n + rule.breached, 0);
  return {
    id: 'deadlines-by-rule',
    title: 'Deadlines met and breached, by rule',
    description:
      `Horizontal bar chart of the deadlines falling in the quarter, met (green) and breached (red), for each of ` +
      `${rules.length} rules. In all, ${summary(met, breached)}. ` +
      rules.map((rule) => `${rule.label}: ${summary(rule.met, rule.breached)}.`).join(' '),
    width: CHART_WIDTH,
    height: bottom + 6,
    shapes,
    table: {
      head: ['Rule', 'Met', 'Breached', 'Met (%)'],
      rows: rules.map((rule) => [
        rule.label,
        formatNumber(rule.met),
        formatNumber(rule.breached),
        rule.met + rule.breached === 0
          ? NO_FIGURE
          : formatPercentage((100 * rule.met) / (rule.met + rule.breached)),
      ]),
    },
  };
}

/** Average change in need score per domain, bars either side of zero. */
function distanceChart(r: QuarterlyReturn): Chart {
  const areas = r.charts.distanceTravelled;
  const rowHeight = 22;
  const top = 4;
  const labels = rowLabels(
    areas.map((a) => a.label),
    top,
    rowHeight,
  );
  const shapes: Shape[] = [...labels.shapes];
  const values = areas.flatMap((a) => (a.average === null ? [] : [a.average]));
  const lo0 = Math.min(0, ...values);
  const hi0 = Math.max(0, ...values);
  const step = niceStep(hi0 - lo0 || 1, false);
  const lo = Math.floor(lo0 / step) * step;
  const hi = Math.max(lo0 === 0 && hi0 === 0 ? step : 0, Math.ceil(hi0 / step) * step);
  const room = 58;
  const plot = {
    left: labels.width + (lo < 0 ? room : 0),
    right: CHART_WIDTH - room,
    top,
    bottom: top + rowHeight * areas.length,
  };
  const x = (v: number) => plot.left + ((plot.right - plot.left) * (v - lo)) / (hi - lo);
  for (const t of ticks(lo, hi, step)) {
    const at = x(t);
    shapes.push(
      line(
        at,
        plot.top,
        at,
        plot.bottom,
        Math.abs(t) < step / 2 ? COLOURS.text : COLOURS.border,
        Math.abs(t) < step / 2 ? 1 : 0.5,
      ),
    );
    shapes.push(
      text(at, plot.bottom + 10, formatSigned(t), AXIS_SIZE, 'middle', { fill: COLOURS.secondaryText }),
    );
  }
  const cases = (n: number) => `${formatNumber(n)} ${n === 1 ? 'case' : 'cases'}`;
  for (const [i, area] of areas.entries()) {
    const y = top + rowHeight * i + 5;
    const h = rowHeight - 10;
    if (area.average === null) {
      shapes.push(
        ...backedText(x(0) + 4, y + h / 2 + 3, `${NO_FIGURE} (${cases(area.cases)})`, AXIS_SIZE, 'start', {
          fill: COLOURS.secondaryText,
        }),
      );
      continue;
    }
    const from = x(Math.min(0, area.average));
    const to = x(Math.max(0, area.average));
    shapes.push(rect(from, y, Math.max(to - from, 0.5), h, area.average < 0 ? COLOURS.orange : COLOURS.blue));
    const label = `${formatSigned(area.average)} (${cases(area.cases)})`;
    shapes.push(
      ...(area.average < 0
        ? backedText(from - 4, y + h / 2 + 3, label, AXIS_SIZE, 'end')
        : backedText(to + 4, y + h / 2 + 3, label, AXIS_SIZE, 'start')),
    );
  }
  shapes.push(
    text(x(0), plot.bottom + 22, 'Average change in need score', LABEL_SIZE, 'middle', {
      fill: COLOURS.secondaryText,
    }),
  );
  return {
    id: 'distance-travelled',
    title: 'Distance travelled, by domain',
    description:
      `Horizontal bar chart of the average change in need score in each of ${areas.length} domains, for the ` +
      'cases closed in the quarter; bars to the right of zero are increases, to the left decreases. ' +
      areas
        .map(
          (a) =>
            `${a.label}: ${a.average === null ? 'no figure' : formatSigned(a.average)} (${cases(a.cases)}).`,
        )
        .join(' '),
    width: CHART_WIDTH,
    height: plot.bottom + 28,
    shapes,
    table: {
      head: ['Domain', 'Average change', 'Cases'],
      rows: areas.map((a) => [
        a.label,
        a.average === null ? NO_FIGURE : formatSigned(a.average),
        formatNumber(a.cases),
      ]),
    },
  };
}

/** Target-hardening spend to date by month, cumulative, against the year's budget. */
function spendChart(r: QuarterlyReturn): Chart {
  const { budgetPence, byMonth, financialYear, spentPence } = r.charts.targetHardeningSpend;
  let running = 0;
  const cumulative = byMonth.map((m) => {
    running += m.spentPence;
    return running;
  });
  const max = Math.max(budgetPence, ...cumulative, 0);
  // Ticks in whole pounds.
  const step = niceStep(max / 100, true) * 100;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const overBudget = budgetPence > 0 && cumulative.some((total) => total > budgetPence);
  const key = legend(
    [
      { label: 'Spent to date', colour: COLOURS.blue },
      ...(overBudget ? [{ label: 'Over budget', colour: COLOURS.red }] : []),
    ],
    0,
  );
  const shapes: Shape[] = [...key.shapes];
  const plot = { left: 52, right: CHART_WIDTH - 10, top: key.height + 12, bottom: key.height + 12 + 180 };
  const y = (p: number) => plot.bottom - ((plot.bottom - plot.top) * p) / top;
  for (const t of ticks(0, top, step)) {
    // No grid line under the budget line, where it would show between the dashes.
    if (t !== budgetPence)
      shapes.push(
        line(plot.left, y(t), plot.right, y(t), t === 0 ? COLOURS.text : COLOURS.border, t === 0 ? 1 : 0.5),
      );
    shapes.push(
      text(plot.left - 4, y(t) + 2.5, formatPenceWhole(t), AXIS_SIZE, 'end', { fill: COLOURS.secondaryText }),
    );
  }
  const slot = (plot.right - plot.left) / Math.max(1, byMonth.length);
  const barWidth = Math.min(40, slot * 0.6);
  for (const [i, month] of byMonth.entries()) {
    const total = cumulative[i] ?? 0;
    const x = plot.left + slot * i + (slot - barWidth) / 2;
    const over = budgetPence > 0 && total > budgetPence;
    if (total > 0)
      shapes.push(rect(x, y(total), barWidth, y(0) - y(total), over ? COLOURS.red : COLOURS.blue));
    shapes.push(
      ...backedText(x + barWidth / 2, y(total) - 3, formatPenceWhole(total), AXIS_SIZE, 'middle', {
        bold: true,
      }),
    );
    shapes.push(
      text(x + barWidth / 2, plot.bottom + 10, formatMonth(month.month, 'short'), AXIS_SIZE, 'middle'),
    );
  }
  shapes.push(line(plot.left, y(budgetPence), plot.right, y(budgetPence), COLOURS.text, 1.5, true));
  shapes.push(
    // At the left, above the line: spend to date grows to the right, so the early months leave room there.
    ...backedText(
      plot.left + 4,
      y(budgetPence) - 4,
      `Budget ${formatPence(budgetPence)}`,
      LABEL_SIZE,
      'start',
      {
        bold: true,
      },
    ),
  );
  const share = budgetPence > 0 ? ` (${formatPercentage((100 * spentPence) / budgetPence)})` : '';
  return {
    id: 'target-hardening-spend',
    title: `Target-hardening spend against budget, ${financialYear}`,
    description:
      `Bar chart of target-hardening product spend in ${financialYear} to date, cumulative by month, with the ` +
      `year's budget of ${formatPence(budgetPence)} as a dashed line. Spent to date: ${formatPence(spentPence)}${share}. ` +
      byMonth
        .map((m, i) => `${formatMonth(m.month, 'long')}: ${formatPence(cumulative[i] ?? 0)} to date.`)
        .join(' '),
    width: CHART_WIDTH,
    height: plot.bottom + 16,
    shapes,
    table: {
      head: ['Month', 'Spent in month', 'Spent to date', 'Budget left'],
      rows: byMonth.map((m, i) => [
        formatMonth(m.month, 'long'),
        formatPence(m.spentPence),
        formatPence(cumulative[i] ?? 0),
        formatPence(budgetPence - (cumulative[i] ?? 0)),
      ]),
    },
  };
}

/** The four charts of the return, in the order the HTML and PDF show them. */
export function returnCharts(r: QuarterlyReturn): Chart[] {
  return [referralsChart(r), deadlinesChart(r), distanceChart(r), spendChart(r)];
}
