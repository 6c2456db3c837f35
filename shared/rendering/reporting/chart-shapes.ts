import { textWidth, wrapText } from './text-metrics.ts';

/**
 * What a chart is made of: shapes in points (1/72 inch) that the HTML draws as SVG and the PDF with pdfkit,
 * a data table, and the parts every chart of the return is built from (axis ticks, legends, row labels).
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
export const SERIES = [
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

/** A tick step of 1, 2 or 5 × 10ⁿ giving about five ticks up to `span`; `integer` keeps steps whole. */
export function niceStep(span: number, integer: boolean): number {
  if (!(span > 0)) return 1;
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  return integer ? Math.max(1, Math.round(step)) : step;
}

export function ticks(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let i = Math.round(lo / step); i * step <= hi + step * 1e-9; i++) out.push(i * step);
  return out;
}

/** The shapes: a text (at its baseline), a filled rectangle and a line. */
export const text = (
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
export const rect = (x: number, y: number, w: number, h: number, fill: string): Shape => ({
  kind: 'rect',
  x,
  y,
  w,
  h,
  fill,
});
export const line = (
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
export function backedText(
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
export function legend(
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

export const AXIS_SIZE = 7;
export const LABEL_SIZE = 8;

/** Horizontal bar rows with a label column on the left; returns the label column's width and each row's top. */
export function rowLabels(
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
