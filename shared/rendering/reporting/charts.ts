import type { QuarterlyReturn } from '../../domain/reporting/quarterly-return.ts';
import {
  AXIS_SIZE,
  backedText,
  CHART_WIDTH,
  type Chart,
  COLOURS,
  LABEL_SIZE,
  legend,
  line,
  niceStep,
  rect,
  rowLabels,
  SERIES,
  type Shape,
  text,
  ticks,
} from './chart-shapes.ts';
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

/** `2026/27-Q2` as the chart's rows say it: "Q2". */
const quarterShort = (quarter: string) => quarter.slice(quarter.lastIndexOf('-') + 1);

/**
 * Each outcome with a target, its quarters of the year side by side as bars from 0 to 100%, the year's
 * target a dark line across them: met where a bar reaches the line.
 */
function outcomesChart(r: QuarterlyReturn): Chart {
  const outcomes = r.charts.outcomesAgainstTargets;
  const rowHeight = 20;
  const groupGap = 10;
  const key = legend(
    [
      { label: 'Figure in the quarter', colour: COLOURS.blue },
      { label: 'Target for the year', colour: COLOURS.text },
    ],
    0,
  );
  const rows: string[] = [];
  const tops: number[] = [];
  let y = key.height + 6;
  for (const outcome of outcomes) {
    y += 16; // the outcome's own label above its quarters
    for (const q of outcome.quarters) {
      rows.push(quarterShort(q.quarter));
      tops.push(y);
      y += rowHeight;
    }
    y += groupGap;
  }
  const left = 40;
  const valueRoom = 140;
  const span = CHART_WIDTH - valueRoom - left;
  const x = (percentage: number) => left + (span * percentage) / 100;
  const shapes: Shape[] = [...key.shapes];
  const said = (p: number | null, of: number) =>
    p === null ? 'no answers' : `${formatPercentage(p)} of ${formatNumber(of)}`;
  let row = 0;
  let groupTop = key.height + 6;
  for (const outcome of outcomes) {
    shapes.push(text(0, groupTop + 11, outcome.label, LABEL_SIZE));
    const first = tops[row] ?? groupTop;
    for (const q of outcome.quarters) {
      const top = tops[row] ?? 0;
      shapes.push(text(0, top + rowHeight / 2 + 3, rows[row] ?? '', AXIS_SIZE));
      const h = rowHeight - 6;
      if (q.percentage !== null && q.percentage > 0)
        shapes.push(rect(left, top + 3, x(q.percentage) - left, h, COLOURS.blue));
      shapes.push(
        text(x(q.percentage ?? 0) + 4, top + rowHeight / 2 + 3, said(q.percentage, q.of), AXIS_SIZE),
      );
      row++;
    }
    const last = first + rowHeight * outcome.quarters.length;
    if (outcome.target !== null)
      shapes.push(line(x(outcome.target), first, x(outcome.target), last, COLOURS.text, 2));
    shapes.push(line(left, first, left, last, COLOURS.text, 1));
    groupTop = last + groupGap;
  }
  const describe = (o: (typeof outcomes)[number]) =>
    `${o.label}: ${o.target === null ? 'no target set for the year' : `target ${formatPercentage(o.target)}`}; ` +
    o.quarters.map((q) => `${quarterShort(q.quarter)} ${said(q.percentage, q.of)}`).join(', ') +
    '.';
  return {
    id: 'outcomes-against-targets',
    title: 'Outcomes against their targets, quarter by quarter',
    description:
      `Horizontal bar chart of each outcome the contracts set a target for, one bar per quarter of the financial ` +
      `year so far on a scale of 0 to 100%, with the year's target drawn as a line. ` +
      outcomes.map(describe).join(' '),
    width: CHART_WIDTH,
    height: Math.max(groupTop, key.height + 6) + 4,
    shapes,
    table: {
      head: ['Outcome', 'Quarter', 'Figure', 'Of', 'Target'],
      rows: outcomes.flatMap((o) =>
        o.quarters.map((q) => [
          o.label,
          q.quarter,
          q.percentage === null ? NO_FIGURE : formatPercentage(q.percentage),
          formatNumber(q.of),
          o.target === null ? NO_FIGURE : formatPercentage(o.target),
        ]),
      ),
    },
  };
}

/** The return's charts, in the order the HTML and PDF show them: the outcomes against their targets first. */
export function returnCharts(r: QuarterlyReturn): Chart[] {
  return [
    ...(r.charts.outcomesAgainstTargets.length > 0 ? [outcomesChart(r)] : []),
    referralsChart(r),
    deadlinesChart(r),
    distanceChart(r),
    spendChart(r),
  ];
}
