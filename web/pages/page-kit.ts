import type { AuditAction } from '../../shared/domain/audit.ts';
import type { Permission } from '../../shared/domain/roles.ts';
import type { WebRequest, WebResponse } from '../http.ts';
import type { Session } from '../session.ts';

/** One request as a page sees it: what was asked, who asks (if signed in), the nonce of its one script. */
export interface PageContext {
  readonly request: WebRequest;
  readonly session: Session | undefined;
  readonly nonce: string;
}

/** Signed in with the permission, or the answer to give instead (sign-in, or a 403 page). */
export type Guarded = { readonly session: Session } | { readonly refused: WebResponse };

/** A page's field errors: each field's message, and the GOV.UK error summary linking to each field. */
export interface FieldErrors {
  readonly errors: Readonly<Record<string, string>>;
  readonly errorSummary?: ReadonlyArray<{ text: string; href: string }>;
}

/**
 * A problem with one of the case page's small forms: each field (its element id) with what is wrong, and
 * what was entered, to show the case page again with an error summary.
 */
export interface CaseFormProblem {
  readonly errors: ReadonlyArray<{ readonly field: string; readonly text: string }>;
  readonly entered?: Readonly<Record<string, string>>;
}

/**
 * What the app gives the page modules of web/pages (job pages, the referral section): rendering in the
 * layout, the plain message page, the route guard and the audit log, so every page behaves the same.
 */
export interface PageKit {
  render(ctx: PageContext, view: string, data: Record<string, unknown>, statusCode?: number): WebResponse;
  message(
    ctx: PageContext,
    statusCode: number,
    title: string,
    paragraphs: string[],
    link?: { href: string; text: string },
  ): WebResponse;
  /**
   * The signed-in session if any of its roles grants the permission (one of them, given several). A refusal
   * is audited against the case when `caseId` names one (or, given a function, the case it finds; it is
   * asked only on refusal), as a refusal of `what` (`case` unless said).
   */
  guard(
    ctx: PageContext,
    permission: Permission | readonly Permission[],
    caseId?: string | (() => Promise<string | undefined>),
    what?: string,
  ): Promise<Guarded>;
  /** Records who saw or changed what of a case (a code, never personal data). */
  audit(ctx: PageContext, caseId: string, action: AuditAction, what: string): Promise<void>;
  /** The case page again, 400, with the problem with one of its forms. */
  casePage(ctx: PageContext, caseId: string, problem: CaseFormProblem): Promise<WebResponse>;
}
