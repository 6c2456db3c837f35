import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Jwk } from 'aws-jwt-verify/jwk';
import { beforeAll, describe, expect, it } from 'vitest';
import { rolesFromGroups } from '../../../shared/domain/roles.ts';
import {
  CALLBACK_PATH,
  type CognitoSignInConfig,
  codeChallenge,
  cognitoIdTokenVerifier,
  createCognitoSignIn,
  exchangeCode,
  newSignInAttempt,
  personFromIdToken,
  SIGN_IN_ATTEMPT_COOKIE,
  SignInRefusedError,
  signInUrl,
  signOutUrl,
  TokenExchangeError,
} from '../../../web/cognito-sign-in.ts';

const CONFIG: CognitoSignInConfig = {
  userPoolId: 'eu-west-2_TestPool1',
  clientId: '4tq1examp1ec1ient1d0000000',
  domainUrl: 'https://victim-first-test-000000000000.auth.eu-west-2.amazoncognito.com',
  appUrl: 'https://abc123.execute-api.eu-west-2.amazonaws.com',
};
const ISSUER = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_TestPool1';
const TOKEN_URL = `${CONFIG.domainUrl}/oauth2/token`;

interface RecordedRequest {
  readonly url: string;
  readonly method: string | undefined;
  readonly headers: Record<string, string>;
  readonly form: Record<string, string>;
}

/** A stand-in for Cognito's token endpoint, and nothing else: any other URL fails the test. */
function fakeTokenEndpoint(answer: () => { status: number; body: unknown }) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url !== TOKEN_URL) throw new Error(`unexpected request to ${url}`);
    requests.push({
      url,
      method: init?.method,
      headers: { ...(init?.headers as Record<string, string>) },
      form: Object.fromEntries(new URLSearchParams(String(init?.body))),
    });
    const { status, body } = answer();
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { fetchImpl, requests };
}

// A key pair standing in for the user pool's: tokens signed here verify with aws-jwt-verify against its JWKS.
let privateKey: KeyObject;
let otherKey: KeyObject;
let jwk: Jwk;

beforeAll(() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKey = pair.privateKey;
  otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' } as Jwk;
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signJwt(payload: Record<string, unknown>, key: KeyObject = privateKey): string {
  const signed = `${b64({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })}.${b64(payload)}`;
  return `${signed}.${createSign('RSA-SHA256').update(signed).sign(key).toString('base64url')}`;
}

/** An ID token as Cognito issues it for the web app's client. */
function idTokenClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: '5f0c6a3e-0000-4000-8000-000000000001',
    aud: CONFIG.clientId,
    iss: ISSUER,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + 3600,
    'cognito:username': 'alex.example',
    'cognito:groups': ['caseworker'],
    name: 'Alex Example',
    email: 'alex@example.invalid',
    email_verified: true,
    ...overrides,
  };
}

/** The real verifier of the app, with the test key's JWKS in its cache (nothing is fetched). */
function verifier() {
  const v = cognitoIdTokenVerifier(CONFIG);
  v.cacheJwks({ keys: [jwk] });
  return v;
}

describe('the sign-in URL', () => {
  it('asks managed login for an authorization code for the web app, with PKCE (S256), state and nonce', () => {
    const attempt = newSignInAttempt();
    const url = new URL(signInUrl(CONFIG, attempt));
    expect(`${url.origin}${url.pathname}`).toBe(`${CONFIG.domainUrl}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CONFIG.clientId,
      redirect_uri: `${CONFIG.appUrl}${CALLBACK_PATH}`,
      scope: 'openid email profile',
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: codeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
    });
    // The verifier itself never leaves the app.
    expect(url.toString()).not.toContain(attempt.codeVerifier);
  });

  it('computes the S256 challenge as RFC 7636 does', () => {
    // RFC 7636 appendix B.
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a new, unguessable state, nonce and verifier for every attempt', () => {
    const attempts = Array.from({ length: 20 }, newSignInAttempt);
    const values = attempts.flatMap((a) => [a.state, a.nonce, a.codeVerifier]);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('signs out through Cognito, which returns to the app’s signed-out page', () => {
    const url = new URL(signOutUrl(CONFIG));
    expect(`${url.origin}${url.pathname}`).toBe(`${CONFIG.domainUrl}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CONFIG.clientId,
      logout_uri: `${CONFIG.appUrl}/signed-out`,
    });
  });
});

