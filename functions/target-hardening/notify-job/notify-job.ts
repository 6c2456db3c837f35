import { DateTime } from 'luxon';
import * as z from 'zod';
import { SERVICE_TIME_ZONE } from '../../../shared/domain/calendar.ts';
import type { MessageChannel } from '../../../shared/domain/messaging.ts';
import {
  MessageSendInProgressError,
  providerSideMessageId,
  SENDING_LEASE_MS,
} from '../../../shared/domain/messaging.ts';
import type { Job } from '../../../shared/domain/target-hardening-jobs.ts';
import type { MessageStore } from '../../../shared/ports/message-store.ts';
import type { Messenger } from '../../../shared/ports/messenger.ts';
import type { ThReferralStore } from '../../../shared/ports/target-hardening.ts';
import { escapeHtml } from '../../../shared/rendering/messages/email.ts';
import { InvalidStepInputError, stepInput } from '../../contact/contact-deps.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { type JobDeps, JobIdSchema, jobNamed } from '../job-deps.ts';

/** Who target-hardening alerts go to (configuration, not data: a team inbox and the contractor's duty phone). */
export interface JobContacts {
  readonly contractorEmail: string;
  /** E.164. */
  readonly contractorMobile: string;
  readonly teamLeaderEmail: string;
  /** The contractor portal's address, for links in alerts. */
  readonly portalUrl: string;
}

export const NOTICE_PURPOSES = ['emergency-alert', 'at-risk', 'items-withheld', 'additional-needs'] as const;
type NoticePurpose = (typeof NOTICE_PURPOSES)[number];

const Input = z.object({ jobId: JobIdSchema, purpose: z.enum(NOTICE_PURPOSES) });

export interface NotifyJobDeps extends JobDeps {
  /** The job's referral, for what the referrer is told. */
  readonly referrals: Pick<ThReferralStore, 'getReferral'>;
  readonly messages: MessageStore;
  readonly messenger: Pick<Messenger, 'sendEmail' | 'sendSms'>;
  readonly contacts: JobContacts;
}

interface Notice {
  readonly channel: Extract<MessageChannel, 'email' | 'sms'>;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

const when = (at: Date) =>
  DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE })
    .toFormat("h:mma 'on' cccc d LLLL yyyy")
    .replace('AM', 'am')
    .replace('PM', 'pm');

/**
 * What each notice says and to whom. Alerts carry the job's reference, its deadline and a link: never the
 * victim's name or address, which the contractor reads in the portal. Needs found at a visit go back to the
 * referrer only with the victim's consent.
 */
async function noticesFor(purpose: NoticePurpose, job: Job, deps: NotifyJobDeps): Promise<Notice[]> {
  const link = `${deps.contacts.portalUrl.replace(/\/$/, '')}/jobs/${job.jobId}`;
  switch (purpose) {
    case 'emergency-alert': {
      const text = `Emergency target-hardening job ${job.jobId}: attend by ${when(job.attendBy)}. Details: ${link}`;
      return [
        { channel: 'sms', to: deps.contacts.contractorMobile, subject: '', text },
        {
          channel: 'email',
          to: deps.contacts.contractorEmail,
          subject: `Emergency job ${job.jobId}: attend by ${when(job.attendBy)}`,
          text: `${text}\n\nRecord the visit in the portal when you have attended.`,
        },
      ];
    }
    case 'at-risk':
      return [
        {
          channel: 'email',
          to: deps.contacts.teamLeaderEmail,
          subject: `Target-hardening job ${job.jobId} at risk`,
          text: `Job ${job.jobId} (${job.kind}) has no ${job.kind === 'emergency' || job.booking ? 'visit' : 'booking'} recorded and must be attended by ${when(job.attendBy)}. ${link}`,
        },
        {
          channel: 'sms',
          to: deps.contacts.contractorMobile,
          subject: '',
          text: `Reminder: job ${job.jobId} must be attended by ${when(job.attendBy)}. ${link}`,
        },
      ];
    case 'items-withheld':
      return [
        {
          channel: 'email',
          to: deps.contacts.teamLeaderEmail,
          subject: `Target-hardening job ${job.jobId}: items needed beyond the price cap or budget`,
          text: `At the visit to job ${job.jobId} the contractor found the home needs more than the agreed price per property or the year's product budget allows. Please decide what else can be done. ${link}`,
        },
      ];
    case 'additional-needs': {
      if (!job.consentToFeedback)
        throw new InvalidStepInputError(`job ${job.jobId}: the victim did not consent to feedback`);
      const needs = job.visit?.visit.outcome === 'visited' ? job.visit.visit.additionalNeeds : undefined;
      if (!needs) throw new InvalidStepInputError(`job ${job.jobId} has no additional needs recorded`);
      const referral = await deps.referrals.getReferral(job.referralNumber);
      if (!referral) throw new InvalidStepInputError(`job ${job.jobId} has no referral`);
      return [
        {
          channel: 'email',
          to: referral.details.referrer.email,
          subject: `Target hardening for your referral ${referral.details.reference}: further needs`,
          text: `The contractor visited for your referral ${referral.details.reference} (job ${job.jobId}) on ${when(job.visit?.visitedAt ?? job.createdAt)}. With the victim's consent, they noted these further needs:\n\n${needs}`,
        },
      ];
    }
  }
}

/**
 * Target-hardening notices: the contractor alerted to an emergency job by text and e-mail, a team leader to
 * a job at risk or to needs beyond the budget, a referrer to needs found at a visit. Each message is sent once
 * per job and purpose however often the step runs, and is listed in the outbox under the job's reference.
 */
export function createNotifyJob(deps: NotifyJobDeps) {
  return lambdaHandler(async (payload: unknown): Promise<{ sent: number }> => {
    const input = stepInput(Input, payload);
    const job = await jobNamed(deps.jobs, input.jobId);
    const notices = await noticesFor(input.purpose, job, deps);
    const now = deps.clock.now();
    let sent = 0;
    for (const notice of notices) {
      const messageId = `message.th-${input.purpose}-${notice.channel}.1`;
      const claim = await deps.messages.claimSending(job.jobId, messageId, now, SENDING_LEASE_MS);
      if (claim === 'sent') continue;
      if (claim === 'in-progress')
        throw new MessageSendInProgressError(`${messageId} of job ${job.jobId} is being sent by another run`);
      const ids = {
        messageId: providerSideMessageId(job.jobId, messageId),
        caseId: job.jobId,
        purpose: `th-${input.purpose}`,
        unsafeChannels: [],
      };
      const result =
        notice.channel === 'sms'
          ? await deps.messenger.sendSms({ ...ids, to: notice.to, text: notice.text })
          : await deps.messenger.sendEmail({
              ...ids,
              to: notice.to,
              subject: notice.subject,
              text: `${notice.text}\n`,
              html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(notice.subject)}</title></head><body><p style="font-family: Arial, sans-serif; font-size: 19px;">${escapeHtml(notice.text).replaceAll('\n', '<br>')}</p></body></html>`,
            });
      await deps.messages.recordSent({
        caseId: job.jobId,
        messageId,
        channel: notice.channel,
        purpose: `th-${input.purpose}`,
        sentAt: now,
        ...result,
      });
      sent += 1;
    }
    logger.info('job notices sent', { jobId: job.jobId, purpose: input.purpose, sent });
    return { sent };
  });
}
