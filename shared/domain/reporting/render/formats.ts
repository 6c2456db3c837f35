import type { QuarterlyReturn } from '../quarterly-return.ts';
import { returnCsv } from './csv.ts';
import { returnHtml } from './html.ts';
import { returnPdf } from './pdf.ts';

/** The forms a quarterly return is made and kept in: one of each per quarter. */
export const RETURN_FORMATS = ['csv', 'json', 'html', 'pdf'] as const;
export type ReturnFormat = (typeof RETURN_FORMATS)[number];

/** Whether the text names one of the return's formats. */
export const isReturnFormat = (text: string): text is ReturnFormat =>
  (RETURN_FORMATS as readonly string[]).includes(text);

/** The return as JSON: every measure and the charts' data exactly as computed, for the analyst's own tools. */
export const returnJson = (r: QuarterlyReturn): string => `${JSON.stringify(r, null, 2)}\n`;

/** The return rendered in one format: text for CSV, JSON and HTML, bytes for the PDF. */
export async function renderReturn(r: QuarterlyReturn, format: ReturnFormat): Promise<string | Uint8Array> {
  switch (format) {
    case 'csv':
      return returnCsv(r);
    case 'json':
      return returnJson(r);
    case 'html':
      return returnHtml(r);
    case 'pdf':
      return returnPdf(r);
  }
}
