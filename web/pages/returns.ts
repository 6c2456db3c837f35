import { monthTitle } from '../../shared/domain/reporting/months.ts';
import { InvalidQuarterError, parseQuarter, quarterSpan } from '../../shared/domain/reporting/quarters.ts';
import { isReturnFormat, type ReturnFormat } from '../../shared/domain/reporting/return-formats.ts';
import {
  type ReturnStanding,
  returnDueDay,
  returnStanding,
} from '../../shared/domain/reporting/return-timeliness.ts';
import {
  quarterOfStem,
  RETURN_MEDIA_TYPES,
  returnFileName,
  returnStem,
} from '../../shared/domain/reporting/stored-returns.ts';
import type { Permission } from '../../shared/domain/roles.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ReturnStore } from '../../shared/ports/return-store.ts';
import type { ReturnSubmissions } from '../../shared/ports/return-submissions.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { endedMonths } from './monthly-summary.ts';
import type { PageContext, PageKit, SignedInContext } from './page-kit.ts';

/**
 * What the returns pages read: the stored quarterly returns (the returns bucket; locally `<data>/reports/`),
 * and which of them were submitted to the commissioner's office.
 */
export interface ReturnPagesDeps {
  readonly returns: Pick<ReturnStore, 'list' | 'get'>;
  readonly submissions: ReturnSubmissions;
  readonly clock: Clock;
  /** Whether the monthly catch-up summaries are offered (web/pages/monthly-summary.ts). */
  readonly monthlySummaries: boolean;
}

/** Who opens the quarterly returns: the analyst only (docs/web-app.md). */
export const RETURN_READERS: Permission = 'returns:read';
/** Who marks a return as submitted to the commissioner's office: the analyst only. */
export const RETURN_SUBMITTERS: Permission = 'returns:submit';

/** Each standing as the list shows it: a GOV.UK tag's text and colour. */
const STANDING_TAGS: Readonly<Record<ReturnStanding, { text: string; classes: string }>> = {
  open: { text: 'Quarter not ended', classes: 'govuk-tag--grey' },
  due: { text: 'Not submitted', classes: 'govuk-tag--blue' },
  'due-soon': { text: 'Due soon', classes: 'govuk-tag--yellow' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  submitted: { text: 'Submitted', classes: 'govuk-tag--green' },
  'submitted-late': { text: 'Submitted late', classes: 'govuk-tag--orange' },
};

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

/** The quarter a stem in the address names, or the stem itself when it names none (it is only shown). */
function quarterOfStemOr(stem: string): string {
  try {
    return quarterOfStem(stem);
  } catch {
    return stem;
  }
}

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
 * The analyst's quarterly returns: the list of stored returns, the newest quarter first, each one's
 * download, when it is due and whether it was submitted; an alert for any in its last week or overdue. Nothing is audited: the audit log is kept per case and per target-hardening job
 * (shared/ports/audit-log.ts), and a return holds aggregates only, no victim's details.
 */
export function createReturnPages(kit: PageKit, deps: ReturnPagesDeps) {
  async function returnsPage(ctx: PageContext): Promise<WebResponse> {
    const [stored, submitted] = await Promise.all([deps.returns.list(), deps.submissions.list()]);
    const byQuarter = new Map(submitted.map((s) => [s.quarter, s]));
    const now = deps.clock.now();
    const returns = stored.map((r) => {
      const quarter = parseQuarter(r.quarter);
      const submission = byQuarter.get(r.quarter);
      const standing = returnStanding(quarter, submission, now);
      return {
        quarter: r.quarter,
        stem: returnStem(r.quarter),
        span: quarterSpan(quarter),
        storedAt: localDateTime(r.storedAt),
        dueBy: returnDueDay(quarter),
        standing,
        tag: STANDING_TAGS[standing],
        submitted: submission
          ? `${localDateTime(submission.submittedAt)} by ${submission.submittedBy}`
          : undefined,
        mayMark: standing === 'due' || standing === 'due-soon' || standing === 'overdue',
        downloads: DOWNLOADS.filter((d) => r.formats.includes(d.format)).map((d) => ({
          href: `/returns/${encodeURIComponent(returnFileName(r.quarter, d.format))}`,
          text: d.text,
        })),
      };
    });
    // The alert: every return in its last week or past due, and not yet submitted.
    const alerts = returns
      .filter((r) => r.standing === 'due-soon' || r.standing === 'overdue')
      .map((r) =>
        r.standing === 'overdue'
          ? `The ${r.quarter} return was due by ${r.dueBy} and has not been marked as submitted.`
          : `The ${r.quarter} return is due by ${r.dueBy} and has not been marked as submitted.`,
      );
    const marked = ctx.request.query.submitted;
    return kit.render(ctx, 'returns', {
      title: 'Quarterly returns',
      returns,
      alerts,
      months: deps.monthlySummaries
        ? endedMonths(now).map((month) => ({
            href: `/returns/monthly/${month.name}`,
            text: monthTitle(month),
          }))
        : [],
      ...(marked ? { banner: `The ${quarterOfStemOr(marked)} return is marked as submitted.` } : {}),
    });
  }

  /**
   * `POST /returns/2026-27-Q2/submitted`: the analyst marks a stored, ended quarter's return as submitted to
   * the commissioner's office, once: marking it again changes nothing and shows who marked it first.
   */
  async function markSubmitted(ctx: SignedInContext, stem: string): Promise<WebResponse> {
    let quarter: string;
    try {
      quarter = quarterOfStem(stem);
    } catch (error) {
      if (!(error instanceof InvalidQuarterError)) throw error;
      return kit.message(ctx, 400, 'That is not a quarter', [`“${stem}” is not a quarter.`], BACK);
    }
    const now = deps.clock.now();
    if (!(await deps.returns.list()).some((r) => r.quarter === quarter))
      return kit.message(ctx, 404, 'Return not found', [`No return is stored for ${quarter}.`], BACK);
    if (returnStanding(parseQuarter(quarter), undefined, now) === 'open')
      return kit.message(
        ctx,
        409,
        'The quarter has not ended',
        [`The ${quarter} return cannot be submitted before the quarter ends.`],
        BACK,
      );
    const { status, submission } = await deps.submissions.markSubmitted({
      quarter,
      submittedBy: ctx.session.user,
      submittedAt: now,
    });
    if (status === 'already-submitted')
      return kit.message(
        ctx,
        409,
        'Already submitted',
        [
          `The ${quarter} return was marked as submitted on ${localDateTime(submission.submittedAt)} by ${submission.submittedBy}.`,
        ],
        BACK,
      );
    return redirect(`/returns?submitted=${encodeURIComponent(returnStem(quarter))}`);
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

  return { returnsPage, download, markSubmitted };
}
