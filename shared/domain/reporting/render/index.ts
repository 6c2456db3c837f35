export { returnCharts } from './charts.ts';
export { RETURN_CSV_COLUMNS, type ReturnCsvOptions, returnCsv, SUPPRESSED_NOTE } from './csv.ts';
export { HEADLINE_MEASURES, returnTitle } from './format.ts';
export { escapeHtml, returnHtml } from './html.ts';
export { returnPdf, toWinAnsi } from './pdf.ts';
