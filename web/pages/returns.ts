import { InvalidQuarterError, parseQuarter, quarterSpan } from '../../shared/domain/reporting/quarters.ts';
import { isReturnFormat, type ReturnFormat } from '../../shared/domain/reporting/return-formats.ts';
import {
  quarterOfStem,
  RETURN_MEDIA_TYPES,
  returnFileName,
  returnStem,
} from '../../shared/domain/reporting/stored-returns.ts';
import type { Permission } from '../../shared/domain/roles.ts';
import type { ReturnStore } from '../../shared/ports/return-store.ts';
import type { WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import type { PageContext, PageKit } from './page-kit.ts';

/** What the returns pages read: the stored quarterly returns (the returns bucket; locally `<data>/reports/`). */
export interface ReturnPagesDeps {
  readonly returns: Pick<ReturnStore, 'list' | 'get'>;
}

/** Who opens the quarterly returns: the analyst only (docs/web-app.md). */
export const RETURN_READERS: Permission = 'returns:read';

/** The order the download links are offered in, and what each is called. */
const DOWNLOADS: ReadonlyArray<{ readonly format: ReturnFormat; readonly text: string }> = [
  { format: 'csv', text: 'CSV' },
  { format: 'html', text: 'HTML' },
  { format: 'pdf', text: 'PDF' },
  { format: 'json', text: 'JSON' },
];

const FORMAT_NAMES = Object.fromEntries(DOWNLOADS.map((d) => [d.format, d.text])) as Record<
  ReturnFormat,
  string
>;

const BACK = { href: '/returns', text: 'Back to the quarterly returns' };

/**
 * A stored return as it is downloaded: CSV, PDF and JSON as attachments, the HTML return opened in the
 * browser. The HTML return is self-contained (its own styles, inline SVG charts, no scripts), so its page
 * may use inline styles and nothing else.
 */
function downloadResponse(quarter: string, format: ReturnFormat, body: Uint8Array): WebResponse {
  const inline = format === 'html';
  return {
    statusCode: 200,
    headers: {
      'content-type': RETURN_MEDIA_TYPES[format],
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="victim-first-return-${returnFileName(quarter, format)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'content-security-policy': [
        "default-src 'none'",
        ...(inline ? ["style-src 'unsafe-inline'", 'img-src data:'] : []),
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; '),
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * The analyst's quarterly returns: the list of stored returns, the newest quarter first, and each one's
 * download. Nothing is audited: the audit log is kept per case and per target-hardening job
 * (shared/ports/audit-log.ts), and a return holds aggregates only, no victim's details.
 */
export function createReturnPages(kit: PageKit, deps: ReturnPagesDeps) {
  async function returnsPage(ctx: PageContext): Promise<WebResponse> {
    const stored = await deps.returns.list();
    return kit.render(ctx, 'returns', {
      title: 'Quarterly returns',
      returns: stored.map((r) => ({
        quarter: r.quarter,
        span: quarterSpan(parseQuarter(r.quarter)),
        storedAt: localDateTime(r.storedAt),
        downloads: DOWNLOADS.filter((d) => r.formats.includes(d.format)).map((d) => ({
          href: `/returns/${encodeURIComponent(returnFileName(r.quarter, d.format))}`,
          text: d.text,
        })),
      })),
    });
  }

  /** `/returns/2026-27-Q2.pdf`: one stored return in one format. */
  async function download(ctx: PageContext, file: string): Promise<WebResponse> {
    const dot = file.lastIndexOf('.');
    const stem = dot === -1 ? file : file.slice(0, dot);
    const format = dot === -1 ? '' : file.slice(dot + 1);
    let quarter: string;
    try {
      quarter = quarterOfStem(stem);
    } catch (error) {
      if (!(error instanceof InvalidQuarterError)) throw error;
      return kit.message(
        ctx,
        400,
        'That is not a quarter',
        [`“${stem}” is not a quarter. A quarter is written like 2026-27-Q2 (July to September 2026).`],
        BACK,
      );
    }
    if (!isReturnFormat(format)) {
      return kit.message(
        ctx,
        400,
        'That is not a format of the return',
        [
          format
            ? `“${format}” is not a format of the return. Returns are kept as CSV, HTML, PDF and JSON: ${returnStem(quarter)}.csv, for example.`
            : `Say which format: ${returnStem(quarter)}.csv, .html, .pdf or .json.`,
        ],
        BACK,
      );
    }
    // Listed first: a missing object is then a 404 here, whatever S3 would say of it to this role.
    const listed = (await deps.returns.list()).find((r) => r.quarter === quarter);
    const body = listed?.formats.includes(format) ? await deps.returns.get(quarter, format) : undefined;
    if (!body) {
      return kit.message(
        ctx,
        404,
        'Return not found',
        [
          listed
            ? `The return for ${quarter} is not stored as ${FORMAT_NAMES[format]}.`
            : `No return is stored for ${quarter} (${quarterSpan(parseQuarter(quarter))}).`,
        ],
        BACK,
      );
    }
    return downloadResponse(quarter, format, body);
  }

  return { returnsPage, download };
}
