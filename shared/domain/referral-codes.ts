/**
 * The codes a referral is written in: sources, risk, categories, areas, needs and the equality answers.
 * Plain lists with no validation, so a reader of stored referrals (a report, a message) needs nothing else;
 * referral.ts validates referrals against them.
 */

/** Where a referral came from (docs/intake-formats.md). */
export const REFERRAL_SOURCES = ['police', 'partner', 'sentinel-asb', 'self'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

/** Risk from the police (or partner) assessment. */
export const RISK_LEVELS = ['standard', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Victims' Code enhanced-rights categories (docs/service-rules.md, rule 4). */
export const ENHANCED_CATEGORIES = [
  'serious-crime',
  'persistently-targeted',
  'vulnerable-or-intimidated',
] as const;

/** Channels a referral can mark unsafe (docs/service-rules.md, rule 5). */
export const UNSAFE_CHANNELS = ['voicemail', 'letter', 'sms', 'email'] as const;
export type UnsafeChannel = (typeof UNSAFE_CHANNELS)[number];

/** Vulnerability factors recorded by the police or partner assessment. */
export const VULNERABILITY_FACTORS = [
  'disability',
  'mental-health',
  'learning-disability',
  'older-person',
  'language-barrier',
  'domestic-abuse',
  'hate-crime',
  'repeat-victimisation',
  'isolation',
  'substance-misuse',
  'children-in-household',
] as const;

/** Offence and anti-social behaviour categories the service records. */
export const OFFENCE_CATEGORIES = [
  'burglary-residential',
  'burglary-business',
  'robbery',
  'violence-with-injury',
  'violence-without-injury',
  'sexual-offence',
  'stalking-harassment',
  'domestic-abuse',
  'hate-crime',
  'criminal-damage',
  'arson',
  'theft',
  'vehicle-crime',
  'fraud',
  'modern-slavery',
  'homicide',
  'asb-personal',
  'asb-nuisance',
  'asb-environmental',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

/** Neighbourhood Policing Areas of Leicester, Leicestershire and Rutland. */
export const NEIGHBOURHOOD_POLICING_AREAS = [
  'leicester-city-centre',
  'leicester-east',
  'leicester-west',
  'leicester-south',
  'blaby',
  'charnwood',
  'harborough',
  'hinckley-and-bosworth',
  'melton',
  'north-west-leicestershire',
  'oadby-and-wigston',
  'rutland',
] as const;

/**
 * When a victim would rather be contacted, inside service hours: mornings (9am to 12 noon), afternoons (12
 * noon to 5pm), evenings (5pm to 8pm, Wednesdays). None given: any time.
 */
export const CONTACT_TIMES = ['morning', 'afternoon', 'evening'] as const;

/** Communication needs that change how the service writes or speaks to a victim. */
export const COMMUNICATION_NEEDS = [
  'large-print',
  'easy-read',
  'interpreter',
  'british-sign-language',
] as const;
export type CommunicationNeed = (typeof COMMUNICATION_NEEDS)[number];

const PREFER_NOT = 'prefer-not-to-say';

/** The nine protected characteristics (Equality Act 2010); every answer optional, age derived from the victim. */
export const EQUALITY_ANSWERS = {
  sex: ['female', 'male', PREFER_NOT],
  genderReassignment: ['yes', 'no', PREFER_NOT],
  disability: ['yes', 'no', PREFER_NOT],
  ethnicity: ['asian-or-asian-british', 'black-or-black-british', 'mixed', 'white', 'other', PREFER_NOT],
  religionOrBelief: [
    'no-religion',
    'christian',
    'buddhist',
    'hindu',
    'jewish',
    'muslim',
    'sikh',
    'other',
    PREFER_NOT,
  ],
  sexualOrientation: ['heterosexual', 'gay-or-lesbian', 'bisexual', 'other', PREFER_NOT],
  marriageOrCivilPartnership: ['married', 'civil-partnership', 'neither', PREFER_NOT],
  pregnancyOrMaternity: ['yes', 'no', PREFER_NOT],
} as const;

/**
 * The characteristics on which a victim may ask for a caseworker like them (the equality profile's
 * `caseworkerMatch`): allocation weighs a staff member who has recorded the same answer (docs/service-rules.md).
 */
export const EQUALITY_CHARACTERISTICS = Object.keys(EQUALITY_ANSWERS) as [
  keyof typeof EQUALITY_ANSWERS,
  ...(keyof typeof EQUALITY_ANSWERS)[],
];
export type EqualityCharacteristic = keyof typeof EQUALITY_ANSWERS;
