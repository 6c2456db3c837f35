import type { QuarterlyReturn } from '../../domain/reporting/quarterly-return.ts';
import type { ReturnFormat } from '../../domain/reporting/return-formats.ts';
import { returnCsv } from './csv.ts';
import { returnHtml } from './html.ts';
import { returnPdf } from './pdf.ts';

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
