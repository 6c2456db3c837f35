import type { Measure, QuarterlyReturn } from '../../domain/reporting/quarterly-return.ts';
import { type Chart, COLOURS, type DataTable, type Shape } from './chart-shapes.ts';
import { returnCharts } from './charts.ts';
import {
  headlineFigures,
  measureDenominatorText,
  measureNoteText,
  measurePercentageText,
  measuresByLotAndSection,
  measureValueText,
  producedLine,
  returnTitle,
} from './format.ts';

/**
 * The return as one self-contained HTML page for the commissioner: no scripts, no remote fonts, images or
 * styles, so it can be mailed, archived and printed as it is. Styled after the GOV.UK Design System.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
html { background: #f3f2f1; }
body {
  margin: 0; color: ${COLOURS.text}; background: #ffffff;
  font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.31;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.page { max-width: 960px; margin: 0 auto; padding: 30px 30px 60px; background: #ffffff; }
.header { border-bottom: 10px solid ${COLOURS.blue}; margin: 0 0 30px; padding-bottom: 10px; }
.header__service { font-weight: 700; font-size: 19px; margin: 0 0 10px; }
h1 { font-size: 36px; line-height: 1.11; margin: 0 0 10px; }
h2 { font-size: 27px; line-height: 1.11; margin: 0 0 20px; }
h3 { font-size: 21px; line-height: 1.19; margin: 30px 0 15px; }
.caption { color: ${COLOURS.secondaryText}; margin: 0; }
section.section { margin: 0 0 50px; }
.headline { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 15px; margin: 0; padding: 0; list-style: none; }
.headline li { border-left: 5px solid ${COLOURS.blue}; background: #f3f2f1; padding: 15px; break-inside: avoid; }
.headline__label { display: block; font-size: 16px; }
.headline__figure { display: block; font-size: 36px; font-weight: 700; line-height: 1.2; margin: 5px 0; }
.headline__detail { display: block; color: ${COLOURS.secondaryText}; font-size: 14px; }
figure { margin: 0 0 40px; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; max-width: 860px; height: auto; margin: 0 0 15px; }
figure p.description { color: ${COLOURS.secondaryText}; font-size: 14px; max-width: 860px; }
.govuk-table { width: 100%; border-collapse: collapse; border-spacing: 0; margin: 0 0 20px; font-size: 16px; }
.govuk-table caption { text-align: left; font-weight: 700; margin-bottom: 10px; }
.govuk-table th, .govuk-table td { padding: 10px 20px 10px 0; border-bottom: 1px solid ${COLOURS.border}; text-align: left; vertical-align: top; }
.govuk-table th:last-child, .govuk-table td:last-child { padding-right: 0; }
.govuk-table thead th { font-weight: 700; }
.govuk-table .numeric { text-align: right; white-space: nowrap; }
.govuk-table--small { font-size: 14px; }
.govuk-table--small th, .govuk-table--small td { padding: 6px 15px 6px 0; }
.measures td.note { color: ${COLOURS.secondaryText}; font-size: 14px; }
.measures col.measure { width: 40%; }
a { color: ${COLOURS.blue}; }
@media print {
  html, body, .page { background: #ffffff; }
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  h1 { font-size: 22pt; }
  h2 { font-size: 16pt; }
  h3 { font-size: 13pt; }
  section.section { break-before: page; page-break-before: always; margin: 0; }
  section.section:first-of-type { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .govuk-table { font-size: 10pt; }
  .headline__figure { font-size: 20pt; }
}
`;

const round = (n: number) => String(Math.round(n * 100) / 100);

function svgShape(shape: Shape): string {
  switch (shape.kind) {
    case 'rect':
      return `<rect x="${round(shape.x)}" y="${round(shape.y)}" width="${round(shape.w)}" height="${round(shape.h)}" fill="${shape.fill}"/>`;
    case 'line':
      return `<line x1="${round(shape.x1)}" y1="${round(shape.y1)}" x2="${round(shape.x2)}" y2="${round(shape.y2)}" stroke="${shape.stroke}" stroke-width="${shape.width}"${shape.dashed ? ' stroke-dasharray="6 4"' : ''}/>`;
    case 'text': {
      const anchor = shape.anchor === 'start' ? '' : ` text-anchor="${shape.anchor}"`;
      const weight = shape.bold ? ' font-weight="700"' : '';
      return `<text x="${round(shape.x)}" y="${round(shape.y)}" font-size="${shape.size}"${anchor}${weight} fill="${shape.fill}">${escapeHtml(shape.text)}</text>`;
    }
  }
}

function svgChart(chart: Chart): string {
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 ${chart.width + 8} ${round(chart.height + 8)}" role="img" aria-labelledby="${titleId} ${descId}" font-family="Arial, Helvetica, sans-serif">`,
    `<title id="${titleId}">${escapeHtml(chart.title)}</title>`,
    `<desc id="${descId}">${escapeHtml(chart.description)}</desc>`,
    ...chart.shapes.map(svgShape),
    '</svg>',
  ].join('\n');
}

function dataTable(table: DataTable, caption: string): string {
  const head = table.head
    .map((h, i) => `<th scope="col"${i > 0 ? ' class="numeric"' : ''}>${escapeHtml(h)}</th>`)
    .join('');
  const rows = table.rows
    .map(
      (row) =>
        `<tr>${row
          .map((c, i) =>
            i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td class="numeric">${escapeHtml(c)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table class="govuk-table govuk-table--small"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function figure(chart: Chart): string {
  return [
    `<figure id="${chart.id}">`,
    `<h3>${escapeHtml(chart.title)}</h3>`,
    svgChart(chart),
    `<p class="description">${escapeHtml(chart.description)}</p>`,
    dataTable(chart.table, `Figures for “${chart.title}”`),
    '</figure>',
  ].join('\n');
}

function measureRow(m: Measure): string {
  const cells = [
    `<th scope="row">${escapeHtml(m.label)}</th>`,
    `<td class="numeric">${escapeHtml(measureValueText(m))}</td>`,
    `<td class="numeric">${escapeHtml(measurePercentageText(m))}</td>`,
    `<td class="numeric">${escapeHtml(measureDenominatorText(m))}</td>`,
    `<td class="note">${escapeHtml(measureNoteText(m))}</td>`,
  ];
  return `<tr data-measure-id="${escapeHtml(m.id)}">${cells.join('')}</tr>`;
}

function measureTables(r: QuarterlyReturn): string {
  return measuresByLotAndSection(r)
    .map((lot) =>
      [
        `<section class="section measures" id="lot-${lot.lot}">`,
        `<h2>${escapeHtml(lot.title)}</h2>`,
        ...lot.sections.map((section) =>
          [
            `<h3>${escapeHtml(section.title)}</h3>`,
            '<table class="govuk-table">',
            '<colgroup><col class="measure"><col><col><col><col></colgroup>',
            '<thead><tr><th scope="col">Measure</th><th scope="col" class="numeric">Value</th>' +
              '<th scope="col" class="numeric">Percentage</th><th scope="col" class="numeric">Out of</th>' +
              '<th scope="col">Note</th></tr></thead>',
            '<tbody>',
            ...section.measures.map(measureRow),
            '</tbody></table>',
          ].join('\n'),
        ),
        '</section>',
      ].join('\n'),
    )
    .join('\n');
}

/**
 * The quarterly return as a self-contained, printable HTML document: title, headline figures, four charts
 * (inline SVG, each with a title, a description and its figures as a table), then every measure by lot and
 * section. All text from the return is escaped.
 */
export function returnHtml(r: QuarterlyReturn): string {
  const title = returnTitle(r);
  const headlines = headlineFigures(r)
    .map(
      (h) =>
        `<li><span class="headline__label">${escapeHtml(h.label)}</span>` +
        `<span class="headline__figure">${escapeHtml(h.figure)}</span>` +
        (h.detail ? `<span class="headline__detail">${escapeHtml(h.detail)}</span>` : '') +
        '</li>',
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="page">
<header class="header">
<p class="header__service">Victim First</p>
<h1>${escapeHtml(title)}</h1>
<p class="caption">${escapeHtml(producedLine(r))}</p>
</header>
<section class="section" id="headline-figures">
<h2>Headline figures</h2>
<ul class="headline">
${headlines}
</ul>
</section>
<section class="section" id="charts">
<h2>Charts</h2>
${returnCharts(r).map(figure).join('\n')}
</section>
${measureTables(r)}
</main>
</body>
</html>
`;
}
