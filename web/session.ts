import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from './people.ts';

/** A signed-in person's session, carried in a signed cookie (nothing about them is kept server-side). */
export interface Session {
  readonly user: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Their e-mail address when the sign-in gave one (a target-hardening referral is answered there). */
  readonly email?: string;
  /** The form token every POST must carry (synchroniser token). */
  readonly csrf: string;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  readonly seenAt: number;
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

export const SESSION_COOKIE = 'vf_session';

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/**
 * Signs and reads session cookies with HMAC-SHA256. A cookie that is forged, altered, expired or idle too
 * long reads as no session.
 */
export class SessionCodec {
  constructor(
    private readonly secret: Buffer,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {
    if (secret.length < 32) throw new Error('configuration: the session secret must be at least 32 bytes');
  }

  /** A new session for a person who has just signed in. */
  start(
    person: { id: string; name: string; roles: readonly Role[]; email?: string | undefined },
    now: Date,
  ): Session {
    return {
      user: person.id,
      name: person.name,
      roles: [...person.roles],
      ...(person.email ? { email: person.email } : {}),
      csrf: base64url(randomBytes(24)),
      issuedAt: now.getTime(),
      seenAt: now.getTime(),
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
      typeof session.user !== 'string' ||
      typeof session.csrf !== 'string' ||
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
      `${SESSION_COOKIE}=${value}`,
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

/** Whether a form's token is the session's (constant time). */
export function csrfMatches(session: Session, token: string | undefined): boolean {
  if (!token) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
