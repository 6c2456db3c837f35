import type { Hono } from 'hono';
import { isCaseId } from '../shared/domain/audit.ts';
import {
  CASE_SCOPED_PERMISSIONS,
  grantedOnlyPerCase,
  isPermission,
  may,
  type Permission,
} from '../shared/domain/roles.ts';
import { redirect, toResponse, type WebResponse } from './http.ts';
import type { PageContext, PageKit, SignedInContext } from './pages/page-kit.ts';

/** A route's `:name` segments, decoded. */
export type RouteParams = Readonly<Record<string, string>>;

/** A route open to anyone: the pages of signing in and out. */
interface OpenRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly permission: 'anyone';
  readonly handler: (ctx: PageContext, params: RouteParams) => Promise<WebResponse>;
}

/** A route for a signed-in person whose roles grant the permission (one of them, given several). */
interface GuardedRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly permission: Permission | readonly Permission[];
  /**
   * The case (or job) a refusal is audited against, and what was refused (`case` unless said): asked only
   * on refusal, so a refused person learns nothing from it.
   */
  readonly refusal?: {
    readonly auditedOn: (params: RouteParams) => string | undefined | Promise<string | undefined>;
    readonly what?: string;
  };
  readonly handler: (ctx: SignedInContext, params: RouteParams) => Promise<WebResponse>;
}

/** One row of the web app's route table (web/routes.ts): method, path, who may use it, and its handler. */
export type Route = OpenRoute | GuardedRoute;

/** What a refused person is told the page is for. */
function whoseText(permission: Permission | readonly Permission[]): string {
  const wanted = typeof permission === 'string' ? [permission] : permission;
  if (wanted.includes('jobs:oversee'))
    return 'Guarantees, requests for work outside the contract and inspections are decided by the commissioner’s office.';
  if (wanted.some((p) => p.startsWith('jobs:')))
    return 'Target-hardening jobs are open to the contractor and team leaders.';
  if (wanted.some((p) => p.startsWith('returns:'))) return 'Quarterly returns are open to analysts.';
  if (wanted.includes('cases:allocate'))
    return 'Allocating cases and the caseworkers’ caseloads are for team leaders.';
  if (wanted.some((p) => p.startsWith('agencies:')))
    return 'The list of onward-referral agencies is kept by administrators.';
  if (wanted.includes('questions:answer'))
    return 'Quick questions are answered by caseworkers and team leaders.';
  if (wanted.includes('volunteers:assign')) return 'Assigning volunteers to cases is for team leaders.';
  if (wanted.includes('rota:keep')) return 'The call-taking rota is changed by team leaders.';
  return 'Victim First cases are open to caseworkers and team leaders.';
}

/**
 * The access check, the one place it is made: signed out goes to sign-in; a role without the permission
 * gets a 403 page, and the refusal is recorded in the case's (or job's) audit. A person let in only by a
 * case-scoped permission (a volunteer) is let in only to a case assigned to them (the page kit's
 * `isAssigned`, asked here before any handler): every other case is refused the same way.
 */
async function checkAccess(
  kit: PageKit,
  route: GuardedRoute,
  ctx: PageContext,
  params: RouteParams,
): Promise<{ readonly allowed: SignedInContext } | { readonly refused: WebResponse }> {
  const { session } = ctx;
  if (!session) return { refused: redirect('/') };
  if (may(session.roles, route.permission)) {
    if (!grantedOnlyPerCase(session.roles, route.permission)) return { allowed: { ...ctx, session } };
    const { caseId } = params;
    if (caseId !== undefined && isCaseId(caseId) && (await kit.isAssigned?.(session.user, caseId)))
      return { allowed: { ...ctx, session } };
  }
  const refusedOn = await route.refusal?.auditedOn(params);
  if (refusedOn !== undefined && isCaseId(refusedOn))
    await kit.audit(ctx, refusedOn, 'refused', route.refusal?.what ?? 'case');
  return {
    refused: kit.message(ctx, 403, 'You cannot open this page', [
      may(session.roles, route.permission)
        ? 'A volunteer opens only the cases a team leader has assigned to them.'
        : `Your role does not give access to it. ${whoseText(route.permission)}`,
    ]),
  };
}

/**
 * Puts every route of the table on the Hono app, each behind the access check its row states. The page
 * context (the request as read, the session, the nonce) is made by the app's middleware before routing.
 */
export function registerRoutes(
  app: Hono<{ Variables: { page: PageContext } }>,
  kit: PageKit,
  routes: readonly Route[],
): void {
  for (const route of routes) {
    const wanted = typeof route.permission === 'string' ? [route.permission] : (route.permission ?? []);
    const stated = route.permission === 'anyone' || (wanted.length > 0 && wanted.every(isPermission));
    if (!stated) throw new Error(`${routeKeyOf(route)} states no permission`);
    // A permission held only on an assigned case needs the case in the path, for the check to ask about.
    if (
      wanted.some((p) => CASE_SCOPED_PERMISSIONS.includes(p as Permission)) &&
      !route.path.includes(':caseId')
    )
      throw new Error(`${routeKeyOf(route)} names a case-scoped permission but no :caseId`);
    app.on(route.method, route.path, async (c) => {
      const ctx = c.get('page');
      const params: RouteParams = c.req.param();
      if (route.permission === 'anyone') return toResponse(await route.handler(ctx, params));
      const checked = await checkAccess(kit, route, ctx, params);
      return toResponse(
        'refused' in checked ? checked.refused : await route.handler(checked.allowed, params),
      );
    });
  }
}

/** `POST /tasks/:taskId/complete` as the access matrix names it: `POST /tasks/*\/complete`. */
export const routeKeyOf = (route: { readonly method: string; readonly path: string }): string =>
  `${route.method} ${route.path.replace(/:[A-Za-z]+/g, '*')}`;
