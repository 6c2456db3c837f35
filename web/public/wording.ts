import type { ContactMethod } from '../../shared/domain/contact-method.ts';
import type {
  COMMUNICATION_NEEDS,
  CONTACT_TIMES,
  NEIGHBOURHOOD_POLICING_AREAS,
  OffenceCategory,
  UnsafeChannel,
} from '../../shared/domain/referral-codes.ts';

/** The public forms' words for the service's codes: plain English, as a victim would say it. */

export const OFFENCE_WORDS: Readonly<Record<OffenceCategory, string>> = {
  'burglary-residential': 'Someone broke into my home',
  'burglary-business': 'Someone broke into my business or workplace',
  robbery: 'I was robbed (something taken by force or threat)',
  'violence-with-injury': 'I was attacked and hurt',
  'violence-without-injury': 'I was attacked or threatened, but not hurt',
  'sexual-offence': 'Sexual assault, rape or another sexual offence',
  'stalking-harassment': 'Stalking or harassment',
  'domestic-abuse': 'Domestic abuse',
  'hate-crime': 'Hate crime (because of who I am)',
  'criminal-damage': 'Damage to my home, car or belongings',
  arson: 'Arson (a fire started on purpose)',
  theft: 'Theft (something stolen without force)',
  'vehicle-crime': 'Theft of or from my vehicle',
  fraud: 'Fraud or a scam',
  'modern-slavery': 'Modern slavery or being forced to work',
  homicide: 'Someone close to me was killed',
  'asb-personal': 'Anti-social behaviour aimed at me or my family',
  'asb-nuisance': 'Anti-social behaviour causing a nuisance where I live',
  'asb-environmental': 'Anti-social behaviour such as litter, graffiti or fly-tipping',
};

export const AREA_WORDS: Readonly<Record<(typeof NEIGHBOURHOOD_POLICING_AREAS)[number], string>> = {
  'leicester-city-centre': 'Leicester city centre',
  'leicester-east': 'East Leicester',
  'leicester-west': 'West Leicester',
  'leicester-south': 'South Leicester',
  blaby: 'Blaby',
  charnwood: 'Charnwood (including Loughborough)',
  harborough: 'Harborough (including Market Harborough and Lutterworth)',
  'hinckley-and-bosworth': 'Hinckley and Bosworth',
  melton: 'Melton',
  'north-west-leicestershire': 'North West Leicestershire (including Coalville)',
  'oadby-and-wigston': 'Oadby and Wigston',
  rutland: 'Rutland',
};

export const CONTACT_METHOD_WORDS: Readonly<Record<ContactMethod, string>> = {
  'mobile-telephone': 'Phone call to my mobile',
  'home-telephone': 'Phone call to my home phone',
  'work-telephone': 'Phone call to my work phone',
  sms: 'Text message',
  email: 'Email',
  post: 'Letter',
  'in-person': 'In person',
};

export const UNSAFE_WORDS: Readonly<Record<UnsafeChannel, string>> = {
  voicemail: 'Do not leave a voicemail',
  letter: 'Do not send letters',
  sms: 'Do not send text messages',
  email: 'Do not send emails',
};

export const NEED_WORDS: Readonly<Record<(typeof COMMUNICATION_NEEDS)[number], string>> = {
  'large-print': 'Large print',
  'easy-read': 'Easy read',
  interpreter: 'An interpreter',
  'british-sign-language': 'British Sign Language (BSL)',
};

export const TIME_WORDS: Readonly<Record<(typeof CONTACT_TIMES)[number], string>> = {
  morning: 'Morning (9am to 12 noon)',
  afternoon: 'Afternoon (12 noon to 5pm)',
  evening: 'Evening (5pm to 8pm, Wednesdays only)',
};

/** A code list's choices for a set of radios or checkboxes. */
export const choicesOf = <K extends string>(words: Readonly<Record<K, string>>) =>
  (Object.entries(words) as [K, string][]).map(([value, text]) => ({ value, text }));
