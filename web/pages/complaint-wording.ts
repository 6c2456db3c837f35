import type {
  ComplaintAlert,
  ComplaintChannel,
  ComplaintService,
  ComplaintStatus,
  Finding,
  ReplyChannel,
} from '../../shared/domain/complaints.ts';
import { formatDate } from '../../shared/domain/messages/format.ts';

/** The complaint pages' words for the codes kept (docs/complaints.md). */
export const SERVICE_WORDS: Readonly<Record<ComplaintService, string>> = {
  'victim-first': 'Victim First support',
  'target-hardening': 'Home-security service',
};
export const CHANNEL_WORDS: Readonly<Record<ComplaintChannel, string>> = {
  'public-form': 'Website',
  phone: 'Phone',
  letter: 'Letter',
};
export const STATUS_WORDS: Readonly<Record<ComplaintStatus, string>> = {
  received: 'Not yet acknowledged',
  acknowledged: 'Being investigated',
  closed: 'Closed',
};
export const FINDING_WORDS: Readonly<Record<Finding, string>> = {
  upheld: 'Upheld',
  'partly-upheld': 'Partly upheld',
  'not-upheld': 'Not upheld',
};
export const ALERT_WORDS: Readonly<Record<ComplaintAlert, string>> = {
  'acknowledge-warning': 'Acknowledgement due soon',
  'acknowledge-breach': 'Acknowledgement deadline missed',
  'respond-warning': 'Response due soon',
  'respond-breach': 'Response deadline missed',
};
export const REPLY_WORDS: Readonly<Record<ReplyChannel, string>> = {
  email: 'By email',
  sms: 'By text message',
  none: 'No contact: they will phone us',
};

/** A deadline kept as the end of its day (the next midnight), as the day it falls on. */
export const lastDay = (deadline: Date): string => formatDate(new Date(deadline.getTime() - 1));
