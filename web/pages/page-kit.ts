import type { Actor } from '../../shared/application/case-actions.ts';
import { type AuditAction, isCaseId } from '../../shared/domain/audit.ts';
import type { Case } from '../../shared/domain/case.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { WebRequest, WebResponse } from '../http.ts';
import type { Session } from '../session.ts';

/** One request as a page sees it: what was asked, who asks (if signed in), the nonce of its one script. */
export interface PageContext {
  readonly request: WebRequest;
  readonly session: Session | undefined;
  readonly nonce: string;
}

/** A request from a signed-in person whose roles the route's access check has let through. */
export interface SignedInContext extends PageContext {
  readonly session: Session;
}

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
 * What the app gives the page modules of web/pages: rendering in the layout, the plain message page and the
 * audit log, so every page behaves the same. Who may open a page is the route table's (web/routes.ts).
 */
export interface PageKit {
  render(
    ctx: PageContext,
    view: string,
    data: Record<string, unknown>,
    statusCode?: number,
    cookies?: readonly string[],
  ): WebResponse;
  message(
    ctx: PageContext,
    statusCode: number,
    title: string,
    paragraphs: string[],
    link?: { href: string; text: string },
  ): WebResponse;
  /** Records who saw or changed what of a case (a code, never personal data). */
  audit(ctx: PageContext, caseId: string, action: AuditAction, what: string): Promise<void>;
  /**
   * Whether the case is assigned to the person as a volunteer (the route table's access check asks it for
   * a case-scoped permission); absent where there are no volunteers, so every such case is refused.
   */
  isAssigned?(user: string, caseId: string): Promise<boolean>;
  /** The case record's assessment and plan again, 400, with the problem with one of its forms. */
  casePage(ctx: SignedInContext, caseId: string, problem: CaseFormProblem): Promise<WebResponse>;
}

/** Who acts, for an action's audit entry (shared/application/case-actions.ts). */
export const actorOf = (ctx: SignedInContext): Actor => ({
  by: ctx.session.user,
  role: ctx.session.roles.join('+'),
  requestId: ctx.request.requestId,
});

/** The case, when the id is a case id and the case exists. */
export const openCase = async (
  store: Pick<CaseStore, 'getCase'>,
  caseId: string,
): Promise<Case | undefined> => (isCaseId(caseId) ? store.getCase(caseId) : undefined);

export const caseNotFound = (kit: PageKit, ctx: PageContext, caseId: string): WebResponse =>
  kit.message(ctx, 404, 'Case not found', [`There is no case ${caseId}.`]);
