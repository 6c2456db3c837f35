import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { rolesFromGroups } from '../shared/domain/roles.ts';
import type { Person } from './people.ts';

/**
 * Staff sign-in in AWS: the Cognito user pool's managed login (password and an authenticator app), the
 * OAuth 2.0 authorization code grant with PKCE, and the ID token verified here before the web app starts
 * its own session (web/session.ts). The person's Cognito groups are their roles. Locally there is none of
 * this: the local sign-in page lists synthetic people (web/people.ts).
 */

/** What the sign-in needs to know, read at start-up (functions/config.ts `webAppConfig`). */
export interface CognitoSignInConfig {
  /** e.g. `eu-west-2_AbCdEf123`; the issuer is `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly userPoolId: string;
  /** The web app's app client (no client secret: PKCE binds the code to the browser that asked). */
  readonly clientId: string;
  /** Managed login's base URL, e.g. `https://victim-first-production-….auth.eu-west-2.amazoncognito.com`. */
  readonly domainUrl: string;
  /** The web app's own base URL (the HTTP API's), without a trailing slash. */
  readonly appUrl: string;
}

/** Where Cognito sends the browser back with the code; the app client's one callback URL. */
export const CALLBACK_PATH = '/auth/callback';
/** Where Cognito sends the browser after signing out; the app client's one sign-out URL. */
export const SIGNED_OUT_PATH = '/signed-out';
/** The scopes asked for: who the person is (ID token with their name, e-mail and groups). */
export const SIGN_IN_SCOPES = ['openid', 'email', 'profile'] as const;
/**
 * The cookie remembering a sign-in under way (state, nonce, PKCE verifier) between `GET /sign-in` and
 * `GET /auth/callback`. `__Host-`: Secure, path `/`, no Domain, so no other site can set it.
 */
export const SIGN_IN_ATTEMPT_COOKIE = '__Host-vf_sign_in';
/** How long a sign-in may take, from leaving the app to coming back (managed login, MFA code). */
export const SIGN_IN_ATTEMPT_SECONDS = 600;

export const callbackUrl = (config: CognitoSignInConfig) => `${config.appUrl}${CALLBACK_PATH}`;
export const signedOutUrl = (config: CognitoSignInConfig) => `${config.appUrl}${SIGNED_OUT_PATH}`;

/** One sign-in under way: what the callback must match (state, nonce) and prove (the PKCE verifier). */
export interface SignInAttempt {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

const random = () => randomBytes(32).toString('base64url');

export function newSignInAttempt(): SignInAttempt {
  return { state: random(), nonce: random(), codeVerifier: random() };
}

/** RFC 7636 S256: base64url(SHA-256(verifier)). */
export const codeChallenge = (codeVerifier: string) =>
  createHash('sha256').update(codeVerifier).digest('base64url');

/** Managed login's authorize URL for this attempt (authorization code grant, PKCE S256, state and nonce). */
export function signInUrl(config: CognitoSignInConfig, state: SignInAttempt): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: callbackUrl(config),
    scope: SIGN_IN_SCOPES.join(' '),
    state: state.state,
    nonce: state.nonce,
    code_challenge: codeChallenge(state.codeVerifier),
    code_challenge_method: 'S256',
  });
  return `${config.domainUrl}/oauth2/authorize?${params.toString()}`;
}

/**
 * Cognito's logout URL: ends managed login's own session (its cookie would otherwise sign the next person
 * at a shared computer straight back in) and returns to the app's signed-out page.
 */
export function signOutUrl(config: CognitoSignInConfig): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: signedOutUrl(config) });
  return `${config.domainUrl}/logout?${params.toString()}`;
}

/** The token endpoint's request for the code (a public client: no secret, the PKCE verifier instead). */
export function tokenRequest(
  config: CognitoSignInConfig,
  grant: { readonly code: string; readonly codeVerifier: string },
): { url: string; init: RequestInit } {
  return {
    url: `${config.domainUrl}/oauth2/token`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code: grant.code,
        redirect_uri: callbackUrl(config),
        code_verifier: grant.codeVerifier,
      }).toString(),
    },
  };
}

