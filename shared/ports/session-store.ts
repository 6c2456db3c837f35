/**
 * The server-side record of the web app's sessions (docs/web-app.md, "Signing in, sessions and roles"). The
 * session cookie stays signed and carries who the person is; this record says whether the session it names
 * is still open, so that signing out, or an administrator ending a person's sessions when their roles
 * change, ends the cookie too, wherever a copy of it is.
 */
export interface OpenedSession {
  /** Random, unguessable; carried inside the signed cookie. */
  readonly sessionId: string;
  /** The person's id (the task queue's, the audit log's). */
  readonly user: string;
  readonly issuedAt: Date;
  /** The session ends at this instant whatever happens (the policy's absolute limit). */
  readonly expiresAt: Date;
}

export interface SessionStore {
  /** Records a session begun at sign-in. Recording the same session again changes nothing. */
  open(session: OpenedSession): Promise<void>;
  /** Whether the person's session is open at `now`: opened, not ended, not past its expiry. */
  isOpen(user: string, sessionId: string, now: Date): Promise<boolean>;
  /** Ends one session (signing out). Ending one already ended, or never opened, is no error. */
  end(user: string, sessionId: string): Promise<void>;
  /**
   * Ends every session of the person (their roles changed, or they left): each signed-in browser of theirs
   * is signed out on its next request and signs in again with the roles they have now. Answers how many
   * sessions it ended; running it again ends nothing more.
   */
  endAllFor(user: string): Promise<number>;
}
