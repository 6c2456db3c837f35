export { RETURN_CSV_COLUMNS, returnCsv } from './csv.ts';
export { escapeHtml, returnHtml } from './html.ts';
export { returnPdf, toWinAnsi } from './pdf.ts';
