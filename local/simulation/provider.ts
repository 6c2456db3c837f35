import { caseMessageIdOf, type MessageRecord } from '../../shared/domain/messaging.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { Messenger } from '../../shared/ports/messenger.ts';
import type { DeliveryMark } from '../lambda-events.ts';
import { keyedRandom } from './keyed-random.ts';

/** How long after sending each provider reports, and how often a message does not arrive. */
export const PROVIDER_BEHAVIOUR = {
  email: { reportAfterMinutes: 5, undeliveredShare: 0.04 },
  sms: { reportAfterMinutes: 2, undeliveredShare: 0.03 },
} as const;

/** A delivery report the simulated provider owes: when, about which message, and what it will say. */
export interface DueReport {
  readonly at: number;
  readonly message: MessageRecord;
  readonly mark: DeliveryMark;
}

/**
 * SES and End User Messaging as the simulation plays them: every e-mail and text the local messenger sends
 * is reported a few minutes later — delivered, or for a few (drawn from the seed, keyed on the message id)
 * bounced or failed — through the same delivery-status function their events invoke, so the paths that
 * follow a bounce run too. Letters have no reports.
 */
export class SimulatedProvider {
  private due: DueReport[] = [];

  constructor(private readonly seed: number) {}

  /** The report the provider owes for an e-mail or text sent at `sentAt`: when, and what it will say. */
  reportFor(message: Omit<MessageRecord, 'status'> & { channel: 'email' | 'sms' }): DueReport {
    const behaviour = PROVIDER_BEHAVIOUR[message.channel];
    const undelivered =
      keyedRandom(this.seed, `delivery|${message.caseId}|${message.messageId}`).next() <
      behaviour.undeliveredShare;
    return {
      at: message.sentAt.getTime() + behaviour.reportAfterMinutes * 60_000,
      mark: undelivered ? 'bounced' : 'delivered',
      message: { ...message, status: 'sent' },
    };
  }

  /**
   * Notes a report owed, once per message: a resumed run gives back the reports its predecessor owed and
   * those of messages it sent just before it was stopped, and may meet a message on both lists.
   */
  owe(report: DueReport): void {
    const same = (other: DueReport) =>
      other.message.caseId === report.message.caseId && other.message.messageId === report.message.messageId;
    if (!this.due.some(same)) this.due.push(report);
  }

  /** The reports owed, to be kept with a run's state. */
  owed(): readonly DueReport[] {
    return this.due;
  }

  /** The local messenger with each e-mail and text noted for its report. */
  wrap(messenger: Messenger, clock: Clock): Messenger {
    const note = (
      channel: 'email' | 'sms',
      ids: { caseId: string; messageId: string; purpose: string },
      providerMessageId: string,
    ) => {
      this.owe(
        this.reportFor({
          caseId: ids.caseId,
          messageId: caseMessageIdOf(ids.caseId, ids.messageId),
          channel,
          purpose: ids.purpose,
          sentAt: clock.now(),
          providerMessageId,
        }),
      );
    };
    return {
      sendEmail: async (email) => {
        const sent = await messenger.sendEmail(email);
        note('email', email, sent.providerMessageId);
        return sent;
      },
      sendSms: async (sms) => {
        const sent = await messenger.sendSms(sms);
        note('sms', sms, sent.providerMessageId);
        return sent;
      },
      sendLetter: (letter) => messenger.sendLetter(letter),
      isLetterStored: (postedOn, messageId) => messenger.isLetterStored(postedOn, messageId),
    };
  }

  /** When the next report is due, if any is owed. */
  nextReport(): number | undefined {
    return this.due.length === 0 ? undefined : Math.min(...this.due.map((report) => report.at));
  }

  /** The reports due by `moment`, in a stable order (time, case, message), taken off the list. */
  takeDue(moment: number): DueReport[] {
    const due = this.due.filter((report) => report.at <= moment);
    this.due = this.due.filter((report) => report.at > moment);
    return due.sort(
      (a, b) =>
        a.at - b.at ||
        a.message.caseId.localeCompare(b.message.caseId) ||
        a.message.messageId.localeCompare(b.message.messageId),
    );
  }
}
