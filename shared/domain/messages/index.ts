// The messages a victim receives: one import for the messaging function and its adapters. Their e-mail HTML
// and letter PDF are laid out in shared/rendering/messages.
export { formatDate, formatDateTime, formatTime } from './format.ts';
export { letterFormatFor } from './letter-format.ts';
export {
  type ContactAttempt,
  InvalidPersonalisationError,
  type PersonalisationInput,
  recipientFromReferral,
  validatePersonalisation,
} from './personalisation.ts';
export { isPrintableInLetter } from './printable.ts';
export {
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  type MessagePurpose,
  type PurposeOn,
  UnsupportedChannelError,
} from './purposes.ts';
export { SERVICE_CONTACT } from './service-contact.ts';
export { countSmsSegments, renderSms } from './sms.ts';
export { smsText, writtenContent } from './templates.ts';
