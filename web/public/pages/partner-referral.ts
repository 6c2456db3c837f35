import { partnerReferralFromJson } from '../../../shared/domain/intake/partner-referral.ts';
import type { PublicDeps, ReferralPagesDeps } from '../deps.ts';
import type { Answers, Field, Question } from '../questions.ts';
import { referralFormRoutes } from '../referral-form.ts';
import {
  addressFields,
  answerFieldOf,
  areaField,
  checkEmail,
  checkName,
  checkPhone,
  communicationNeedsField,
  contactMethodField,
  dateOfBirthField,
  nameFields,
  offenceField,
  safeContactField,
  victimBody,
  whatHappenedField,
} from '../referral-questions.ts';
import type { PublicRoute } from '../routes.ts';

const ORGANISATION_LINE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}' .,’/&()#-]*$/u;
const checkLine = (what: string) => (value: string) =>
  value.length > 120
    ? `${what} must be 120 characters or fewer`
    : ORGANISATION_LINE.test(value)
      ? undefined
      : `${what} must only include letters, numbers, spaces and , . / & ( ) # ' -`;

const referrerFields: Field[] = [
  {
    kind: 'text',
    name: 'organisation',
    label: 'Organisation',
    autocomplete: 'organization',
    missing: 'Enter the name of your organisation',
    check: checkLine('Organisation'),
  },
  {
    kind: 'text',
    name: 'referrerName',
    label: 'Your full name',
    autocomplete: 'name',
    spellcheck: false,
    width: 30,
    missing: 'Enter your full name',
    check: checkName('Your full name'),
  },
  {
    kind: 'text',
    name: 'referrerRole',
    label: 'Your role',
    hint: 'For example, support worker or housing officer.',
    autocomplete: 'organization-title',
    width: 30,
    missing: 'Enter your role',
    check: checkLine('Your role'),
  },
  {
    kind: 'text',
    name: 'referrerPhone',
    label: 'Your phone number',
    inputType: 'tel',
    autocomplete: 'tel',
    width: 20,
    missing: 'Enter your phone number',
    check: checkPhone('Your phone number'),
  },
  {
    kind: 'text',
    name: 'referrerEmail',
    label: 'Your work email address',
    inputType: 'email',
    autocomplete: 'email',
    spellcheck: false,
    width: 30,
    missing: 'Enter your work email address',
    check: checkEmail('Your work email address'),
  },
];

/** The partner referral form's questions, a page each, in order. */
const PARTNER_QUESTIONS: readonly Question[] = [
  { slug: 'your-details', title: 'Your details', fields: () => referrerFields },
  {
    slug: 'consent',
    title: 'Has the person agreed to be referred to Victim First?',
    fields: (): Field[] => [
      {
        kind: 'radios',
        name: 'consent',
        key: 'Person agreed',
        label: 'Has the person agreed to be referred to Victim First?',
        hint: 'You must ask them first. We will contact them to offer support.',
        missing: 'Select yes if the person has agreed to be referred',
        choices: [
          { value: 'yes', text: 'Yes, they have agreed' },
          { value: 'no', text: 'No, or I have not asked them' },
        ],
        check: (value) =>
          value === 'yes'
            ? undefined
            : 'You can only refer someone who has agreed. Ask them first, or give them our phone number so they can contact us themselves',
      },
    ],
  },
  { slug: 'name', title: 'What is their name?', fields: () => nameFields('their') },
  { slug: 'date-of-birth', title: 'What is their date of birth?', fields: () => [dateOfBirthField('their')] },
  { slug: 'contact', title: 'How should we contact them?', fields: () => [contactMethodField('them')] },
  {
    slug: 'address',
    title: 'What is their address?',
    asked: (answers) => answers.contactMethod === 'post',
    fields: () => addressFields('required'),
  },
  {
    slug: 'safe-contact',
    title: 'Are there any ways it is not safe to contact them?',
    fields: () => [safeContactField('them')],
  },
  {
    slug: 'communication-needs',
    title: 'Do they need any help to communicate?',
    fields: () => [communicationNeedsField('them')],
  },
  {
    slug: 'crime-type',
    title: 'Which of these is closest to what happened?',
    fields: () => [offenceField('them')],
  },
  {
    slug: 'risk',
    title: 'How would you describe the risk to them?',
    fields: (): Field[] => [
      {
        kind: 'radios',
        name: 'risk',
        key: 'Risk',
        label: 'How would you describe the risk to them?',
        hint: 'Use your organisation’s assessment if you have one.',
        missing: 'Select the risk to them',
        choices: [
          { value: 'standard', text: 'Standard' },
          { value: 'medium', text: 'Medium' },
          { value: 'high', text: 'High', hint: 'We will try to contact them within 24 hours.' },
        ],
      },
    ],
  },
  { slug: 'area', title: 'Where do they live?', fields: () => [areaField('them')] },
  { slug: 'what-happened', title: 'What happened? (optional)', fields: () => [whatHappenedField('them')] },
];

