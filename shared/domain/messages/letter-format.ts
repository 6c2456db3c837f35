import type { CommunicationNeed } from '../referral-codes.ts';

/** A letter is printed in normal or large print, chosen from the victim's communication needs. */
export type LetterFormat = 'standard' | 'large-print';

/** The letter format for a victim's communication needs: large print when they asked for it. */
export function letterFormatFor(needs: readonly CommunicationNeed[]): LetterFormat {
  return needs.includes('large-print') ? 'large-print' : 'standard';
}