export interface TokenSet {
  readonly idToken: string;
  readonly accessToken: string;
  readonly expiresIn: number;
}

/** The token endpoint refused the code, or answered with something that is not a token set. */
export class TokenExchangeError extends Error {
  override name = 'TokenExchangeError';
}

/** How long the token endpoint may take before the sign-in gives up (the HTTP API allows 30 s in all). */
const TOKEN_TIMEOUT_MS = 5_000;

/**
 * Exchanges the authorization code for tokens. Only the ID token is used (who signed in); the refresh
 * token is not kept: the web app's session is its own cookie.
 */
export async function exchangeCode(
  config: CognitoSignInConfig,
  grant: { readonly code: string; readonly codeVerifier: string },
  fetchImpl: typeof fetch = fetch,
): Promise<TokenSet> {
  const { url, init } = tokenRequest(config, grant);
  const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const fields = (body ?? {}) as Record<string, unknown>;
  if (!response.ok) {
    // Cognito's error code only (e.g. invalid_grant); never the body, which could echo the request.
    const code = typeof fields.error === 'string' ? fields.error : 'no error code';
    throw new TokenExchangeError(`the token endpoint answered ${response.status} (${code})`);
  }
  if (typeof fields.id_token !== 'string' || typeof fields.access_token !== 'string')
    throw new TokenExchangeError('the token endpoint answered without an ID token and access token');
  return {
    idToken: fields.id_token,
    accessToken: fields.access_token,
    expiresIn: typeof fields.expires_in === 'number' ? fields.expires_in : 0,
  };
}