const PAGE_OF: Readonly<Record<string, string>> = {
  organisation: 'your-details',
  referrerName: 'your-details',
  referrerRole: 'your-details',
  referrerPhone: 'your-details',
  referrerEmail: 'your-details',
  consent: 'consent',
  forename: 'name',
  surname: 'name',
  dateOfBirth: 'date-of-birth',
  contactMethod: 'contact',
  callMobile: 'contact',
  homePhone: 'contact',
  textMobile: 'contact',
  email: 'contact',
  line1: 'address',
  town: 'address',
  postcode: 'address',
  unsafeChannels: 'safe-contact',
  communicationNeeds: 'communication-needs',
  offence: 'crime-type',
  risk: 'risk',
  npa: 'area',
  summary: 'what-happened',
};

/** A partner JSON field (`victim.phones.mobile`, `referrer.email`) as the form's answer it came from. */
function answerOf(field: string, answers: Answers): string {
  if (field.startsWith('referrer.'))
    return (
      {
        organisation: 'organisation',
        name: 'referrerName',
        role: 'referrerRole',
        phone: 'referrerPhone',
        email: 'referrerEmail',
      }[field.slice('referrer.'.length)] ?? 'organisation'
    );
  return answerFieldOf(field.startsWith('victim.') ? field.slice('victim.'.length) : field, answers);
}

/** The answers as the partner JSON `POST /referrals/partner` takes, the draft's id its reference. */
function partnerBody(submissionId: string, asked: Answers) {
  const victim = victimBody(asked);
  const text = (name: string) => (typeof asked[name] === 'string' ? (asked[name] as string) : undefined);
  return {
    reference: submissionId,
    referrer: {
      organisation: text('organisation'),
      name: text('referrerName'),
      role: text('referrerRole'),
      phone: text('referrerPhone'),
      email: text('referrerEmail'),
    },
    victim: {
      forename: victim.forename,
      surname: victim.surname,
      ...(victim.dateOfBirth ? { dateOfBirth: victim.dateOfBirth } : {}),
      ...(victim.address ? { address: victim.address } : {}),
      ...(victim.phones ? { phones: victim.phones } : {}),
      ...(victim.email ? { email: victim.email } : {}),
    },
    contactMethod: victim.contactMethod,
    consent: asked.consent === 'yes',
    risk: text('risk'),
    offence: victim.offence,
    npa: victim.npa,
    unsafeChannels: victim.unsafeChannels,
    communicationNeeds: victim.communicationNeeds,
    ...(victim.whatHappened ? { summary: victim.whatHappened } : {}),
  };
}

/**
 * The partner referral form (docs/public-pages.md, "Partner referral"): the partner agency's details, the
 * person's agreement, then the victim's, a page per question, "Check your answers" and a confirmation. Sent
 * through the same code as `POST /referrals/partner` (partnerReferralFromJson, then ingestReferral), the
 * draft's id its reference: one case however often it is sent.
 */
export function createPartnerReferralPages(
  deps: PublicDeps & { readonly referrals: ReferralPagesDeps },
): PublicRoute[] {
  return referralFormRoutes(deps, {
    form: 'partner-referral',
    startTitle: 'Refer someone to Victim First',
    channel: 'partner-form',
    questions: PARTNER_QUESTIONS,
    sections: [
      { heading: 'Your details', slugs: ['your-details', 'consent'] },
      { heading: 'The person you are referring', slugs: ['name', 'date-of-birth', 'area'] },
      {
        heading: 'How to contact them',
        slugs: ['contact', 'address', 'safe-contact', 'communication-needs'],
      },
      { heading: 'What happened', slugs: ['crime-type', 'risk', 'what-happened'] },
    ],
    checkAnswers: {
      submitText: 'Send referral',
      declaration: {
        heading: 'Now send your referral',
        text: 'By sending this referral you confirm that the person has agreed to be referred and that the details are correct to the best of your knowledge.',
      },
    },
    parse: ({ submissionId, asked }, now) => partnerReferralFromJson(partnerBody(submissionId, asked), now),
    answerOf,
    pageOf: PAGE_OF,
  });
}