describe('exchanging the code', () => {
  it('posts the code, the callback URL and the PKCE verifier to the token endpoint, without a client secret', async () => {
    const endpoint = fakeTokenEndpoint(() => ({
      status: 200,
      body: { id_token: 'id.jwt', access_token: 'access.jwt', refresh_token: 'r', expires_in: 3600 },
    }));
    const tokens = await exchangeCode(
      CONFIG,
      { code: 'the-code', codeVerifier: 'the-verifier' },
      endpoint.fetchImpl,
    );
    expect(tokens).toEqual({ idToken: 'id.jwt', accessToken: 'access.jwt', expiresIn: 3600 });
    expect(endpoint.requests).toEqual([
      {
        url: TOKEN_URL,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        form: {
          grant_type: 'authorization_code',
          client_id: CONFIG.clientId,
          code: 'the-code',
          redirect_uri: `${CONFIG.appUrl}/auth/callback`,
          code_verifier: 'the-verifier',
        },
      },
    ]);
  });

  it('says which error the token endpoint gave, and nothing else of its answer', async () => {
    const endpoint = fakeTokenEndpoint(() => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'echo of something' },
    }));
    const exchange = exchangeCode(CONFIG, { code: 'used', codeVerifier: 'v' }, endpoint.fetchImpl);
    await expect(exchange).rejects.toThrow(TokenExchangeError);
    await expect(exchange).rejects.toThrow('the token endpoint answered 400 (invalid_grant)');
  });

  it('refuses an answer that is not JSON or has no ID token', async () => {
    const notJson = fakeTokenEndpoint(() => ({ status: 502, body: '<html>bad gateway</html>' }));
    await expect(exchangeCode(CONFIG, { code: 'c', codeVerifier: 'v' }, notJson.fetchImpl)).rejects.toThrow(
      'answered 502 (no error code)',
    );
    const noIdToken = fakeTokenEndpoint(() => ({ status: 200, body: { access_token: 'a' } }));
    await expect(exchangeCode(CONFIG, { code: 'c', codeVerifier: 'v' }, noIdToken.fetchImpl)).rejects.toThrow(
      'without an ID token',
    );
  });
});

describe('the person an ID token names', () => {
  it('is the subject, with their name and the roles of their groups in the app’s order', () => {
    expect(
      personFromIdToken(
        idTokenClaims({ 'cognito:groups': ['team-leader', 'caseworker', 'eu-west-2_X_Google'] }),
      ),
    ).toEqual({
      id: '5f0c6a3e-0000-4000-8000-000000000001',
      name: 'Alex Example',
      roles: ['caseworker', 'team-leader'],
      email: 'alex@example.invalid',
      username: 'alex.example',
    });
  });

  it('carries the user pool’s name for them, by which their roles are checked again, when the token has one', () => {
    expect(personFromIdToken(idTokenClaims()).username).toBe('alex.example');
    expect(personFromIdToken(idTokenClaims({ 'cognito:username': undefined })).username).toBeUndefined();
    expect('username' in personFromIdToken(idTokenClaims({ 'cognito:username': '' }))).toBe(false);
  });

  it('carries the e-mail only when the pool has verified it', () => {
    expect(personFromIdToken(idTokenClaims({ email_verified: true })).email).toBe('alex@example.invalid');
    expect(personFromIdToken(idTokenClaims({ email_verified: false })).email).toBeUndefined();
  });

  it('maps each of the five groups to its role', () => {
    for (const group of ['caseworker', 'team-leader', 'analyst', 'contractor', 'admin']) {
      expect(personFromIdToken(idTokenClaims({ 'cognito:groups': [group] })).roles).toEqual([group]);
    }
  });

  it('falls back to the e-mail address, then the user name, for a person without a name', () => {
    expect(personFromIdToken(idTokenClaims({ name: undefined })).name).toBe('alex@example.invalid');
    expect(personFromIdToken(idTokenClaims({ name: ' ', email: undefined })).name).toBe('alex.example');
  });

  it('refuses a person in no role’s group: being in the user pool opens nothing', () => {
    for (const groups of [undefined, [], ['Caseworker'], ['eu-west-2_X_Google']]) {
      const claims = idTokenClaims({ 'cognito:groups': groups });
      expect(() => personFromIdToken(claims)).toThrow(SignInRefusedError);
      try {
        personFromIdToken(claims);
      } catch (error) {
        expect((error as SignInRefusedError).reason).toBe('no-role');
      }
    }
  });

  it('refuses a token without a subject', () => {
    expect(() => personFromIdToken(idTokenClaims({ sub: undefined }))).toThrow('the ID token has no subject');
  });

  it('reads the groups as the HTTP API’s JWT authorizer passes them on: one bracketed string', () => {
    expect(rolesFromGroups('[team-leader caseworker]')).toEqual(['caseworker', 'team-leader']);
    expect(rolesFromGroups('[contractor]')).toEqual(['contractor']);
    expect(rolesFromGroups('')).toEqual([]);
    expect(rolesFromGroups(42)).toEqual([]);
  });
});

/** The attempt cookie's value from its Set-Cookie line. */
const cookieValue = (setCookie: string) => setCookie.split(';')[0]?.split('=').slice(1).join('=') ?? '';

