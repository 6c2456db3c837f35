import type { OpenedSession, SessionStore } from '../../ports/session-store.ts';

/**
 * The session store in memory: the DynamoDB store's twin, held to the same contract
 * (test/integration/session-store.test.ts). For a web app with no table behind it (unit tests); a
 * process's sessions end with the process.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Map<string, OpenedSession>>();

  async open(session: OpenedSession): Promise<void> {
    const mine = this.sessions.get(session.user) ?? new Map<string, OpenedSession>();
    mine.set(session.sessionId, { ...session });
    this.sessions.set(session.user, mine);
  }

  async isOpen(user: string, sessionId: string, now: Date): Promise<boolean> {
    const session = this.sessions.get(user)?.get(sessionId);
    return session !== undefined && now.getTime() < session.expiresAt.getTime();
  }

  async end(user: string, sessionId: string): Promise<void> {
    this.sessions.get(user)?.delete(sessionId);
  }

  async endAllFor(user: string): Promise<number> {
    const ended = this.sessions.get(user)?.size ?? 0;
    this.sessions.delete(user);
    return ended;
  }
}
