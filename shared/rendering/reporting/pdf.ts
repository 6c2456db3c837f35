import PDFDocument from 'pdfkit';
import type { Measure, QuarterlyReturn } from '../../domain/reporting/quarterly-return.ts';
import { pdfBytes } from '../pdf-bytes.ts';
import { type Chart, COLOURS, type Shape } from './chart-shapes.ts';
import { returnCharts } from './charts.ts';
import {
  headlineFigures,
  measureDenominatorText,
  measureNoteText,
  measurePercentageText,
  measuresByLotAndSection,
  measureValueText,
  producedLine,
  returnName,
  returnTitle,
} from './format.ts';

/**
 * The return as an A4 PDF with the same content as the HTML: title, headline figures, the four charts as
 * vector drawings with their figures, and every measure by lot and section. Text is set in the PDF standard
 * fonts (Helvetica), as the letters are, so nothing is embedded and the output is repeatable.
 */

const MM = 72 / 25.4;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
/** Helvetica's ascender, in 1/1000 em: pdfkit places text by the top of its line, the charts by its baseline. */
const ASCENDER = 0.718;
const MARGIN = { top: 18 * MM, bottom: 22 * MM, left: 18 * MM, right: 18 * MM };
const FOOTER_TOP = 284 * MM;

/** The characters Windows-1252 has above Latin-1's, which the standard fonts can show. */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Look-alikes for common characters the standard fonts cannot show. */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '–',
  '\u2015': '—',
  '\u2032': "'",
  '\u2033': '"',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2713': 'v',
  '\u2714': 'v',
};

function inCp1252(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(ch);
}

