/**
 * The per-recipient limit on messages to self-referrals (docs/messages.md, "Self-referrals"). The self-referral
 * form is public: without a limit anyone could make the service text a number or e-mail an address as often
 * as they post the form. A recipient — a mobile number, an e-mail address, a postal address — is sent the
 * messages of at most one self-referral case a day (Europe/London).
 */

/** One message asking for a recipient's allowance of the day. */
export interface RecipientAllowance {
  /** `recipientDayKey(channel, address, day)`: a hash, never the number or address itself. */
  readonly recipientDayKey: string;
  /** The case taking it (`<caseId>`): the same case's messages asking again are granted again. */
  readonly holder: string;
  /** When the record may be forgotten. */
  readonly expiresAt: Date;
}

export interface RecipientLimits {
  /**
   * Takes the recipient's message of the day for `holder`: `granted` when it was free or this holder
   * already has it (a retried step), `refused` when another message has it. One conditional write: two
   * messages asking at once, one is granted.
   */
  take(allowance: RecipientAllowance): Promise<'granted' | 'refused'>;
}
