import * as postcodes from 'postcode';
import * as z from 'zod';
import { ADDRESS_LINE } from '../../shared/domain/person.ts';
import { InvalidPhoneNumberError, parsePhoneNumber } from '../../shared/domain/phone.ts';
import type { DraftAnswer } from '../../shared/ports/form-drafts.ts';
import type { Answers, Field } from './questions.ts';
import {
  AREA_WORDS,
  CONTACT_METHOD_WORDS,
  choicesOf,
  NEED_WORDS,
  OFFENCE_WORDS,
  TIME_WORDS,
  UNSAFE_WORDS,
} from './wording.ts';

/**
 * The fields a referral asks about the victim, as the public forms and the staff page draw them: each
 * checked as the referral model checks it (shared/domain/referral.ts), in GOV.UK's words.
 */

const NAME = /^\p{L}[\p{L}\p{M}' .’-]*$/u;
const EMAIL = z.email().max(254);

export const checkName =
  (what: string) =>
  (value: string): string | undefined =>
    value.length > 100
      ? `${what} must be 100 characters or fewer`
      : NAME.test(value)
        ? undefined
        : `${what} must only include letters a to z, hyphens, spaces and apostrophes`;

export const checkPhone =
  (what: string, mobile = false) =>
  (value: string): string | undefined => {
    try {
      const phone = parsePhoneNumber(value);
      return mobile && phone.kind !== 'mobile'
        ? `${what} must be a mobile number, like 07700 900 982`
        : undefined;
    } catch (error) {
      if (!(error instanceof InvalidPhoneNumberError)) throw error;
      return `Enter ${what.toLowerCase()} in the correct format, like 07700 900 982`;
    }
  };

export const checkEmail =
  (what: string) =>
  (value: string): string | undefined =>
    EMAIL.safeParse(value).success
      ? undefined
      : `Enter ${what.toLowerCase()} in the correct format, like name@example.org`;

const checkLine = (what: string) => (value: string) =>
  value.length > 120
    ? `${what} must be 120 characters or fewer`
    : ADDRESS_LINE.test(value)
      ? undefined
      : `${what} must only include letters, numbers, spaces and , . / & ( ) # ' -`;

const checkPostcode = (value: string) =>
  postcodes.isValid(value) ? undefined : 'Enter a real postcode, like LE1 1ZZ';

export const nameFields = (whose: 'your' | 'their'): Field[] => [
  {
    kind: 'text',
    name: 'forename',
    label: 'First name',
    autocomplete: whose === 'your' ? 'given-name' : 'off',
    spellcheck: false,
    width: 20,
    missing: `Enter ${whose} first name`,
    check: checkName('First name'),
  },
  {
    kind: 'text',
    name: 'surname',
    label: 'Last name',
    autocomplete: whose === 'your' ? 'family-name' : 'off',
    spellcheck: false,
    width: 20,
    missing: `Enter ${whose} last name`,
    check: checkName('Last name'),
  },
];

export const dateOfBirthField = (whose: 'your' | 'their'): Field => ({
  kind: 'date',
  name: 'dateOfBirth',
  label: 'Date of birth',
  hint: `For example, 27 3 1980. You can leave this blank if you do not want to give ${whose === 'your' ? 'it' : 'it or do not know it'}.`,
  optional: true,
  past: true,
  missing: `Enter ${whose} date of birth`,
});

/** How to contact the victim, each way revealing the number or address it needs. */
export const contactMethodField = (whose: 'you' | 'them'): Field => {
  const phone = (name: string, label: string, mobile: boolean): Field => ({
    kind: 'text',
    name,
    label,
    inputType: 'tel',
    autocomplete: whose === 'you' ? 'tel' : 'off',
    width: 20,
    missing: `Enter ${label.toLowerCase()}`,
    check: checkPhone(label, mobile),
  });
  return {
    kind: 'radios',
    name: 'contactMethod',
    key: 'Contact by',
    label: whose === 'you' ? 'How would you like us to contact you?' : 'How should we contact them?',
    hint: 'We will only use this to contact you about your support.'.replace(
      'you about your',
      whose === 'you' ? 'you about your' : 'them about their',
    ),
    missing:
      whose === 'you' ? 'Select how you would like us to contact you' : 'Select how we should contact them',
    choices: [
      {
        value: 'mobile-telephone',
        text: CONTACT_METHOD_WORDS['mobile-telephone'].replace('my', whose === 'you' ? 'my' : 'their'),
        reveals: [phone('callMobile', 'Mobile phone number', true)],
      },
      {
        value: 'home-telephone',
        text: CONTACT_METHOD_WORDS['home-telephone'].replace('my', whose === 'you' ? 'my' : 'their'),
        reveals: [phone('homePhone', 'Home phone number', false)],
      },
      {
        value: 'sms',
        text: CONTACT_METHOD_WORDS.sms,
        reveals: [phone('textMobile', 'Mobile number for texts', true)],
      },
      {
        value: 'email',
        text: CONTACT_METHOD_WORDS.email,
        reveals: [
          {
            kind: 'text',
            name: 'email',
            label: 'Email address',
            inputType: 'email',
            autocomplete: whose === 'you' ? 'email' : 'off',
            spellcheck: false,
            width: 30,
            missing: 'Enter an email address',
            check: checkEmail('Email address'),
          },
        ],
      },
      { value: 'post', text: CONTACT_METHOD_WORDS.post, hint: 'We will ask for the address next.' },
    ],
  };
};

export const contactTimesField = (whose: 'you' | 'them'): Field => ({
  kind: 'checkboxes',
  name: 'contactTimes',
  key: 'Best times',
  label: whose === 'you' ? 'When is the best time to contact you?' : 'When is the best time to contact them?',
  hint: 'We are open Monday to Saturday, 9am to 6pm, and until 8pm on Wednesdays. Select all that apply.',
  missing: 'Select when is best, or select “Any time”',
  choices: [
    ...choicesOf(TIME_WORDS),
    { value: 'any', text: 'Any time', exclusive: true, dividerBefore: true },
  ],
});

export const addressFields = (asked: 'required' | 'optional'): Field[] => {
  const optional = asked === 'optional' ? { optional: true as const } : {};
  return [
    {
      kind: 'text',
      name: 'line1',
      label: 'Address line 1',
      autocomplete: 'address-line1',
      missing: 'Enter address line 1, typically the building and street',
      check: checkLine('Address line 1'),
      ...optional,
    },
    {
      kind: 'text',
      name: 'line2',
      label: 'Address line 2 (optional)',
      autocomplete: 'address-line2',
      optional: true,
      missing: '',
      check: checkLine('Address line 2'),
    },
    {
      kind: 'text',
      name: 'town',
      label: 'Town or city',
      autocomplete: 'address-level2',
      width: 20,
      missing: 'Enter town or city',
      check: checkLine('Town or city'),
      ...optional,
    },
    {
      kind: 'text',
      name: 'postcode',
      label: 'Postcode',
      autocomplete: 'postal-code',
      width: 10,
      spellcheck: false,
      missing: 'Enter postcode',
      check: checkPostcode,
      ...optional,
    },
  ];
};

/** The ways a message could put the victim at risk, and the method chosen not among them. */
export const safeContactField = (whose: 'you' | 'them'): Field => ({
  kind: 'checkboxes',
  name: 'unsafeChannels',
  key: 'Not safe',
  label:
    whose === 'you'
      ? 'Are there any ways it is not safe for us to contact you?'
      : 'Are there any ways it is not safe to contact them?',
  hint: 'For example, if someone else might hear a voicemail or open a letter. Select all that apply.',
  missing: 'Select the ways that are not safe, or select “All of these are safe”',
  choices: [
    ...choicesOf(UNSAFE_WORDS),
    { value: 'none', text: 'All of these are safe', exclusive: true, dividerBefore: true },
  ],
  check: (value, answers) => {
    const unsafe = value.split(',');
    const method = answers.contactMethod;
    const clash =
      (method === 'sms' && unsafe.includes('sms')) ||
      (method === 'email' && unsafe.includes('email')) ||
      (method === 'post' && unsafe.includes('letter'));
    return clash
      ? `You chose “${CONTACT_METHOD_WORDS[method as 'sms' | 'email' | 'post']}” as the way to contact ${whose}. Untick it here, or go back and choose another way`
      : undefined;
  },
});

export const communicationNeedsField = (whose: 'you' | 'them'): Field => ({
  kind: 'checkboxes',
  name: 'communicationNeeds',
  key: 'Communication needs',
  label:
    whose === 'you'
      ? 'Do you need any help to communicate with us?'
      : 'Do they need any help to communicate?',
  hint: 'Select all that apply.',
  missing: 'Select the help needed, or select “No, none of these”',
  choices: [
    ...choicesOf(NEED_WORDS),
    { value: 'none', text: 'No, none of these', exclusive: true, dividerBefore: true },
  ],
});

export const whatHappenedField = (whose: 'you' | 'them'): Field => ({
  kind: 'textarea',
  name: 'whatHappened',
  key: 'What happened',
  label: 'What happened? (optional)',
  hint:
    whose === 'you'
      ? 'Tell us as much or as little as you want. You do not have to tell us anything now.'
      : 'A short summary of what happened and any risks we should know about.',
  optional: true,
  maxLength: 2000,
  missing: '',
});

export const offenceField = (whose: 'you' | 'them'): Field => ({
  kind: 'radios',
  name: 'offence',
  key: 'Closest to what happened',
  label: 'Which of these is closest to what happened?',
  hint:
    whose === 'you'
      ? 'Choose the closest. You can tell us more when we speak to you.'
      : 'Choose the closest category.',
  missing: 'Select what is closest to what happened',
  choices: choicesOf(OFFENCE_WORDS),
});

export const areaField = (whose: 'you' | 'them'): Field => ({
  kind: 'radios',
  name: 'npa',
  key: 'Area',
  label: whose === 'you' ? 'Where do you live?' : 'Where do they live?',
  hint: 'This helps us find the right team and local services.',
  missing: whose === 'you' ? 'Select where you live' : 'Select where they live',
  choices: choicesOf(AREA_WORDS),
});

const some = (answer: DraftAnswer | undefined): string[] =>
  (typeof answer === 'string' ? [answer] : [...(answer ?? [])]).filter((v) => v !== 'none' && v !== 'any');
const given = (answer: DraftAnswer | undefined): string | undefined =>
  typeof answer === 'string' && answer !== '' ? answer : undefined;

/**
 * The victim's answers as the self-referral form's body (shared/domain/intake/self-referral.ts), the same
 * the HTTP API takes at `POST /referrals/self`: the number or address the chosen way needs, the lists
 * without their "none".
 */
export function victimBody(answers: Answers): Record<string, unknown> {
  const method = given(answers.contactMethod);
  const mobile =
    method === 'sms'
      ? given(answers.textMobile)
      : method === 'mobile-telephone'
        ? given(answers.callMobile)
        : undefined;
  const home = method === 'home-telephone' ? given(answers.homePhone) : undefined;
  const line1 = given(answers.line1);
  const times = some(answers.contactTimes);
  return {
    forename: given(answers.forename),
    surname: given(answers.surname),
    ...(given(answers.dateOfBirth) ? { dateOfBirth: given(answers.dateOfBirth) } : {}),
    ...(line1
      ? {
          address: {
            line1,
            ...(given(answers.line2) ? { line2: given(answers.line2) } : {}),
            town: given(answers.town) ?? '',
            postcode: given(answers.postcode) ?? '',
          },
        }
      : {}),
    ...(mobile || home ? { phones: { ...(mobile ? { mobile } : {}), ...(home ? { home } : {}) } } : {}),
    ...(method === 'email' && given(answers.email) ? { email: given(answers.email) } : {}),
    contactMethod: method,
    ...(times.length > 0 ? { contactTimes: times } : {}),
    unsafeChannels: some(answers.unsafeChannels),
    communicationNeeds: some(answers.communicationNeeds),
    ...(given(answers.whatHappened) ? { whatHappened: given(answers.whatHappened) } : {}),
    offence: given(answers.offence),
    npa: given(answers.npa),
  };
}

/** Which field (and so which page) a model's error names: `phones.mobile` is the number given for the method. */
export function answerFieldOf(field: string, answers: Answers): string {
  if (field === 'phones.mobile') return answers.contactMethod === 'sms' ? 'textMobile' : 'callMobile';
  if (field === 'phones.home') return 'homePhone';
  if (field === 'address') return 'line1';
  if (field.startsWith('address.')) return field.slice('address.'.length);
  return field;
}