/**
 * Text the standard fonts can show (Windows-1252): white space and line ends as spaces, look-alikes for
 * common symbols, an accent dropped where Windows-1252 lacks the accented letter ("ő" → "o"), anything else
 * as "?", so the reader can see that a character was replaced rather than have it vanish.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (inCp1252(ch)) out += ch;
    else if (/\s/u.test(ch)) out += ' ';
    else if (SUBSTITUTES[ch] !== undefined) out += SUBSTITUTES[ch];
    else if (/\p{Cc}|\p{Cf}/u.test(ch)) continue;
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(inCp1252) ? base : '?';
    }
  }
  return out;
}

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right;
const pageBottom = (doc: Doc) => doc.page.height - MARGIN.bottom;

/** Starts a new page unless `points` more fit on this one. */
function ensureRoom(doc: Doc, points: number): void {
  if (doc.y + points > pageBottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number, keepWith: number): void {
  doc.font(BOLD).fontSize(size);
  ensureRoom(doc, doc.currentLineHeight(true) + keepWith);
  doc.fillColor(COLOURS.text).text(toWinAnsi(text), MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

function paragraph(doc: Doc, text: string, size: number, colour: string = COLOURS.text): void {
  doc.font(REGULAR).fontSize(size).fillColor(colour);
  const options = { width: contentWidth(doc), lineGap: 1.5 };
  ensureRoom(doc, Math.min(doc.heightOfString(toWinAnsi(text), options), 3 * doc.currentLineHeight(true)));
  doc.text(toWinAnsi(text), MARGIN.left, doc.y, options);
  doc.moveDown(0.6);
}

function drawShape(doc: Doc, shape: Shape, left: number, top: number): void {
  switch (shape.kind) {
    case 'rect':
      doc.rect(left + shape.x, top + shape.y, shape.w, shape.h).fill(shape.fill);
      return;
    case 'line':
      doc.save().lineWidth(shape.width).strokeColor(shape.stroke);
      if (shape.dashed) doc.dash(6, { space: 4 });
      doc
        .moveTo(left + shape.x1, top + shape.y1)
        .lineTo(left + shape.x2, top + shape.y2)
        .stroke();
      doc.restore();
      return;
    case 'text': {
      const text = toWinAnsi(shape.text);
      doc
        .font(shape.bold ? BOLD : REGULAR)
        .fontSize(shape.size)
        .fillColor(shape.fill);
      const width = doc.widthOfString(text);
      const shift = shape.anchor === 'start' ? 0 : shape.anchor === 'middle' ? width / 2 : width;
      doc.text(text, left + shape.x - shift, top + shape.y - ASCENDER * shape.size, { lineBreak: false });
      return;
    }
  }
}

interface Column {
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

const CELL_PAD = 4;

/** A table with a bold header row, repeated at the top of each page it runs on to; rows are never split. */
function table(
  doc: Doc,
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  size: number,
): void {
  const left = MARGIN.left;
  const total = columns.reduce((n, c) => n + c.width, 0);
  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(size);
    return (
      Math.max(
        ...columns.map((c, i) =>
          doc.heightOfString(toWinAnsi(cells[i] ?? ''), { width: c.width - 2 * CELL_PAD }),
        ),
      ) +
      2 * CELL_PAD
    );
  };
  const drawRow = (cells: readonly string[], font: string, rule: number) => {
    const height = rowHeight(cells, font);
    const top = doc.y;
    let x = left;
    doc.font(font).fontSize(size).fillColor(COLOURS.text);
    for (const [i, c] of columns.entries()) {
      doc.text(toWinAnsi(cells[i] ?? ''), x + CELL_PAD, top + CELL_PAD, {
        width: c.width - 2 * CELL_PAD,
        align: c.align,
      });
      x += c.width;
    }
    doc
      .save()
      .lineWidth(rule)
      .strokeColor(rule > 1 ? COLOURS.text : COLOURS.border)
      .moveTo(left, top + height)
      .lineTo(left + total, top + height)
      .stroke()
      .restore();
    doc.y = top + height;
  };
  const header = columns.map((c) => c.header);
  const headerHeight = rowHeight(header, BOLD);
  ensureRoom(doc, headerHeight + (rows[0] ? rowHeight(rows[0], REGULAR) : 0));
  drawRow(header, BOLD, 1.5);
  for (const row of rows) {
    if (doc.y + rowHeight(row, REGULAR) > pageBottom(doc)) {
      doc.addPage();
      drawRow(header, BOLD, 1.5);
    }
    drawRow(row, REGULAR, 0.5);
  }
  doc.x = MARGIN.left;
  doc.moveDown(1);
}

function chartSection(doc: Doc, chart: Chart): void {
  doc.font(BOLD).fontSize(13);
  // The heading, the chart and its description stay together on one page.
  ensureRoom(doc, doc.currentLineHeight(true) + chart.height + 40);
  heading(doc, chart.title, 13, chart.height);
  const top = doc.y + 4;
  for (const shape of chart.shapes)
    drawShape(doc, shape, MARGIN.left + (contentWidth(doc) - chart.width) / 2, top);
  doc.x = MARGIN.left;
  doc.y = top + chart.height + 8;
  paragraph(doc, chart.description, 8.5, COLOURS.secondaryText);
  const [first = '', ...rest] = chart.table.head;
  const width = contentWidth(doc);
  const firstWidth = Math.min(170, width / 2.5);
  const restWidth = (width - firstWidth) / Math.max(1, rest.length);
  table(
    doc,
    [
      { header: first, width: firstWidth, align: 'left' },
      ...rest.map((h) => ({ header: h, width: restWidth, align: 'right' as const })),
    ],
    chart.table.rows,
    rest.length > 6 ? 7 : 8,
  );
}

function headlines(doc: Doc, r: QuarterlyReturn): void {
  const figures = headlineFigures(r);
  const gap = 8;
  const width = (contentWidth(doc) - gap) / 2;
  const height = 52;
  for (let i = 0; i < figures.length; i += 2) {
    ensureRoom(doc, height + gap);
    const top = doc.y;
    for (const [k, f] of figures.slice(i, i + 2).entries()) {
      const x = MARGIN.left + k * (width + gap);
      doc.rect(x, top, width, height).fill('#f3f2f1');
      doc.rect(x, top, 4, height).fill(COLOURS.blue);
      const inner = { width: width - 18, lineBreak: false } as const;
      doc
        .font(REGULAR)
        .fontSize(9)
        .fillColor(COLOURS.text)
        .text(toWinAnsi(f.label), x + 12, top + 7, inner);
      doc
        .font(BOLD)
        .fontSize(18)
        .text(toWinAnsi(f.figure), x + 12, top + 19, inner);
      if (f.detail)
        doc
          .font(REGULAR)
          .fontSize(8)
          .fillColor(COLOURS.secondaryText)
          .text(toWinAnsi(f.detail), x + 12, top + 40, inner);
    }
    doc.y = top + height + gap;
  }
  doc.x = MARGIN.left;
  doc.moveDown(1);
}

const MEASURE_COLUMNS = (width: number): Column[] => [
  { header: 'Measure', width: width * 0.4, align: 'left' },
  { header: 'Value', width: width * 0.14, align: 'right' },
  { header: 'Percentage', width: width * 0.13, align: 'right' },
  { header: 'Out of', width: width * 0.1, align: 'right' },
  { header: 'Note', width: width * 0.23, align: 'left' },
];

const measureCells = (m: Measure): string[] => [
  m.label,
  measureValueText(m),
  measurePercentageText(m),
  measureDenominatorText(m),
  measureNoteText(m),
];

/**
 * The quarterly return as an A4 PDF: title, headline figures, the four charts drawn as vectors with their
 * figures, every measure by lot and section, "… — page n of m" in each footer. The same return gives the
 * same bytes: the PDF's dates are the return's `producedAt`.
 */
export async function returnPdf(r: QuarterlyReturn): Promise<Uint8Array> {
  const produced = new Date(r.producedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'en-GB',
    info: {
      Title: toWinAnsi(returnTitle(r)),
      Author: 'Victim First',
      Subject: toWinAnsi(`Quarterly return to the commissioner, ${r.quarter}`),
      CreationDate: produced,
      ModDate: produced,
    },
  });
  const done = pdfBytes(doc);

  doc.font(BOLD).fontSize(10).fillColor(COLOURS.text).text('Victim First', MARGIN.left, MARGIN.top);
  doc.moveDown(0.4);
  doc
    .font(BOLD)
    .fontSize(20)
    .text(toWinAnsi(returnTitle(r)), { width: contentWidth(doc) });
  doc.moveDown(0.3);
  paragraph(doc, producedLine(r), 10, COLOURS.secondaryText);
  const rule = doc.y;
  doc
    .save()
    .lineWidth(4)
    .strokeColor(COLOURS.blue)
    .moveTo(MARGIN.left, rule)
    .lineTo(MARGIN.left + contentWidth(doc), rule)
    .stroke()
    .restore();
  doc.y = rule + 14;

  heading(doc, 'Headline figures', 15, 60);
  headlines(doc, r);

  heading(doc, 'Charts', 15, 200);
  for (const chart of returnCharts(r)) chartSection(doc, chart);

  for (const lot of measuresByLotAndSection(r)) {
    doc.addPage();
    heading(doc, lot.title, 15, 60);
    for (const section of lot.sections) {
      heading(doc, section.title, 12, 40);
      table(doc, MEASURE_COLUMNS(contentWidth(doc)), section.measures.map(measureCells), 8.5);
    }
  }

  const footer = toWinAnsi(returnName(r));
  const { count } = doc.bufferedPageRange();
  for (let index = 0; index < count; index++) {
    doc.switchToPage(index);
    // Writing below the bottom margin would start a new page; the footer sits there on purpose.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(8.5)
      .fillColor(COLOURS.secondaryText)
      .text(`${footer} — page ${index + 1} of ${count}`, MARGIN.left, FOOTER_TOP, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
