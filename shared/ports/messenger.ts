/**
 * Victim messaging: e-mail (SES v2 in AWS), SMS (AWS End User Messaging) and printed letters (a PDF stored
 * for the print-and-post provider). Every message carries ids only besides its content: the ids travel
 * with the message to the provider and come back on its delivery events, so nothing else is needed to
 * find the message again (docs/service-rules.md: no personal data in tags, logs or errors).
 */

import type { DeliveryStatusUpdate } from '../domain/messaging.ts';
import type { UnsafeChannel } from '../domain/referral-codes.ts';

/** What every outgoing message carries besides its content: its ids and the referral's safety marks. */
interface Outgoing {
  /** Stable per case, purpose and attempt: the same message is never sent twice under two ids. */
  readonly messageId: string;
  readonly caseId: string;
  readonly purpose: string;
  /**
   * The channels the referral marks unsafe (docs/service-rules.md, rule 5). Every adapter refuses a message
   * on one of them before anything reaches a provider, whatever channel the caller asked for.
   */
  readonly unsafeChannels: readonly UnsafeChannel[];
}

export interface OutgoingEmail extends Outgoing {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface OutgoingSms extends Outgoing {
  /** E.164, e.g. `+447700900123`. */
  readonly to: string;
  readonly text: string;
}

export interface OutgoingLetter extends Outgoing {
  readonly pdf: Uint8Array;
  /** Printed in the large-print stream (the victim's communication needs). */
  readonly largePrint: boolean;
  /** The local date (YYYY-MM-DD, Europe/London) of the print run that posts it. */
  readonly postedOn: string;
}

export interface Messenger {
  sendEmail(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
  sendSms(sms: OutgoingSms): Promise<{ providerMessageId: string }>;
  /**
   * Stores the letter for the print-and-post provider and lists it in that day's manifest. Storing the same
   * message again keeps the first copy and answers with its location (no second letter).
   */
  sendLetter(letter: OutgoingLetter): Promise<{ location: string }>;
  /** Whether a letter is stored for a print run: an earlier attempt's copy, found before storing another. */
  isLetterStored(postedOn: string, messageId: string): Promise<boolean>;
}

/** The print-and-post manifest of one day: every letter stored for that day's print run. */
export interface PrintManifest {
  readonly date: string;
  readonly location: string;
  /** Letters listed in the manifest. */
  readonly letters: number;
  /** Objects under the day's prefix that are not letters this service stored (left out, by key). */
  readonly skipped: readonly string[];
}

export interface PrintManifests {
  /** Lists the letters stored for posting on `date` (YYYY-MM-DD) and writes that day's manifest. */
  buildPrintManifest(date: string): Promise<PrintManifest>;
}

export interface DeliveryStatusRecorder {
  /**
   * Records the update on its message: `duplicate` when this event was recorded before (events are
   * redelivered), `unknown-message` when no message of the service has that provider id.
   */
  recordDeliveryStatus(update: DeliveryStatusUpdate): Promise<'recorded' | 'duplicate' | 'unknown-message'>;
}
