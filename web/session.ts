import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '../shared/domain/roles.ts';
import { isSessionId } from '../shared/domain/session-id.ts';
import type { SessionStore } from '../shared/ports/session-store.ts';
import type { StaffRoles } from '../shared/ports/staff-roles.ts';

/**
 * A signed-in person's session, carried in a signed cookie. The server keeps only that the session is open
 * (shared/ports/session-store.ts), so signing out or an administrator's ending it closes every copy.
 */
export interface Session {
  /** The session's id in the server-side record (random, 32 bytes base64url). */
  readonly sid: string;
  readonly user: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Their e-mail address when the sign-in gave one (a target-hardening referral is answered there). */
  readonly email?: string;
  /** Their user name in the user pool (AWS), by which their roles are checked again (`RoleCheck`). */
  readonly username?: string;
  /** The form token every POST must carry (synchroniser token). */
  readonly csrf: string;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  readonly seenAt: number;
  /** When the roles were last found to be the person's roles now (epoch milliseconds); signing in is one. */
  readonly rolesCheckedAt?: number;
}

/** Who signs in, as the sign-in gives them (web/people.ts `Person`, web/cognito-sign-in.ts). */
export interface SignedInPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly email?: string | undefined;
  /** The user pool's name for them (AWS), for checking their roles again. */
  readonly username?: string | undefined;
}

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  readonly idleMs: number;
  /** Signed out this long after signing in, however busy. */
  readonly absoluteMs: number;
  /** Cookies only over HTTPS (always in AWS; not on http://localhost). */
  readonly secureCookie: boolean;
}

/** 30 minutes idle, a working day at most: a shared office computer left signed in signs itself out. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 10 * 3_600_000,
  secureCookie: true,
};

/** The session cookie on http://localhost (a `__Host-` cookie must be Secure, which plain HTTP cannot set). */
export const SESSION_COOKIE = 'vf_session';
/**
 * The session cookie over HTTPS (AWS). `__Host-`: the browser takes it only with Secure, Path=/ and no
 * Domain, so no sibling site (another `*.execute-api` or `*.amazonaws.com` host) can set or overwrite it.
 */
export const SECURE_SESSION_COOKIE = '__Host-vf_session';

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/**
 * Signs and reads session cookies with HMAC-SHA256. A cookie that is forged, altered, expired or idle too
 * long reads as no session. Whether the session has since been ended is the server's record to say:
 * read cookies through `Sessions.readSession`, never `decode` alone.
 */
