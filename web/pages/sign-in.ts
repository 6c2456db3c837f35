import { may, ROLE_NAMES } from '../../shared/domain/roles.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import { AGENCY_KEEPERS } from './agencies.ts';
import type { PageContext, PageKit } from './page-kit.ts';
import { RETURN_READERS } from './returns.ts';

/**
 * Signing in and out, and the home page that sends each person to their own work (docs/web-app.md). In AWS
 * people sign in through the Cognito user pool's managed login; on the local system they pick who they are.
 */
export function createSignInPages(kit: PageKit, deps: WebAppDeps) {
  async function signInPage(ctx: PageContext, error?: string): Promise<WebResponse> {
    if (!deps.localPeople) {
      return kit.message(ctx, 404, 'Page not found', ['Sign in through the Victim First sign-in page.']);
    }
    return kit.render(
      ctx,
      'sign-in',
      {
        title: 'Sign in',
        people: deps.localPeople.map((p) => ({
          value: p.id,
          text: p.name,
          hint: { text: p.roles.map((role) => ROLE_NAMES[role]).join(', ') },
        })),
        ...(error ? { errorSummary: [{ text: error, href: '#user' }] } : {}),
      },
      error ? 400 : 200,
    );
  }

  /** `/`: the sign-in page, or the signed-in person's own work. */
  async function home(ctx: PageContext): Promise<WebResponse> {
    if (!ctx.session) {
      return deps.cognito
        ? kit.message(ctx, 200, 'Victim First casework', ['Sign in with your Victim First account.'], {
            href: '/sign-in',
            text: 'Sign in',
          })
        : signInPage(ctx);
    }
    const { roles } = ctx.session;
    if (may(roles, 'tasks:work')) return redirect('/tasks');
    // The contractor's portal: their target-hardening jobs, and nothing of Victim First's cases.
    if (deps.targetHardening && may(roles, 'jobs:work')) return redirect('/jobs');
    // The analyst's: the commissioner's quarterly returns.
    if (deps.returns && may(roles, RETURN_READERS)) return redirect('/returns');
    // The administrator's: the list of onward-referral agencies.
    if (deps.agencies && may(roles, AGENCY_KEEPERS)) return redirect('/agencies');
    // A volunteer's: the cases assigned to them.
    if (deps.volunteers && may(roles, 'assigned:list')) return redirect('/cases/mine');
    return kit.message(ctx, 200, `Signed in as ${ctx.session.name}`, [
      'There is nothing for your role in the casework app yet.',
    ]);
  }

  async function signIn(ctx: PageContext): Promise<WebResponse> {
    if (ctx.session) return redirect('/');
    if (!deps.cognito) return signInPage(ctx);
    const { location, cookie } = deps.cognito.start();
    return redirect(location, [cookie]);
  }

  /** Where Cognito's managed login sends the browser back with its code. */
  async function cognitoCallback(ctx: PageContext): Promise<WebResponse> {
    if (!deps.cognito) {
      return kit.message(ctx, 404, 'Page not found', ['If you typed the web address, check it is correct.']);
    }
    const result = await deps.cognito.finish(ctx.request.query, ctx.request.cookies);
    const clear = deps.cognito.clearAttemptCookie();
    if (result.ok) {
      const session = await deps.sessions.begin(result.person, deps.clock.now());
      return redirect('/', [deps.sessions.cookie(session), clear]);
    }
    // Cognito records the sign-in events themselves (threat protection's user event history).
    return result.failure === 'no-role'
      ? kit.render(
          ctx,
          'message',
          {
            title: 'You have no role in this service',
            paragraphs: ['Your account is not in any team. Ask an administrator to add you.'],
          },
          403,
          [clear],
        )
      : kit.render(
          ctx,
          'message',
          {
            title: 'Sign-in did not finish',
            paragraphs: ['It may have taken too long, or begun in another browser.'],
            link: { href: '/sign-in', text: 'Sign in again' },
          },
          400,
          [clear],
        );
  }

  async function signedOut(ctx: PageContext): Promise<WebResponse> {
    return kit.message(ctx, 200, 'You have signed out', [], { href: '/sign-in', text: 'Sign in again' });
  }

  /** The local system's sign-in: the person picked from the list. */
  async function signInPost(ctx: PageContext): Promise<WebResponse> {
    const person = deps.localPeople?.find((p) => p.id === ctx.request.form.user);
    if (!deps.localPeople) return kit.message(ctx, 404, 'Page not found', []);
    if (!person) return signInPage(ctx, 'Select who you are');
    // Someone else signing in at this browser ends the session it had.
    if (ctx.session) await deps.sessions.end(ctx.session);
    const session = await deps.sessions.begin(person, deps.clock.now());
    return redirect('/', [deps.sessions.cookie(session)]);
  }

  async function signOutPost(ctx: PageContext): Promise<WebResponse> {
    // Ended on the server, not only cleared here: a copy of the cookie kept elsewhere is dead too.
    if (ctx.session) await deps.sessions.end(ctx.session);
    return redirect(deps.cognito ? deps.cognito.signOutUrl() : '/', [deps.sessions.clearCookie()]);
  }

  return { home, signIn, cognitoCallback, signedOut, signInPost, signOutPost };
}