/** A verified ID token's owner cannot use the app: no role, or the token lacks who they are. */
export class SignInRefusedError extends Error {
  override name = 'SignInRefusedError';
  constructor(
    readonly reason: 'no-role' | 'no-identity',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The person a verified ID token names: `sub` (never reused, and what the task API's JWT authorizer
 * passes on) is their id, `name` what the pages call them, their `cognito:groups` their roles, and
 * `cognito:username` the name the user pool's admin API knows them by. A person
 * in no role's group is refused: being in the user pool alone opens nothing.
 */
export function personFromIdToken(claims: Readonly<Record<string, unknown>>): Person {
  const id = claims.sub;
  if (typeof id !== 'string' || id === '')
    throw new SignInRefusedError('no-identity', 'the ID token has no subject');
  const roles = rolesFromGroups(claims['cognito:groups']);
  if (roles.length === 0)
    throw new SignInRefusedError('no-role', 'the person is in none of the Victim First role groups');
  const name = [claims.name, claims.email, claims['cognito:username']].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  // The pool's e-mail is verified at sign-up (staff-sign-in.ts): a referral they make is answered there.
  const email = typeof claims.email === 'string' && claims.email_verified === true ? claims.email : undefined;
  // The pool's name for them (not the sub in this pool): the web app checks their groups again by it.
  const username = claims['cognito:username'];
  return {
    id,
    name: name ?? id,
    roles,
    ...(email ? { email } : {}),
    ...(typeof username === 'string' && username !== '' ? { username } : {}),
  };
}

/** Verifies an ID token (signature against the pool's JWKS, issuer, audience, expiry, token use). */
export interface IdTokenVerifier {
  verify(idToken: string): Promise<Readonly<Record<string, unknown>>>;
}

/** aws-jwt-verify's Cognito verifier for the app client's ID tokens; the JWKS is fetched once and cached. */
export function cognitoIdTokenVerifier(config: Pick<CognitoSignInConfig, 'userPoolId' | 'clientId'>) {
  return CognitoJwtVerifier.create({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    tokenUse: 'id',
  });
}

/** Why a sign-in came back without a person; the web app words its page from this. */
export type SignInFailure =
  /** The attempt cookie is missing or unreadable: it expired, or the sign-in began in another browser. */
  | 'no-attempt'
  /** The callback's state is not this browser's attempt (a forged or replayed callback). */
  | 'state-mismatch'
  /** Managed login sent the browser back with an error instead of a code. */
  | 'cognito-error'
  /** The code could not be exchanged (expired, used, or the token endpoint failed). */
  | 'exchange-failed'
  /** The ID token did not verify, or its nonce is not this attempt's. */
  | 'invalid-token'
  /** A real person, in no role's group (or with no subject). */
  | 'no-role';

export type SignInResult =
  | { readonly ok: true; readonly person: Person }
  | { readonly ok: false; readonly failure: SignInFailure; readonly detail: string };

/** The sign-in as the web app uses it: one object in its dependencies (`WebAppDeps.cognito`). */
export interface CognitoSignIn {
  /** `GET /sign-in`: where to send the browser (303), and the Set-Cookie remembering the attempt. */
  start(): { readonly location: string; readonly cookie: string };
  /**
   * `GET /auth/callback`: the person, or why not. Whatever the result, answer with `clearAttemptCookie()`
   * so an attempt is used once.
   */
  finish(
    query: Readonly<Record<string, string | undefined>>,
    cookies: Readonly<Record<string, string | undefined>>,
  ): Promise<SignInResult>;
  /** The Set-Cookie value that removes the attempt cookie. */
  clearAttemptCookie(): string;
  /** `POST /sign-out`: where to send the browser after clearing the session (Cognito's logout). */
  signOutUrl(): string;
}

export interface CognitoSignInOptions {
  readonly fetchImpl?: typeof fetch;
  readonly verifier?: IdTokenVerifier;
}

const attemptCookie = (value: string, maxAgeSeconds: number) =>
  [
    `${SIGN_IN_ATTEMPT_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'Secure',
    // Lax, not Strict: the callback is a top-level navigation from managed login's site.
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ].join('; ');

function readAttempt(value: string | undefined): SignInAttempt | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { state, nonce, codeVerifier } = parsed;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string')
      return undefined;
    return { state, nonce, codeVerifier };
  } catch {
    return undefined;
  }
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export function createCognitoSignIn(
  config: CognitoSignInConfig,
  options: CognitoSignInOptions = {},
): CognitoSignIn {
  const fetchImpl = options.fetchImpl ?? fetch;
  const verifier: IdTokenVerifier = options.verifier ?? cognitoIdTokenVerifier(config);
  const refused = (failure: SignInFailure, detail: string): SignInResult => ({ ok: false, failure, detail });

  return {
    start() {
      const attempt = newSignInAttempt();
      const value = Buffer.from(JSON.stringify(attempt)).toString('base64url');
      return { location: signInUrl(config, attempt), cookie: attemptCookie(value, SIGN_IN_ATTEMPT_SECONDS) };
    },

    async finish(query, cookies) {
      const attempt = readAttempt(cookies[SIGN_IN_ATTEMPT_COOKIE]);
      if (!attempt) return refused('no-attempt', 'no sign-in under way in this browser');
      if (!query.state || !sameText(query.state, attempt.state))
        return refused('state-mismatch', 'the callback is not for this browser’s sign-in');
      if (query.error) return refused('cognito-error', `managed login answered ${query.error}`);
      if (!query.code) return refused('cognito-error', 'the callback has no code');
      let tokens: TokenSet;
      try {
        tokens = await exchangeCode(
          config,
          { code: query.code, codeVerifier: attempt.codeVerifier },
          fetchImpl,
        );
      } catch (error) {
        return refused('exchange-failed', (error as Error).message);
      }
      let claims: Readonly<Record<string, unknown>>;
      try {
        claims = await verifier.verify(tokens.idToken);
      } catch (error) {
        return refused('invalid-token', `the ID token did not verify: ${(error as Error).message}`);
      }
      if (typeof claims.nonce !== 'string' || !sameText(claims.nonce, attempt.nonce))
        return refused('invalid-token', 'the ID token’s nonce is not this sign-in’s');
      try {
        return { ok: true, person: personFromIdToken(claims) };
      } catch (error) {
        if (error instanceof SignInRefusedError) return refused('no-role', error.message);
        throw error;
      }
    },

    clearAttemptCookie: () => attemptCookie('', 0),

    signOutUrl: () => signOutUrl(config),
  };
}
