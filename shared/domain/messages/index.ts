// The messages a victim receives: one import for the messaging function and its adapters.
export { escapeHtml, type RenderedEmail, renderEmail } from './email.ts';
export { formatDate, formatDateTime, formatTime } from './format.ts';
export {
  LETTER_LAYOUT_MM,
  LETTER_TYPE_SIZES,
  type LetterFormat,
  LetterLayoutError,
  type LetterOptions,
  letterAddressLines,
  letterFormatFor,
  renderLetter,
} from './letter.ts';
export {
  type ContactAttempt,
  InvalidPersonalisationError,
  type NamedRecipient,
  PERSONALISATION_SCHEMAS,
  type Personalisation,
  type PersonalisationInput,
  type Recipient,
  recipientFromReferral,
  type SelfReferrer,
  validatePersonalisation,
} from './personalisation.ts';
export { isPrintableInLetter } from './printable.ts';
export {
  assertSentOn,
  isSentOn,
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  type MessagePurpose,
  type PurposeOn,
  UnsupportedChannelError,
} from './purposes.ts';
export { SERVICE_CONTACT, type ServiceContact } from './service-contact.ts';
export {
  countSmsSegments,
  MAX_SMS_SEGMENTS,
  type RenderedSms,
  renderSms,
  type SmsSegmentCount,
  SmsTooLongError,
} from './sms.ts';
export { addressee, type Block, smsText, type WrittenContent, writtenContent } from './templates.ts';