describe('a whole sign-in (token endpoint faked, ID token verified by aws-jwt-verify)', () => {
  /** Starts a sign-in and answers the token endpoint with an ID token for that attempt's nonce. */
  function signingIn(claims: (nonce: string) => Record<string, unknown>, key?: KeyObject) {
    let nonce = '';
    const endpoint = fakeTokenEndpoint(() => ({
      status: 200,
      body: { id_token: signJwt(claims(nonce), key), access_token: 'access.jwt', expires_in: 3600 },
    }));
    const signIn = createCognitoSignIn(CONFIG, { fetchImpl: endpoint.fetchImpl, verifier: verifier() });
    const started = signIn.start();
    const location = new URL(started.location);
    nonce = location.searchParams.get('nonce') ?? '';
    const state = location.searchParams.get('state') ?? '';
    const cookies = { [SIGN_IN_ATTEMPT_COOKIE]: cookieValue(started.cookie) };
    return { signIn, started, state, cookies, endpoint };
  }

  it('signs in a caseworker: the code is exchanged with this attempt’s verifier and the token verified', async () => {
    const { signIn, started, state, cookies, endpoint } = signingIn((nonce) => idTokenClaims({ nonce }));
    const result = await signIn.finish({ code: 'the-code', state }, cookies);
    expect(result).toEqual({
      ok: true,
      person: {
        id: '5f0c6a3e-0000-4000-8000-000000000001',
        name: 'Alex Example',
        roles: ['caseworker'],
        email: 'alex@example.invalid',
        username: 'alex.example',
      },
    });
    const challenge = new URL(started.location).searchParams.get('code_challenge');
    const verifierSent = endpoint.requests[0]?.form.code_verifier ?? '';
    expect(codeChallenge(verifierSent)).toBe(challenge);
  });

  it('remembers the attempt in a Secure, HttpOnly, SameSite=Lax host cookie for ten minutes, used once', () => {
    const { signIn, started } = signingIn(() => ({}));
    expect(started.cookie).toMatch(/^__Host-vf_sign_in=[A-Za-z0-9_-]+; /);
    expect(started.cookie.split('; ').slice(1)).toEqual([
      'Path=/',
      'HttpOnly',
      'Secure',
      'SameSite=Lax',
      'Max-Age=600',
    ]);
    expect(signIn.clearAttemptCookie()).toBe(
      '__Host-vf_sign_in=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0',
    );
  });

  it('refuses a callback without this browser’s attempt, or with another state, before any exchange', async () => {
    const { signIn, state, cookies, endpoint } = signingIn((nonce) => idTokenClaims({ nonce }));
    expect(await signIn.finish({ code: 'c', state }, {})).toMatchObject({ ok: false, failure: 'no-attempt' });
    expect(
      await signIn.finish({ code: 'c', state }, { [SIGN_IN_ATTEMPT_COOKIE]: 'not-an-attempt' }),
    ).toMatchObject({ ok: false, failure: 'no-attempt' });
    expect(await signIn.finish({ code: 'c', state: `${state}x` }, cookies)).toMatchObject({
      ok: false,
      failure: 'state-mismatch',
    });
    expect(await signIn.finish({ code: 'c' }, cookies)).toMatchObject({
      ok: false,
      failure: 'state-mismatch',
    });
    expect(endpoint.requests).toEqual([]);
  });

  it('reports managed login’s error, and a refused code', async () => {
    const { signIn, state, cookies } = signingIn(() => ({}));
    expect(await signIn.finish({ error: 'access_denied', state }, cookies)).toEqual({
      ok: false,
      failure: 'cognito-error',
      detail: 'managed login answered access_denied',
    });
    const refusing = fakeTokenEndpoint(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    const other = createCognitoSignIn(CONFIG, { fetchImpl: refusing.fetchImpl, verifier: verifier() });
    expect(await other.finish({ code: 'used', state }, cookies)).toMatchObject({
      ok: false,
      failure: 'exchange-failed',
    });
  });

  it('refuses an ID token that does not verify: other key, other client, expired, access token, other pool', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, (nonce: string) => Record<string, unknown>, KeyObject?]> = [
      ['signed with another key', (nonce) => idTokenClaims({ nonce }), otherKey],
      ['for another client', (nonce) => idTokenClaims({ nonce, aud: 'someotherclient' })],
      ['expired', (nonce) => idTokenClaims({ nonce, iat: now - 7200, exp: now - 3600 })],
      ['an access token', (nonce) => idTokenClaims({ nonce, token_use: 'access' })],
      [
        'from another pool',
        (nonce) =>
          idTokenClaims({ nonce, iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Other' }),
      ],
    ];
    for (const [what, claims, key] of cases) {
      const { signIn, state, cookies } = signingIn(claims, key);
      const result = await signIn.finish({ code: 'c', state }, cookies);
      expect(result, what).toMatchObject({ ok: false, failure: 'invalid-token' });
    }
  });

  it('refuses an ID token made for another sign-in (its nonce is not this attempt’s)', async () => {
    const { signIn, state, cookies } = signingIn(() => idTokenClaims({ nonce: 'someone-elses' }));
    expect(await signIn.finish({ code: 'c', state }, cookies)).toEqual({
      ok: false,
      failure: 'invalid-token',
      detail: 'the ID token’s nonce is not this sign-in’s',
    });
  });

  it('refuses a verified person in no role’s group', async () => {
    const { signIn, state, cookies } = signingIn((nonce) => idTokenClaims({ nonce, 'cognito:groups': [] }));
    expect(await signIn.finish({ code: 'c', state }, cookies)).toMatchObject({
      ok: false,
      failure: 'no-role',
    });
  });
});
