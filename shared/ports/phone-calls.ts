import type { MatchedCall } from '../domain/phone-call.ts';

/**
 * The 0800 line's matched calls (docs/data-model.md, "matched call"): written while a call rings, read when
 * its contact events say it ended.
 */
export interface PhoneCalls {
  /** Keeps the match; the same contact id again keeps the first (a retried invocation changes nothing). */
  recordMatch(call: MatchedCall): Promise<void>;
  /** The match kept for a contact id, or undefined (a caller whose number matched no case). */
  matchOf(contactId: string): Promise<MatchedCall | undefined>;
}