export class SessionCodec {
  constructor(
    private readonly secret: Buffer,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {
    if (secret.length < 32) throw new Error('configuration: the session secret must be at least 32 bytes');
  }

  /** The cookie's name: `__Host-vf_session` when Secure (AWS), `vf_session` on http://localhost. */
  get cookieName(): string {
    return this.policy.secureCookie ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  }

  /** A new session for a person who has just signed in. */
  start(person: SignedInPerson, now: Date): Session {
    return {
      sid: base64url(randomBytes(32)),
      user: person.id,
      name: person.name,
      roles: [...person.roles],
      ...(person.email ? { email: person.email } : {}),
      ...(person.username ? { username: person.username } : {}),
      csrf: base64url(randomBytes(24)),
      issuedAt: now.getTime(),
      seenAt: now.getTime(),
      rolesCheckedAt: now.getTime(),
    };
  }

  encode(session: Session): string {
    const payload = base64url(Buffer.from(JSON.stringify(session)));
    return `${payload}.${this.sign(payload)}`;
  }

  decode(value: string | undefined, now: Date): Session | undefined {
    if (!value) return undefined;
    const [payload, signature, ...rest] = value.split('.');
    if (!payload || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let session: Session;
    try {
      session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
    } catch {
      return undefined;
    }
    if (
      session === null ||
      typeof session !== 'object' ||
      !isSessionId(session.sid) ||
      typeof session.user !== 'string' ||
      typeof session.csrf !== 'string' ||
      typeof session.issuedAt !== 'number' ||
      typeof session.seenAt !== 'number' ||
      (session.username !== undefined && typeof session.username !== 'string') ||
      (session.rolesCheckedAt !== undefined && typeof session.rolesCheckedAt !== 'number') ||
      !Array.isArray(session.roles) ||
      !session.roles.every((role) => (ROLES as readonly string[]).includes(role))
    )
      return undefined;
    const at = now.getTime();
    if (at - session.issuedAt > this.policy.absoluteMs || at - session.seenAt > this.policy.idleMs)
      return undefined;
    return session;
  }

  /** The Set-Cookie value carrying the session (renewed on every request: the idle clock restarts). */
  cookie(session: Session): string {
    return this.cookieWith(this.encode(session), Math.floor(this.policy.absoluteMs / 1000));
  }

  /** The Set-Cookie value that signs the browser out. */
  clearCookie(): string {
    return this.cookieWith('', 0);
  }

  private cookieWith(value: string, maxAgeSeconds: number): string {
    return [
      `${this.cookieName}=${value}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${maxAgeSeconds}`,
      ...(this.policy.secureCookie ? ['Secure'] : []),
    ].join('; ');
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** How often, at most, a session's roles are checked again against the user pool (AWS): 5 minutes. */
export const ROLE_CHECK_MS = 5 * 60_000;

/** Checking a session's roles again (AWS): where the person's roles are now, and how often to ask. */
export interface RoleCheck {
  readonly roles: StaffRoles;
  /** A session's roles are checked again on its first request this long after they were last found right. */
  readonly everyMs: number;
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((role) => b.includes(role)) && b.every((role) => a.includes(role));

/**
 * Sessions as the web app uses them: the signed cookie (SessionCodec) and the server-side record of which
 * sessions are open (SessionStore). A cookie counts only while both agree: signed, in time, and its session
 * not ended by signing out or by an administrator. With a `RoleCheck` (AWS) the session's roles are also
 * checked against the user pool at most every `everyMs`: when the person's groups no longer give exactly
 * the session's roles, or the account is disabled or gone, every session of theirs is ended
 * (docs/web-app.md, "Signing in, sessions and roles"). Without one (locally) nothing is checked: an
 * administrator's change is played with `vf sessions end`.
 */
export class Sessions {
  constructor(
    readonly codec: SessionCodec,
    private readonly store: SessionStore,
    readonly roleCheck?: RoleCheck,
  ) {}

  get cookieName(): string {
    return this.codec.cookieName;
  }

  /** Signs a person in: a new session, recorded as open until the policy's absolute limit. */
  async begin(person: SignedInPerson, now: Date): Promise<Session> {
    const session = this.codec.start(person, now);
    await this.store.open({
      sessionId: session.sid,
      user: session.user,
      issuedAt: now,
      expiresAt: new Date(session.issuedAt + this.codec.policy.absoluteMs),
    });
    return session;
  }

  /**
   * The session a cookie's value carries, if it is signed, neither idle too long nor past its limit, still
   * open on the server and, where roles are checked, still carrying the person's roles; otherwise undefined
   * (signed out). Every request that trusts a session cookie reads it here. A session whose roles were
   * checked on this read comes back with `rolesCheckedAt` now: the cookie renewed from it carries that.
   */
  async readSession(cookieValue: string | undefined, now: Date): Promise<Session | undefined> {
    const session = this.codec.decode(cookieValue, now);
    if (!session) return undefined;
    if (!(await this.store.isOpen(session.user, session.sid, now))) return undefined;
    return this.roleCheck ? this.checkRoles(session, this.roleCheck, now) : session;
  }

  private async checkRoles(session: Session, check: RoleCheck, now: Date): Promise<Session | undefined> {
    const checkedAt = session.rolesCheckedAt ?? session.issuedAt;
    if (now.getTime() - checkedAt < check.everyMs) return session;
    if (session.username === undefined) {
      // A session begun before sessions kept the user name: it cannot be checked, so it signs in again.
      await this.store.end(session.user, session.sid);
      return undefined;
    }
    const current = await check.roles.currentRoles({ id: session.user, username: session.username });
    if (current === 'gone' || !sameRoles(current, session.roles)) {
      // Every browser of theirs: each signs in again and gets the roles they have now (or none).
      await this.store.endAllFor(session.user);
      return undefined;
    }
    return { ...session, rolesCheckedAt: now.getTime() };
  }

  /** The session in a request's cookies (a Cookie header's pairs, or an HTTP API event's `cookies`). */
  async fromCookies(
    cookies: Readonly<Record<string, string | undefined>> | readonly string[] | undefined,
    now: Date,
  ): Promise<Session | undefined> {
    const name = this.cookieName;
    const value = Array.isArray(cookies)
      ? cookies.find((pair) => pair.startsWith(`${name}=`))?.slice(name.length + 1)
      : (cookies as Readonly<Record<string, string | undefined>> | undefined)?.[name];
    return this.readSession(value, now);
  }

  /** Signs out: the session is ended on the server (every copy of its cookie with it). */
  async end(session: Pick<Session, 'user' | 'sid'>): Promise<void> {
    await this.store.end(session.user, session.sid);
  }

  /** Ends every session of the person (their roles changed): how many it ended. */
  endAllFor(user: string): Promise<number> {
    return this.store.endAllFor(user);
  }

  /** The Set-Cookie value carrying the session (renewed on every request: the idle clock restarts). */
  cookie(session: Session): string {
    return this.codec.cookie(session);
  }

  /** The Set-Cookie value that removes the session cookie from the browser. */
  clearCookie(): string {
    return this.codec.clearCookie();
  }
}

/** Whether a form's token is the session's (constant time). */
export function csrfMatches(session: Session, token: string | undefined): boolean {
  if (!token) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
